namespace BpGen.Tests.Runtime;

/// <summary>
/// σ and tanh over whole layers against Math in double: a dense sweep in ulp, the edges (NaN, ±∞,
/// saturation), and double layers exactly as the scalar formulas the unrolled code uses.
/// </summary>
public class SigmoidKernelTests
{
    [Fact]
    public void Sigmoid_is_within_four_ulp_of_the_exact_value()
    {
        // Below −80, σ(z) < 2e-35 nears the end of the normal floats; ulp stop meaning much there.
        double worst = WorstUlp(-80, 20, Kernels.Sigmoid, z => 1 / (1 + Math.Exp(-z)));
        Assert.InRange(worst, 0, 4);
    }

    [Fact]
    public void Tanh_is_within_four_ulp_of_the_exact_value_on_both_sides_of_the_polynomial()
    {
        double worst = WorstUlp(-12, 12, Kernels.Tanh, Math.Tanh);
        Assert.InRange(worst, 0, 4);
    }

    [Fact]
    public void NaN_stays_NaN_and_large_inputs_saturate()
    {
        float[] z = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 200f, -200f, 0f, 1f, -1f, float.NaN };
        float[] sigmoid = (float[])z.Clone(), tanh = (float[])z.Clone();
        Kernels.Sigmoid(sigmoid);
        Kernels.Tanh(tanh);

        Assert.True(float.IsNaN(sigmoid[0]) && float.IsNaN(sigmoid[8]));
        Assert.True(float.IsNaN(tanh[0]) && float.IsNaN(tanh[8]));
        Assert.Equal(new[] { 1f, 0f, 1f, 0f, 0.5f }, sigmoid[1..6]);
        Assert.Equal(new[] { 1f, -1f, 1f, -1f, 0f }, tanh[1..6]);
        Assert.Equal(1 / (1 + Math.Exp(-1)), sigmoid[6], 1e-7);
        Assert.Equal(Math.Tanh(-1), tanh[7], 1e-7);
    }

    [Fact]
    public void Tanh_keeps_the_sign_of_zero_in_every_lane()
    {
        float[] z = Enumerable.Range(0, 16).Select(i => i % 2 == 0 ? 0f : -0f).ToArray();
        Kernels.Tanh(z);

        for (int i = 0; i < z.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? 0 : 1, BitConverter.SingleToInt32Bits(z[i]) >>> 31);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(13)]
    public void Double_layers_get_exactly_the_scalar_formulas(int length)
    {
        var random = new SeededRandom(length);
        double[] z = Enumerable.Range(0, length).Select(_ => 6 * random.NextUniform(1)).ToArray();
        double[] sigmoid = (double[])z.Clone(), tanh = (double[])z.Clone();
        Kernels.Sigmoid(sigmoid);
        Kernels.Tanh(tanh);

        Assert.Equal(z.Select(v => 1d / (1d + Math.Exp(-v))), sigmoid);
        Assert.Equal(z.Select(Math.Tanh), tanh);
    }

    /// <summary>The largest error in float ulp of the exact value over a million points of [from, to].</summary>
    private static double WorstUlp(double from, double to, SpanAction apply, Func<double, double> exact)
    {
        const int Points = 1_000_000;
        float[] z = Enumerable.Range(0, Points).Select(k => (float)(from + (to - from) * k / (Points - 1))).ToArray();
        float[] result = (float[])z.Clone();
        apply(result);
        double worst = 0;
        for (int k = 0; k < Points; k++)
        {
            double expected = exact(z[k]);
            float rounded = (float)expected;
            double ulp = MathF.BitIncrement(MathF.Abs(rounded)) - MathF.Abs(rounded);
            worst = Math.Max(worst, Math.Abs(result[k] - expected) / ulp);
        }

        return worst;
    }

    private delegate void SpanAction(Span<float> values);
}
