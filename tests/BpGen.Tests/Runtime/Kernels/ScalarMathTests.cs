namespace BpGen.Tests.Runtime;

/// <summary>
/// The float e^x, tanh and ln that generated float code calls per neuron, against Math in double: a
/// dense sweep in ulp over the whole range, σ as the generated code forms it, and the edges (NaN, ±∞,
/// overflow, underflow).
/// </summary>
public class ScalarMathTests
{
    [Fact]
    public void Exp_is_within_one_and_a_half_ulp_of_the_exact_value_over_the_whole_float_range_subnormals_included()
    {
        // From results among the subnormals (below e^−87.34) to the largest finite one.
        double worst = WorstUlp(-100, 88.72, ScalarMath.Exp, Math.Exp);
        Assert.InRange(worst, 0, 1.5);
    }

    [Fact]
    public void Sigmoid_formed_as_generated_code_forms_it_is_within_three_ulp()
    {
        // Below −80, σ(z) < 2e-35 nears the end of the normal floats; ulp stop meaning much there.
        double worst = WorstUlp(-80, 20, z => 1f / (1f + ScalarMath.Exp(-z)), z => 1 / (1 + Math.Exp(-z)));
        Assert.InRange(worst, 0, 3);
    }

    [Fact]
    public void Tanh_is_within_three_ulp_of_the_exact_value()
    {
        Assert.InRange(WorstUlp(-12, 12, ScalarMath.Tanh, Math.Tanh), 0, 3);
    }

    [Fact]
    public void Log_is_within_one_ulp_of_the_exact_value()
    {
        Assert.InRange(WorstUlp(1e-6, 1e6, ScalarMath.Log, Math.Log), 0, 1);
    }

    [Fact]
    public void NaN_stays_NaN_and_large_inputs_overflow_underflow_or_saturate()
    {
        Assert.True(float.IsNaN(ScalarMath.Exp(float.NaN)));
        Assert.True(float.IsNaN(ScalarMath.Tanh(float.NaN)));
        Assert.True(float.IsNaN(ScalarMath.Log(float.NaN)));

        Assert.Equal(float.PositiveInfinity, ScalarMath.Exp(float.PositiveInfinity));
        Assert.Equal(float.PositiveInfinity, ScalarMath.Exp(89f));
        Assert.Equal(0f, ScalarMath.Exp(float.NegativeInfinity));
        Assert.Equal(0f, ScalarMath.Exp(-200f));
        Assert.Equal(float.Epsilon, ScalarMath.Exp(-103.5f)); // e^−103.5 ≈ 1.1e-45: the smallest subnormal, not 0
        Assert.Equal(0f, ScalarMath.Exp(-104f));
        Assert.Equal(Math.Exp(88.7f), ScalarMath.Exp(88.7f), Math.Exp(88.7f) * 2e-7); // 3.3e38, near float.MaxValue
        Assert.Equal(1f, ScalarMath.Exp(0f));
        Assert.Equal(1f, ScalarMath.Exp(-0f));

        Assert.Equal(new[] { 1f, -1f, 1f, -1f, 0f }, new[] { float.PositiveInfinity, float.NegativeInfinity, 200f, -200f, 0f }.Select(ScalarMath.Tanh));
        Assert.Equal(new[] { 1f, 0f, 1f, 0f, 0.5f }, new[] { float.PositiveInfinity, float.NegativeInfinity, 200f, -200f, 0f }.Select(z => 1f / (1f + ScalarMath.Exp(-z))));
        Assert.Equal(float.NegativeInfinity, ScalarMath.Log(0f));
    }

    /// <summary>The largest error in float ulp of the exact value over four million points of [from, to].</summary>
    private static double WorstUlp(double from, double to, Func<float, float> apply, Func<double, double> exact)
    {
        const int Points = 4_000_000;
        double worst = 0;
        for (int k = 0; k < Points; k++)
        {
            float z = (float)(from + (to - from) * k / (Points - 1));
            double expected = exact(z);
            float rounded = (float)expected;
            double ulp = MathF.BitIncrement(MathF.Abs(rounded)) - MathF.Abs(rounded);
            worst = Math.Max(worst, Math.Abs(apply(z) - expected) / ulp);
        }

        return worst;
    }
}
