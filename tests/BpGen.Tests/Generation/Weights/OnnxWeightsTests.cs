using System.Reflection;
using BpGen.Tests.Runtime;

namespace BpGen.Tests.Generation;

/// <summary>
/// Networks compiled from the PyTorch fixtures compute what PyTorch computed (expected.json): trainable
/// and frozen, unrolled (≤ 256 parameters) and looped, Gemm and MatMul+Add, with and without a final
/// softmax, with and without the input and output scaling the graph applies; and so do networks that
/// read the same files at run time with ImportOnnx.
/// </summary>
public class OnnxWeightsTests
{
    /// <summary>How each fixture is declared: the loss its output implies, and hidden activations when they differ.</summary>
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (bool frozen in new[] { false, true })
        {
            data.Add("testnet_2_3_2_sigmoid_softmax.onnx", "Activation.Sigmoid, Loss.SoftmaxCrossEntropy", frozen);
            data.Add("iris_4_8_3_tanh_opset9.onnx", "Activation.Tanh, Loss.SoftmaxCrossEntropy", frozen);
            data.Add("relu_16_32_32_4_softmax_opset17.onnx", "Activation.ReLU, Loss.SoftmaxCrossEntropy", frozen);
            data.Add("mixed_5_6_6_6_2_leaky_elu_softplus_opset13.onnx", "Activation.ReLU, Loss.MeanSquaredError, OutputActivation = Activation.Identity, HiddenActivations = new[] { Activation.LeakyReLU, Activation.ELU, Activation.Softplus }", frozen);
            data.Add("sigmoid_output_3_4_1_opset11.onnx", "Activation.Tanh, Loss.BinaryCrossEntropy", frozen);
            data.Add("matmul_add_4_5_3_relu_softmax.onnx", "Activation.ReLU, Loss.SoftmaxCrossEntropy", frozen);
            data.Add("scaled_input_sub_div_3_5_2.onnx", "Activation.Tanh, Loss.MeanSquaredError, OutputActivation = Activation.Identity", frozen);
            data.Add("scaled_input_sub_mul_4_6_3_softmax_opset11.onnx", "Activation.Sigmoid, Loss.SoftmaxCrossEntropy", frozen);
            data.Add("regression_scaled_3_8_2_opset17.onnx", "Activation.ReLU, Loss.MeanSquaredError, OutputActivation = Activation.Identity", frozen);
            data.Add("matmul_add_scaled_output_4_5_2.onnx", "Activation.Tanh, Loss.MeanSquaredError, OutputActivation = Activation.Identity", frozen);
            data.Add("float64_3_5_2_tanh_scaled_output.onnx", "Activation.Tanh, Loss.MeanSquaredError, OutputActivation = Activation.Identity", frozen);
            data.Add("float64_4_6_3_sigmoid_softmax_opset13.onnx", "Activation.Sigmoid, Loss.SoftmaxCrossEntropy", frozen);
        }

