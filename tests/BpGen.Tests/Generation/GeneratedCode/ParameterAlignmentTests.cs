using System.Runtime.InteropServices;

namespace BpGen.Tests.GeneratedCode;

/// <summary>
/// A network on the kernel path keeps θ from a 32-byte boundary on, whatever was allocated before it and
/// after a compacting collection, so its kernels' vector loads of weight rows never start mid-vector; a
/// small unrolled network keeps its plain array.
/// </summary>
public class ParameterAlignmentTests
{
    [Fact]
    public void Kernel_path_networks_keep_their_parameters_on_a_32_byte_boundary()
    {
        var kept = new List<object>();
        for (int shift = 0; shift < 8; shift++)
        {
            kept.Add(GC.AllocateArray<byte>(shift * 8, pinned: true)); // moves where the next pinned allocation lands
            kept.Add(new DigitsNet());
            kept.Add(new AlignedGru());
            kept.Add(new AlignedDoubleNet());
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        foreach (object network in kept)
        {
            switch (network)
            {
                case DigitsNet dense:
                    Assert.Equal(0, Misalignment(dense.Parameters));
                    Assert.Equal(DigitsNet.ParameterCount, dense.Parameters.Length);
                    break;
                case AlignedGru gru:
                    Assert.Equal(0, Misalignment(gru.Parameters));
                    Assert.Equal(AlignedGru.ParameterCount, gru.Parameters.Length);
                    break;
                case AlignedDoubleNet exact:
                    Assert.Equal(0, Misalignment(exact.Parameters));
                    Assert.Equal(AlignedDoubleNet.ParameterCount, exact.Parameters.Length);
                    break;
            }
        }
    }

    [Fact]
    public void Parameters_written_through_one_view_are_read_through_every_other()
    {
        var network = new AlignedGru();
        network.Parameters.Fill(0.25f);
        float[] input = new float[AlignedGru.InputSize], state = new float[AlignedGru.StateSize], output = new float[AlignedGru.OutputSize];
        input[0] = 1;
        network.Step(input, state, output);

        var copy = new AlignedGru();
        using var file = new MemoryStream();
        network.SaveParameters(file);
        file.Position = 0;
        copy.LoadParameters(file);
        float[] copyState = new float[AlignedGru.StateSize], copyOutput = new float[AlignedGru.OutputSize];
        copy.Step(input, copyState, copyOutput);
        Assert.Equal(network.Parameters.ToArray(), copy.Parameters.ToArray());
        Assert.Equal(output, copyOutput);
        Assert.All(copy.Parameters.ToArray(), value => Assert.Equal(0.25f, value));
    }

    private static long Misalignment<T>(Span<T> values)
        where T : unmanaged =>
        AlignedParameters<T>.AddressOf(ref MemoryMarshal.GetReference(values)) % 32;
}

[Network(8, 32, 10, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru })]
public partial class AlignedGru
{
}

[Network(20, 16, 3, Activation.Tanh, Loss.MeanSquaredError, UseDouble = true)]
public partial class AlignedDoubleNet
{
}
