namespace BpGen.Tests.Runtime;

/// <summary>
/// Softmax and the shifted exponentials of the loss, against Math.Exp in double: the vector
/// exponential over its whole range, its edges (NaN, −∞, underflow), and lengths around the vector width.
/// </summary>
public class SoftmaxKernelTests
{
    [Fact]
    public void The_exponentials_are_within_two_ulp_of_the_exact_ones_over_their_range()
    {
        // Blocks of eight, each led by 0 so that max z = 0 and e = e^z: whole vectors where the
        // hardware has them. The float exponential of every runtime must meet the bound.
        float[] z = new float[8], e = new float[8];
        double worst = 0;
        for (int k = 0; k < 1_000_000; k += 7)
        {
            for (int i = 1; i < 8; i++)
            {
                z[i] = -87.3f * (k + i) / 1_000_000;
            }

            Kernels.ExpMinusMax(z, e, out _);
            for (int i = 0; i < 8; i++)
            {
                double exact = Math.Exp(z[i]);
                double ulp = MathF.BitIncrement((float)exact) - (float)exact;
                worst = Math.Max(worst, Math.Abs(e[i] - exact) / ulp);
            }
        }

        Assert.InRange(worst, 0, 2);
    }

    [Fact]
    public void Infinitely_and_very_negative_logits_give_zero_and_the_largest_gives_one()
    {
        float[] z = { 0f, float.NegativeInfinity, -1000f, -87.5f, -0f, 0f, -1f, -87.3f, -2f };
        float[] e = new float[z.Length];
        float sum = Kernels.ExpMinusMax(z, e, out float max);

        Assert.Equal(0f, max);
        Assert.Equal(new[] { 1f, 0f, 0f }, e[..3]);
        Assert.InRange(e[3], 0f, 1.2e-38f); // below the normal range: 0 or a subnormal
        Assert.Equal(new[] { 1f, 1f }, e[4..6]);
        Assert.Equal(Math.Exp(-1), e[6], 1e-7);
        Assert.Equal(Math.Exp(z[7]), e[7], Math.Exp(z[7]) * 2.4e-7); // two ulp, near the smallest normal
        Assert.Equal(Math.Exp(-2), e[8], 1e-7);
        Assert.Equal(3 + Math.Exp(-1) + Math.Exp(-2), sum, 1e-6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(10)]
    [InlineData(17)]
    public void Softmax_matches_the_definition_for_float_and_double(int length)
    {
        var random = new SeededRandom(length);
        double[] z = Enumerable.Range(0, length).Select(_ => 20 * random.NextUniform(1)).ToArray();
        double[] expected = z.Select(v => Math.Exp(v - z.Max())).ToArray();
        double total = expected.Sum();
        float[] single = z.Select(v => (float)v).ToArray();
        double[] exact = (double[])z.Clone();

        Kernels.Softmax(single);
        Kernels.Softmax(exact);

        for (int i = 0; i < length; i++)
        {
            Assert.Equal(expected[i] / total, exact[i], 1e-15);
            Assert.Equal(expected[i] / total, single[i], 1e-6);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(21)]
    public void ExpMinusMax_returns_the_sum_and_the_maximum(int length)
    {
        var random = new SeededRandom(length);
        float[] z = Enumerable.Range(0, length).Select(_ => (float)(50 * random.NextUniform(1))).ToArray();
        float[] e = new float[length];

        float sum = Kernels.ExpMinusMax(z, e, out float max);

        Assert.Equal(z.Max(), max);
        Assert.Equal(e.Sum(), sum, 1e-5);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(Math.Exp(z[i] - (double)z.Max()), e[i], 1e-6);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void A_NaN_anywhere_makes_every_probability_NaN(int position)
    {
        float[] z = Enumerable.Range(0, 12).Select(i => (float)i).ToArray();
        z[position] = float.NaN;
        Kernels.Softmax(z);

        Assert.All(z, p => Assert.True(float.IsNaN(p)));
    }

    [Fact]
    public void Spans_that_do_not_fit_are_refused_with_what_was_expected()
    {
        var empty = Assert.Throws<ArgumentException>(() => Kernels.Softmax(Span<float>.Empty));
        Assert.Contains("at least one value", empty.Message);
        var shorter = Assert.Throws<ArgumentException>(() => Kernels.ExpMinusMax(new float[4], new float[3], out _));
        Assert.Contains("e must hold 4 values", shorter.Message);
    }
}