        return data;
    }

    /// <summary>Each fixture once, for the networks that read it at run time (a frozen class has no ImportOnnx).</summary>
    public static TheoryData<string, string> ImportCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Cases().Where(row => !(bool)row[2]))
        {
            data.Add((string)row[0], (string)row[1]);
        }

        return data;
    }

    /// <summary>
    /// A double network keeps the file's values: a float64 model's as stored, so it computes what
    /// PyTorch computed in float64 up to rounding in the last bits; a float32 model's exactly widened,
    /// so only as closely as PyTorch's float64 outputs from them are to float32 arithmetic.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_networks_match_PyTorch_to_the_files_precision(string file, string declaration, bool frozen)
    {
        ValidFixture fixture = OnnxFixtures.Fixture(file);
        object network = Compile(fixture, declaration, frozen, useDouble: true);
        AssertOutputs(fixture, declaration, (input, output) => Forward(network, input, output), DoubleTolerance(fixture));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_networks_match_PyTorch_within_float_rounding(string file, string declaration, bool frozen)
    {
        ValidFixture fixture = OnnxFixtures.Fixture(file);
        object network = Compile(fixture, declaration, frozen, useDouble: false);
        AssertOutputs(
            fixture,
            declaration,
            (input, output) =>
            {
                float[] single = new float[output.Length];
                Forward(network, Array.ConvertAll(input, x => (float)x), single);
                for (int i = 0; i < output.Length; i++)
                {
                    output[i] = single[i];
                }
            },
            1e-5);
    }

    /// <summary>The same files read at run time into a network declared without them.</summary>
    [Theory]
    [MemberData(nameof(ImportCases))]
    public void ImportOnnx_gives_the_compiled_in_network(string file, string declaration)
    {
        ValidFixture fixture = OnnxFixtures.Fixture(file);
        Assembly assembly = GeneratorRunner.CompileAndLoad($$"""
            using BpGen;
            namespace Models;
            [Network(new[] { {{string.Join(", ", fixture.Sizes)}} }, {{declaration}}, UseDouble = true)]
            public partial class Model { }
            """);
        var network = (INetwork<double>)Activator.CreateInstance(assembly.GetType("Models.Model", throwOnError: true)!)!;
        using (FileStream stream = File.OpenRead(WeightsFiles.FixturePath(file)))
        {
            network.ImportOnnx(stream);
        }

        var compiled = (INetwork<double>)Compile(fixture, declaration, frozen: false, useDouble: true);
        Assert.Equal(compiled.InputScaling, network.InputScaling);
        Assert.Equal(compiled.OutputScaling, network.OutputScaling);
        AssertOutputs(fixture, declaration, (input, output) => network.Forward(input, output), DoubleTolerance(fixture));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_parameters_are_the_state_dict(string file, string declaration, bool frozen)
    {
        ValidFixture fixture = OnnxFixtures.Fixture(file);
        object network = Compile(fixture, declaration, frozen, useDouble: false);
        float[] parameters = frozen ? FrozenParameters(network) : ((INetwork<float>)network).Parameters.ToArray();
        Assert.Equal(fixture.Parameters.Select(p => (float)p), parameters);
    }

    /// <summary>How close a double network's outputs are to PyTorch's float64 ones: 1e-12 from a float64 model, 1e-6 from a float32 one.</summary>
    private static double DoubleTolerance(ValidFixture fixture) => fixture.IsDouble ? 1e-12 : 1e-6;

    internal static object Compile(ValidFixture fixture, string declaration, bool frozen, bool useDouble)
    {
        string source = $$"""
            using BpGen;
            namespace Models;
            [Network(new[] { {{string.Join(", ", fixture.Sizes)}} }, {{declaration}}, Weights = "Fixtures/{{fixture.File}}"{{(frozen ? ", Frozen = true" : "")}}{{(useDouble ? ", UseDouble = true" : "")}})]
            public partial class Model { }
            """;
        Assembly assembly = WeightsFiles.CompileAndLoad(source, new DiskFile(WeightsFiles.FixturePath(fixture.File)));
        return Activator.CreateInstance(assembly.GetType("Models.Model", throwOnError: true)!)!;
    }

    /// <summary>Forward through reflection, for frozen classes, which implement no interface.</summary>
    internal static void Forward<T>(object network, T[] input, T[] output)
        where T : unmanaged
    {
        if (network is INetwork<T> trainable)
        {
            trainable.Forward(input, output);
            return;
        }

        var forward = (ForwardDelegate<T>)Delegate.CreateDelegate(typeof(ForwardDelegate<T>), network, network.GetType().GetMethod("Forward")!);
        forward(input, output);
    }

    internal delegate void ForwardDelegate<T>(ReadOnlySpan<T> input, Span<T> output);

    internal delegate ReadOnlySpan<float> ReadOnlySpanGetter();

    /// <summary>A frozen float network's read-only Parameters, copied.</summary>
    internal static float[] FrozenParameters(object network)
    {
        var getter = (ReadOnlySpanGetter)Delegate.CreateDelegate(typeof(ReadOnlySpanGetter), network, network.GetType().GetProperty("Parameters")!.GetMethod!);
        return getter().ToArray();
    }

    /// <summary>
    /// Compares with PyTorch's float64 outputs; where the file ends in logits but the network's loss is
    /// softmax cross-entropy, Forward gives probabilities, so PyTorch's logits go through softmax (in double) first.
    /// </summary>
    private static void AssertOutputs(ValidFixture fixture, string declaration, Action<double[], double[]> forward, double tolerance)
    {
        bool softmaxLogits = declaration.Contains("SoftmaxCrossEntropy", StringComparison.Ordinal) && !fixture.EndsWithSoftmax;
        for (int s = 0; s < fixture.Inputs.Length; s++)
        {
            double[] expected = softmaxLogits ? Softmax(fixture.Outputs[s]) : fixture.Outputs[s];
            double[] actual = new double[expected.Length];
            forward(fixture.Inputs[s], actual);
            for (int i = 0; i < expected.Length; i++)
            {
                double error = Math.Abs(actual[i] - expected[i]) / Math.Max(Math.Abs(expected[i]), 1e-3);
                Assert.True(error <= tolerance, $"{fixture.File} sample {s} output {i}: {actual[i]:R}, PyTorch {expected[i]:R} (relative error {error:E2})");
            }
        }
    }

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double[] e = z.Select(v => Math.Exp(v - max)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }
}
