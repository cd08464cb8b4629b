using BpGen.Tests.Infrastructure;

namespace BpGen.Tests.GeneratedCode;

/// <summary>
/// Where <c>Vector&lt;T&gt;</c> is not hardware-accelerated (Mono, IL2CPP), the batched methods of an
/// unrolled network run every sample through the one-sample code: forced here through the one switch
/// the runtime decides it by, they give exactly Forward and Backward, sample by sample.
/// </summary>
[Collection(VectorLanesSwitch.Name)]
public class VectorLanesFallbackTests
{
    [Fact]
    public void Without_vector_lanes_the_batched_methods_give_exactly_the_one_sample_methods()
    {
        Assert.Equal(System.Numerics.Vector.IsHardwareAccelerated ? 16 : 0, Kernels.SamplesInVectorLanes(21, 8));
        VectorLanesSwitch.Run(vectorLanes: false, () =>
        {
            Assert.Equal(0, Kernels.SamplesInVectorLanes(21, 8));
            AssertOneSampleResults(new TestNet(), TestNet.InputSize, TestNet.OutputSize);
        });
    }

    private static void AssertOneSampleResults(INetwork<float> network, int inputSize, int outputSize)
    {
        const int Count = 21;
        network.InitializeParameters(3);
        var random = new SeededRandom(4);
        float[] inputs = Enumerable.Range(0, Count * inputSize).Select(_ => (float)random.NextUniform(2)).ToArray();
        float[] targets = Enumerable.Range(0, Count * outputSize).Select(k => k % outputSize == 0 ? 1f : 0f).ToArray();

        var batched = new float[Count * outputSize];
        network.ForwardBatch(inputs, batched);
        var batchedGradient = new float[network.ParameterCount];
        float batchedLoss = network.BackwardBatch(inputs, targets, batchedGradient);

        var one = new float[Count * outputSize];
        var gradient = new float[network.ParameterCount];
        float loss = 0;
        for (int s = 0; s < Count; s++)
        {
            network.Forward(inputs.AsSpan(s * inputSize, inputSize), one.AsSpan(s * outputSize, outputSize));
            loss += network.Backward(inputs.AsSpan(s * inputSize, inputSize), targets.AsSpan(s * outputSize, outputSize), gradient);
        }

        Assert.Equal(one, batched);
        Assert.Equal(gradient, batchedGradient);
        Assert.Equal(loss, batchedLoss);
    }
}
