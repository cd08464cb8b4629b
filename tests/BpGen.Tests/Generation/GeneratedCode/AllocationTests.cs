
namespace BpGen.Tests.GeneratedCode;

/// <summary>Forward, Backward, Update, TrainStep and the batched methods allocate nothing on the managed heap, on both code paths.</summary>
public class AllocationTests
{
    [Fact]
    public void Unrolled_network_allocates_nothing() => AssertNoAllocation(new TestNet(), TestNet.InputSize, TestNet.OutputSize);

    [Fact]
    public void Looped_network_allocates_nothing() => AssertNoAllocation(new DigitsNet(), DigitsNet.InputSize, DigitsNet.OutputSize);

    private static void AssertNoAllocation(INetwork<float> net, int inputSize, int outputSize)
    {
        var input = new float[inputSize];
        var output = new float[outputSize];
        var target = new float[outputSize];
        target[0] = 1;
        var gradient = new float[net.Parameters.Length];
        Assert.Equal(0, Allocations.InSteadyState(() => RunCalls(net, input, output, target, gradient, 10_000)));

        // 37 samples: whole vectors of them in lanes, and a few after them one at a time.
        var inputs = new float[37 * inputSize];
        var outputs = new float[37 * outputSize];
        var targets = new float[37 * outputSize];
        Assert.Equal(0, Allocations.InSteadyState(() =>
        {
            for (int i = 0; i < 1_000; i++)
            {
                net.ForwardBatch(inputs, outputs);
                net.BackwardBatch(inputs, targets, gradient);
            }
        }));
    }

    private static void RunCalls(INetwork<float> net, float[] input, float[] output, float[] target, float[] gradient, int count)
    {
        for (int i = 0; i < count; i++)
        {
            input[i % input.Length] = 0.001f * i;
            net.Forward(input, output);
            net.Backward(input, target, gradient);
            net.Update(gradient, 0.001f);
            net.TrainStep(input, target, 0.001f);
        }
    }
}
