
namespace BpGen.Tests.Runtime;

/// <summary>
/// The batched kernels against plain loops in double, for layer shapes around the tiles (four rows,
/// two vectors) and blocks of samples around the vector width: narrower than a vector (scalar code),
/// whole vectors, and vectors with lanes left over; float within 1e-5 of the sum's magnitude,
/// double within 1e-12.
/// </summary>
public class BatchKernelTests
{
    private static readonly int[] Sizes = { 1, 3, 4, 5, 9, 17, 64 };
    private static readonly int[] Widths = { 1, 7, 8, 9, 16, 17, 33 };

    public static IEnumerable<object[]> Layers() =>
        from rows in Sizes
        from columns in Sizes
        from width in Widths
        from portable in new[] { false, true }
        select new object[] { rows, columns, width, portable };

    public static IEnumerable<object[]> Blocks() =>
        from rows in Sizes
        from columns in Sizes
        from samples in new[] { 0, 1, 7, 8, 9, 33 }
        from width in new[] { samples, 40 }
        where width > 0
        from portable in new[] { false, true }
        select new object[] { rows, columns, samples, width, portable };

    /// <summary>AffineLanes as called (AVX tiles where the hardware has them) and its portable Vector&lt;T&gt; path.</summary>
    [Theory]
    [MemberData(nameof(Layers))]
    public void AffineLanes_matches_the_definition(int rows, int columns, int width, bool portable)
    {
        var random = new SeededRandom(rows * 1000 + columns * 10 + width);
        double[] matrix = Values(ref random, rows * columns), bias = Values(ref random, rows), a = Values(ref random, columns * width);
        var exact = new double[rows * width];
        var single = new float[rows * width];
        if (portable)
        {
            Kernels.MultiplyLanesPortable<double, DoubleScalar>(matrix, columns, 1, bias, a, exact, rows, columns, width);
            Kernels.MultiplyLanesPortable<float, SingleScalar>(Single(matrix), columns, 1, Single(bias), Single(a), single, rows, columns, width);
        }
        else
        {
            Kernels.AffineLanes(matrix, bias, a, exact, width);
            Kernels.AffineLanes(Single(matrix), Single(bias), Single(a), single, width);
        }

        for (int i = 0; i < rows; i++)
        {
            for (int s = 0; s < width; s++)
            {
                var terms = Enumerable.Range(0, columns).Select(j => matrix[i * columns + j] * a[j * width + s]).Append(bias[i]).ToArray();
                AssertClose(terms, exact[i * width + s], single[i * width + s]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void MultiplyTransposedLanes_matches_the_definition(int rows, int columns, int width, bool portable)
    {
        var random = new SeededRandom(rows * 1000 + columns * 10 + width + 1);
        double[] matrix = Values(ref random, rows * columns), d = Values(ref random, rows * width);
        double[] exact = Enumerable.Repeat(9.0, columns * width).ToArray(); // overwritten, not added to
        float[] single = Enumerable.Repeat(9f, columns * width).ToArray();
        if (portable)
        {
            Kernels.MultiplyLanesPortable<double, DoubleScalar>(matrix, 1, columns, default, d, exact, columns, rows, width);
            Kernels.MultiplyLanesPortable<float, SingleScalar>(Single(matrix), 1, columns, default, Single(d), single, columns, rows, width);
        }
        else
        {
            Kernels.MultiplyTransposedLanes(matrix, d, exact, width);
            Kernels.MultiplyTransposedLanes(Single(matrix), Single(d), single, width);
        }

        for (int j = 0; j < columns; j++)
        {
            for (int s = 0; s < width; s++)
            {
                var terms = Enumerable.Range(0, rows).Select(i => matrix[i * columns + j] * d[i * width + s]).ToArray();
                AssertClose(terms, exact[j * width + s], single[j * width + s]);
            }
        }
    }

    /// <summary>
    /// As called, and row by row in the portable Vector&lt;T&gt; code; only the block's samples count,
    /// whatever the lanes after them hold.
    /// </summary>
    [Theory]
    [MemberData(nameof(Blocks))]
    public void AddOuterProductsOfBlock_adds_the_sum_over_the_samples(int rows, int columns, int samples, int width, bool portable)
    {
        var random = new SeededRandom(rows * 1000 + columns * 10 + samples + width);
        double[] d = Values(ref random, rows * width), a = Values(ref random, samples * columns), before = Values(ref random, rows * columns);
        double[] exact = (double[])before.Clone();
        float[] single = Single(before);
        if (portable)
        {
            for (int i = 0; i < rows; i++)
            {
                Kernels.AddOuterProductsOfBlockRow<double, DoubleScalar>(d, a, exact, i, 0, samples, width);
                Kernels.AddOuterProductsOfBlockRow<float, SingleScalar>(Single(d), Single(a), single, i, 0, samples, width);
            }
        }
        else
        {
            Kernels.AddOuterProductsOfBlock(d, a, exact, width);
            Kernels.AddOuterProductsOfBlock(Single(d), Single(a), single, width);
        }

        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                var terms = Enumerable.Range(0, samples).Select(s => d[i * width + s] * a[s * columns + j]).Append(before[i * columns + j]).ToArray();
                AssertClose(terms, exact[i * columns + j], single[i * columns + j]);
            }
        }
    }

    [Theory]
    [InlineData(3, 0, 5)]
    [InlineData(3, 1, 1)]
    [InlineData(4, 7, 8)]
    [InlineData(10, 9, 16)]
    [InlineData(2, 33, 33)]
    [InlineData(10, 16, 16)] // full blocks: eight rows at a time in vectors, then the rest one by one
    [InlineData(17, 32, 32)]
    public void AddLaneSums_adds_the_block_samples_of_every_row(int rows, int samples, int width)
    {
        var random = new SeededRandom(samples + width);
        double[] lanes = Values(ref random, rows * width), before = Values(ref random, rows);
        double[] sums = (double[])before.Clone();
        float[] single = Single(before);
        Kernels.AddLaneSums(lanes, samples, sums, width);
        Kernels.AddLaneSums(Single(lanes), samples, single, width);

        for (int k = 0; k < rows; k++)
        {
            var terms = Enumerable.Range(0, samples).Select(s => lanes[k * width + s]).Append(before[k]).ToArray();
            AssertClose(terms, sums[k], single[k]);
        }
    }

    [Theory]
    [InlineData(3, 0, 8)]
    [InlineData(2, 1, 1)]
    [InlineData(5, 7, 8)]
    [InlineData(64, 9, 16)]
    [InlineData(4, 33, 33)]
    [InlineData(17, 32, 32)]
    [InlineData(16, 24, 40)]
    [InlineData(17, 9, 16)]
    public void ToLanes_and_FromLanes_transpose_exactly_and_clear_the_lanes_after_the_samples(int size, int samples, int width)
    {
        var random = new SeededRandom(size + samples);
        float[] values = Single(Values(ref random, samples * size));
        float[] lanes = Enumerable.Repeat(9f, size * width).ToArray();
        Kernels.ToLanes(values, size, lanes, width);

        for (int k = 0; k < size; k++)
        {
            for (int s = 0; s < width; s++)
            {
                Assert.Equal(s < samples ? values[s * size + k] : 0f, lanes[k * width + s]);
            }
        }

        var back = new float[samples * size];
        Kernels.FromLanes(lanes, size, back, width);
        Assert.Equal(values, back);

        double[] doubles = Enumerable.Repeat(9.0, size * width).ToArray();
        Kernels.ToLanes(values.Select(v => (double)v).ToArray(), size, doubles, width);
        Assert.Equal(lanes.Select(v => (double)v), doubles);
        var backDoubles = new double[samples * size];
        Kernels.FromLanes(doubles, size, backDoubles, width);
        Assert.Equal(values.Select(v => (double)v), backDoubles);
    }

    /// <summary>Every sample of a block against the definition, one with values far beyond e^88 and one with a NaN.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 8)]
    [InlineData(4, 9)]
    [InlineData(10, 16)]
    [InlineData(10, 35)]
    public void SoftmaxLanes_matches_the_definition_in_every_sample(int size, int width)
    {
        var random = new SeededRandom(size * 100 + width);
        double[] z = Values(ref random, size * width).Select(v => 20 * v).ToArray();
        z[(size - 1) * width] = 500; // sample 0: e^500 overflows unless shifted by the maximum
        bool withNaN = width > 1;
        if (withNaN)
        {
            z[width - 1] = double.NaN; // the last sample, in the scalar lanes when there are any
        }

        double[] exact = (double[])z.Clone();
        float[] single = Single(z);
        Kernels.SoftmaxLanes(exact, width);
        Kernels.SoftmaxLanes(single, width);

        for (int s = 0; s < width; s++)
        {
            double max = Enumerable.Range(0, size).Max(k => z[k * width + s]);
            double sum = Enumerable.Range(0, size).Sum(k => Math.Exp(z[k * width + s] - max));
            for (int k = 0; k < size; k++)
            {
                if (withNaN && s == width - 1)
                {
                    Assert.True(double.IsNaN(exact[k * width + s]) && float.IsNaN(single[k * width + s]));
                    continue;
                }

                double expected = Math.Exp(z[k * width + s] - max) / sum;
                Assert.Equal(expected, exact[k * width + s], 1e-15);
                Assert.Equal(expected, single[k * width + s], 1e-6);
            }
        }
    }

    [Fact]
    public void Spans_of_the_wrong_size_are_refused_with_what_was_expected()
    {
        var matrix = Assert.Throws<ArgumentException>(() => Kernels.AffineLanes(new float[5], new float[3], new float[16], new float[24], 8));
        Assert.Contains("3 rows of 2 values = 6, but holds 5", matrix.Message);
        var z = Assert.Throws<ArgumentException>(() => Kernels.AffineLanes(new float[6], new float[3], new float[16], new float[16], 8));
        Assert.Contains("z must hold 24 values", z.Message);
        var lanes = Assert.Throws<ArgumentException>(() => Kernels.MultiplyTransposedLanes(new float[6], new float[20], new float[16], 8));
        Assert.Contains("d must hold whole rows of 8 lanes, but holds 20", lanes.Message);
        var samples = Assert.Throws<ArgumentException>(() => Kernels.ToLanes(new float[3 * 9], 3, new float[24], 8));
        Assert.Contains("samples must hold 0 to 8 samples of 3 values, but holds 27", samples.Message);
        var a = Assert.Throws<ArgumentException>(() => Kernels.AddOuterProductsOfBlock(new float[16], new float[7], new float[6], 8));
        Assert.Contains("a must hold 0 to 8 samples of 3 values, but holds 7", a.Message);
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.AddLaneSums(new float[16], 9, new float[2], 8));
        Assert.Contains("holds 0 to 8 samples", count.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.SoftmaxLanes(new float[8], 0));
    }

    [Fact]
    public void The_kernels_allocate_nothing()
    {
        float[] matrix = new float[64 * 64], bias = new float[64], samples = new float[33 * 64], a = new float[64 * 40], z = new float[64 * 40];
        void All()
        {
            Kernels.ToLanes(samples, 64, a, 40);
            Kernels.AffineLanes(matrix, bias, a, z, 40);
            Kernels.SoftmaxLanes(z, 40);
            Kernels.MultiplyTransposedLanes(matrix, z, a, 40);
            Kernels.AddOuterProductsOfBlock(z, samples, matrix, 40);
            Kernels.AddLaneSums(z, 33, bias, 40);
            Kernels.FromLanes(a, 64, samples, 40);
        }

        Assert.Equal(0, Allocations.InSteadyState(All));
    }

    /// <summary>Float within 1e-5 of the magnitude of its terms, double within 1e-12, of the exact sum.</summary>
    private static void AssertClose(double[] terms, double exact, float single)
    {
        double expected = terms.Sum();
        double magnitude = 1 + terms.Sum(Math.Abs);
        Assert.Equal(expected, exact, 1e-12 * magnitude);
        Assert.Equal(expected, single, 1e-5 * magnitude);
    }

    private static double[] Values(ref SeededRandom random, int count)
    {
        var values = new double[count];
        for (int k = 0; k < count; k++)
        {
            values[k] = random.NextUniform(1);
        }

        return values;
    }

    private static float[] Single(double[] values) => values.Select(v => (float)v).ToArray();
}
