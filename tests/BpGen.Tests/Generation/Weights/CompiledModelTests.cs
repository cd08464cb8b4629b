using BpGen.Tests.Runtime;

namespace BpGen.Tests.Generation;

/// <summary>The networks this project's build compiled from ONNX files: right outputs, no allocation, restorable weights.</summary>
public class CompiledModelTests
{
    [Fact]
    public void A_real_build_compiles_the_binary_files_in()
    {
        ValidFixture small = OnnxFixtures.Fixture("testnet_2_3_2_sigmoid_softmax.onnx");
        Assert.Equal(small.Parameters.Select(p => (float)p), new FrozenTestNet().Parameters.ToArray());
        ValidFixture relu = OnnxFixtures.Fixture("relu_16_32_32_4_softmax_opset17.onnx");
        Assert.Equal(relu.Parameters.Select(p => (float)p), new FrozenReluNet().Parameters.ToArray());
        Assert.Equal(relu.Parameters.Select(p => (float)p), new ReluNetFromOnnx().Parameters.ToArray());
    }

    [Fact]
    public void Frozen_and_trainable_networks_of_one_file_compute_the_same_bits()
    {
        var frozen = new FrozenReluNet();
        var trainable = new ReluNetFromOnnx();
        var random = new Random(7);
        var input = new float[16];
        var expected = new float[4];
        var actual = new float[4];
        for (int s = 0; s < 20; s++)
        {
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (float)(random.NextDouble() * 4 - 2);
            }

            trainable.Forward(input, expected);
            frozen.Forward(input, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Frozen_ForwardBatch_computes_the_bits_of_the_trainable_one()
    {
        var random = new Random(8);
        float[] inputs = Enumerable.Range(0, 16 * 37).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var expected = new float[4 * 37];
        var actual = new float[4 * 37];
        new ReluNetFromOnnx().ForwardBatch(inputs, expected);
        new FrozenReluNet().ForwardBatch(inputs, actual);
        Assert.Equal(expected, actual);

        float[] small = Enumerable.Range(0, 2 * 5).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var batch = new float[2 * 5];
        var single = new float[2];
        new FrozenTestNet().ForwardBatch(small, batch);
        for (int s = 0; s < 5; s++)
        {
            new FrozenTestNet().Forward(small.AsSpan(2 * s, 2), single);
            Assert.Equal(single[0], batch[2 * s], 5);
            Assert.Equal(single[1], batch[2 * s + 1], 5);
        }
    }

    [Fact]
    public void InitializeParameters_randomizes_and_RestoreCompiledWeights_returns_to_the_file()
    {
        var network = new ReluNetFromOnnx();
        float[] compiled = network.Parameters.ToArray();
        network.InitializeParameters(3);
        Assert.NotEqual(compiled, network.Parameters.ToArray());
        network.RestoreCompiledWeights();
        Assert.Equal(compiled, network.Parameters.ToArray());
    }

    [Fact]
    public void Frozen_Forward_allocates_nothing()
    {
        var small = new FrozenTestNet();
        var large = new FrozenReluNet();
        float[] smallInput = { 0.5f, -1f }, smallOutput = new float[2];
        float[] largeInput = new float[16], largeOutput = new float[4];
        long allocated = Allocations.InSteadyState(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                largeInput[i % 16] = 0.001f * i;
                small.Forward(smallInput, smallOutput);
                large.Forward(largeInput, largeOutput);
                _ = large.Parameters[i % FrozenReluNet.ParameterCount];
            }
        });

        Assert.Equal(0, allocated);
    }
}
