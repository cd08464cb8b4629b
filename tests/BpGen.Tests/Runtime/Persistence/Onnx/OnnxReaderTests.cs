using BpGen.Onnx;

namespace BpGen.Tests.Runtime;

/// <summary>
/// The ONNX reader on PyTorch's own exports (Gemm and MatMul+Add, opsets 9 to 17): the topology,
/// exactly torch's parameters in BpGen's layout and its input and output scaling, and a forward pass
/// with them that gives torch's outputs.
/// </summary>
public class OnnxReaderTests
{
    [Theory]
    [MemberData(nameof(OnnxFixtures.ValidFiles), MemberType = typeof(OnnxFixtures))]
    public void Reads_the_topology_and_exactly_torchs_parameters(string file)
    {
        ValidFixture expected = OnnxFixtures.Fixture(file);

        NetworkDescription network = OnnxReader.Read(OnnxFixtures.Bytes(file));

        Assert.Equal(expected.Sizes, network.Sizes);
        Assert.Equal(expected.Activations, network.Activations.Select(a => a.ToString()));
        Assert.Equal(expected.EndsWithSoftmax, network.EndsWithSoftmax);
        Assert.Equal(expected.Opset, OnnxModel.Decode(OnnxFixtures.Bytes(file)).Opset);
        Assert.Equal(expected.Parameters, network.Parameters);
        AssertScaling(expected.InputScaling, network.InputScaling);
        AssertScaling(expected.OutputScaling, network.OutputScaling);
    }

    [Theory]
    [MemberData(nameof(OnnxFixtures.ValidFiles), MemberType = typeof(OnnxFixtures))]
    public void A_forward_pass_with_the_read_parameters_gives_torchs_outputs(string file)
    {
        ValidFixture expected = OnnxFixtures.Fixture(file);
        NetworkDescription network = OnnxReader.Read(OnnxFixtures.Bytes(file));

        for (int sample = 0; sample < expected.Inputs.Length; sample++)
        {
            double[] output = Forward(network, expected.Inputs[sample]);
            Assert.Equal(expected.Outputs[sample].Length, output.Length);
            for (int k = 0; k < output.Length; k++)
            {
                double want = expected.Outputs[sample][k];
                Assert.True(Math.Abs(output[k] - want) <= 1e-6 * Math.Abs(want) + 1e-12, $"{file}, sample {sample}, output {k}: {output[k]:R}, torch {want:R}");
            }
        }
    }

    [Fact]
    public void The_large_fixture_is_past_the_unroll_limit()
    {
        ValidFixture large = OnnxFixtures.Valid.Single(f => f.File.StartsWith("relu_16_32_32_4", StringComparison.Ordinal));
        Assert.True(large.Parameters.Length > 256, $"{large.Parameters.Length} parameters");
        Assert.StartsWith("1.13", OnnxFixtures.TorchVersion, StringComparison.Ordinal);
    }

    /// <summary>The same doubles, bit for bit: float32 values widen exactly, and 1/factor is computed as expected.json's was.</summary>
    private static void AssertScaling(ExpectedScaling? expected, FeatureScaling? found)
    {
        Assert.Equal(expected is null, found is null);
        if (expected is not null)
        {
            Assert.Equal(expected.Mean, found!.Mean);
            Assert.Equal(expected.Deviation, found.Deviation);
        }
    }

    /// <summary>
    /// (x − μ) / σ if the file scales its input; z^l = W^l·a^(l−1) + b^l, a^l = f(z^l), in double with
    /// plain loops; softmax at the end if the file has one; then a^L·σ + μ if it scales its output.
    /// </summary>
    private static double[] Forward(NetworkDescription network, double[] input)
    {
        FeatureScaling? inputScaling = network.InputScaling, outputScaling = network.OutputScaling;
        double[] a = inputScaling is null ? input : input.Select((x, j) => (x - inputScaling.Mean[j]) / inputScaling.Deviation[j]).ToArray();
        int offset = 0;
        for (int l = 1; l < network.Sizes.Length; l++)
        {
            int rows = network.Sizes[l], columns = network.Sizes[l - 1];
            var next = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                double z = network.Parameters[offset + (rows * columns) + i];
                for (int j = 0; j < columns; j++)
                {
                    z += network.Parameters[offset + (i * columns) + j] * a[j];
                }

                next[i] = Activate(network.Activations[l - 1], z);
            }

            offset += rows * (columns + 1);
            a = next;
        }

        if (network.EndsWithSoftmax)
        {
            double max = a.Max();
            double sum = a.Sum(z => Math.Exp(z - max));
            a = a.Select(z => Math.Exp(z - max) / sum).ToArray();
        }

        return outputScaling is null ? a : a.Select((y, k) => (y * outputScaling.Deviation[k]) + outputScaling.Mean[k]).ToArray();
    }

    private static double Activate(Activation activation, double z) => activation switch
    {
        Activation.Identity => z,
        Activation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        Activation.Tanh => Math.Tanh(z),
        Activation.ReLU => Math.Max(0, z),
        Activation.LeakyReLU => z >= 0 ? z : 0.01 * z,
        Activation.Softplus => Math.Log(1 + Math.Exp(z)),
        Activation.ELU => z >= 0 ? z : Math.Exp(z) - 1,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
