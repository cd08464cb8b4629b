namespace BpGen.Tests.Runtime;

/// <summary>
/// The softmax cross-entropy of a block in lanes against its definition in double: J and δ = p − y of
/// every sample, 0 in the lanes after them, for full and short blocks, in vector lanes and in the lanes
/// left over after them, and for outputs wider than the exponentials the vector code keeps.
/// </summary>
public class SoftmaxCrossEntropyLanesTests
{
    [Theory]
    [InlineData(1, 8, 8)]
    [InlineData(2, 8, 3)]
    [InlineData(10, 16, 16)]
    [InlineData(10, 16, 5)]
    [InlineData(10, 16, 13)]
    [InlineData(17, 35, 35)]
    [InlineData(3, 35, 34)]
    [InlineData(4, 9, 0)]
    [InlineData(70, 16, 11)] // more neurons than the exponentials kept on the stack: the rest computed again
    public void J_and_the_output_error_match_the_definition_in_every_sample(int size, int width, int count)
    {
        var random = new SeededRandom(size * 1000 + width * 10 + count);
        double[] z = Enumerable.Range(0, size * width).Select(_ => random.NextUniform(20)).ToArray();
        if (count > 0)
        {
            z[(size - 1) * width] = 500; // sample 0: e^500 overflows unless shifted by its largest logit
        }

        // One-hot targets, and one sample with soft targets, so that every y_k counts.
        double[] y = new double[count * size];
        for (int s = 0; s < count; s++)
        {
            y[s * size + random.NextInt(size)] = 1;
        }

        if (count > 1)
        {
            Array.Clear(y, size, size);
            for (int k = 0; k < size; k++)
            {
                y[size + k] = 1.0 / size;
            }
        }

        double[] exactDelta = Enumerable.Repeat(double.NaN, size * width).ToArray();
        float[] singleDelta = Enumerable.Repeat(float.NaN, size * width).ToArray();
        double exactLoss = Kernels.SoftmaxCrossEntropyLanes(z, y, exactDelta, width);
        float singleLoss = Kernels.SoftmaxCrossEntropyLanes(Single(z), Single(y), singleDelta, width);

        double expectedLoss = 0;
        for (int s = 0; s < width; s++)
        {
            double max = Enumerable.Range(0, size).Max(k => z[k * width + s]);
            double sum = Enumerable.Range(0, size).Sum(k => Math.Exp(z[k * width + s] - max));
            for (int k = 0; k < size; k++)
            {
                int lane = k * width + s;
                if (s >= count)
                {
                    Assert.Equal(0, exactDelta[lane]);
                    Assert.Equal(0, singleDelta[lane]);
                    continue;
                }

                double p = Math.Exp(z[lane] - max) / sum, target = y[s * size + k];
                expectedLoss -= target * Math.Log(Math.Max(p, double.Epsilon));
                Assert.Equal(p - target, exactDelta[lane], 1e-15);
                Assert.Equal(p - target, singleDelta[lane], 1e-6);
            }
        }

        Assert.Equal(expectedLoss, exactLoss, Math.Max(1, expectedLoss) * 1e-13);
        Assert.Equal(expectedLoss, singleLoss, Math.Max(1, expectedLoss) * 1e-5);
    }

    [Fact]
    public void Spans_of_the_wrong_size_are_refused_with_what_was_expected()
    {
        var z = Assert.Throws<ArgumentException>(() => Kernels.SoftmaxCrossEntropyLanes(new float[20], new float[4], new float[20], 8));
        Assert.Contains("z must hold whole rows of 8 lanes, but holds 20", z.Message);
        var delta = Assert.Throws<ArgumentException>(() => Kernels.SoftmaxCrossEntropyLanes(new float[16], new float[4], new float[8], 8));
        Assert.Contains("delta", delta.Message);
        Assert.Contains("16", delta.Message);
        var targets = Assert.Throws<ArgumentException>(() => Kernels.SoftmaxCrossEntropyLanes(new float[16], new float[5], new float[16], 8));
        Assert.Contains("targets must hold 0 to 8 samples of 2 values, but holds 5", targets.Message);
        var empty = Assert.Throws<ArgumentException>(() => Kernels.SoftmaxCrossEntropyLanes(Array.Empty<double>(), Array.Empty<double>(), Array.Empty<double>(), 8));
        Assert.Contains("at least one logit per sample", empty.Message);
    }

    [Fact]
    public void It_allocates_nothing()
    {
        float[] z = new float[10 * 32], y = new float[10 * 32], delta = new float[10 * 32];
        Kernels.SoftmaxCrossEntropyLanes(z, y, delta, 32);
        Assert.Equal(0, Allocations.InSteadyState(() => Kernels.SoftmaxCrossEntropyLanes(z, y, delta, 32)));
    }

    private static float[] Single(double[] values) => values.Select(v => (float)v).ToArray();
}
