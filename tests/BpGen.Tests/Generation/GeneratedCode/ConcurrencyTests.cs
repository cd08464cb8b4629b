
namespace BpGen.Tests.GeneratedCode;

/// <summary>Scratch lives on the stack, so one instance serves many threads at once.</summary>
public class ConcurrencyTests
{
    private const int Samples = 2_000;

    [Fact]
    public void Concurrent_forward_calls_equal_sequential_ones_unrolled() => AssertConcurrentEqualsSequential(new TestNet(), TestNet.InputSize, TestNet.OutputSize);

    [Fact]
    public void Concurrent_forward_calls_equal_sequential_ones_looped() => AssertConcurrentEqualsSequential(new DigitsNet(), DigitsNet.InputSize, DigitsNet.OutputSize);

    [Fact]
    public void Concurrent_backward_calls_with_separate_gradients_equal_sequential_ones()
    {
        var net = new DigitsNet();
        var random = new SeededRandom(4);
        float[][] inputs = Enumerable.Range(0, 64).Select(_ => Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var target = new float[10];
        target[3] = 1;
        float[][] sequential = inputs.Select(x => Gradient(net, x, target)).ToArray();

        float[][] concurrent = new float[inputs.Length][];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, s => concurrent[s] = Gradient(net, inputs[s], target));

        Assert.Equal(sequential, concurrent);
    }

    private static float[] Gradient(DigitsNet net, float[] input, float[] target)
    {
        var gradient = new float[DigitsNet.ParameterCount];
        net.Backward(input, target, gradient);
        return gradient;
    }

    private static void AssertConcurrentEqualsSequential(INetwork<float> net, int inputSize, int outputSize)
    {
        var random = new SeededRandom(3);
        float[] inputs = Enumerable.Range(0, Samples * inputSize).Select(_ => (float)random.NextUniform(2)).ToArray();
        var sequential = new float[Samples * outputSize];
        for (int s = 0; s < Samples; s++)
        {
            net.Forward(inputs.AsSpan(s * inputSize, inputSize), sequential.AsSpan(s * outputSize, outputSize));
        }

        var concurrent = new float[Samples * outputSize];
        Parallel.For(0, Samples, new ParallelOptions { MaxDegreeOfParallelism = 4 }, s =>
            net.Forward(inputs.AsSpan(s * inputSize, inputSize), concurrent.AsSpan(s * outputSize, outputSize)));

        Assert.Equal(sequential, concurrent);
    }
}
