namespace BpGen.Tests.Reference;

/// <summary>Comparisons scaled to the size of what is compared.</summary>
public static class Close
{
    /// <summary>Relative tolerance for double networks: a few ulps over sums in another order.</summary>
    public const double Double = 1e-11;

    /// <summary>Relative tolerance for float networks (fused multiply-adds, vector exponentials within 2.5 ulp).</summary>
    public const double Single = 2e-5;

    public static double For<T>() => typeof(T) == typeof(float) ? Single : Double;

    /// <summary>Every |actual − expected| ≤ tolerance·(|expected| + max|expected|), so components near 0 are judged against the vector's scale.</summary>
    public static void All(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Max(Math.Abs), 1e-300);
        for (int k = 0; k < expected.Length; k++)
        {
            double allowed = tolerance * (Math.Abs(expected[k]) + scale);
            Assert.True(Math.Abs(actual[k] - expected[k]) <= allowed, $"{what}[{k}]: expected {expected[k]:R}, found {actual[k]:R} (allowed difference {allowed:E1})");
        }
    }
}
