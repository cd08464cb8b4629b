using System.Numerics;

namespace BpGen.Tests.Runtime;

/// <summary>
/// DataChecks.IndexOfNonFinite, which training and evaluation run over every value of their data on
/// each call: whole vectors first, then value by value only where a vector held a non-finite value.
/// </summary>
public class NonFiniteSearchTests
{
    private static readonly double[] NonFinite = { double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    // Finite values at the edges: −0, the smallest subnormal, the largest magnitudes.
    private static readonly double[] Finite = { -0.0, double.Epsilon, 1, -3.5, double.MaxValue, -double.MaxValue };

    [Fact]
    public void Every_length_and_position_finds_the_first_value_that_is_not_finite_in_float()
    {
        for (int length = 0; length <= 3 * Vector<float>.Count + 1; length++)
        {
            float[] values = Enumerable.Range(0, length).Select(k => k % 2 == 0 ? float.MaxValue : -float.Epsilon).ToArray();
            Assert.Equal(-1, DataChecks.IndexOfNonFinite<float>(values));
            for (int k = 0; k < length; k++)
            {
                foreach (double bad in NonFinite)
                {
                    float[] copy = (float[])values.Clone();
                    copy[k] = (float)bad;
                    copy[length - 1] = float.NaN; // a later one must not be the one found
                    Assert.Equal(k, DataChecks.IndexOfNonFinite<float>(copy));
                }
            }
        }
    }

    [Fact]
    public void Every_length_and_position_finds_the_first_value_that_is_not_finite_in_double()
    {
        for (int length = 0; length <= 3 * Vector<double>.Count + 1; length++)
        {
            double[] values = Enumerable.Range(0, length).Select(k => Finite[k % Finite.Length]).ToArray();
            Assert.Equal(-1, DataChecks.IndexOfNonFinite<double>(values));
            for (int k = 0; k < length; k++)
            {
                foreach (double bad in NonFinite)
                {
                    double[] copy = (double[])values.Clone();
                    copy[k] = bad;
                    copy[length - 1] = double.PositiveInfinity;
                    Assert.Equal(k, DataChecks.IndexOfNonFinite<double>(copy));
                }
            }
        }
    }

    [Fact]
    public void Finite_values_at_the_edges_of_float_are_finite()
    {
        float[] values = { -0f, float.Epsilon, float.MaxValue, float.MinValue, 1e-38f, 3, -7, 0.1f, 2, 4, 8, 16, 32, 64, 128, 256, 512 };
        Assert.Equal(-1, DataChecks.IndexOfNonFinite<float>(values));
    }
}
