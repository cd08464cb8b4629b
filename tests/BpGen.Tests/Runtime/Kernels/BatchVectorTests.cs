using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BpGen.Tests.Runtime;

/// <summary>The vector activations for code with samples in lanes, against Math in double, lane by lane.</summary>
public class BatchVectorTests
{
    private static readonly float[] Arguments =
    {
        -100f, -88f, -87.3f, -20f, -9.5f, -3f, -1f, -0.7f, -0.625f, -0.3f, -1e-3f, -1e-30f, 0f,
        1e-30f, 1e-3f, 0.3f, 0.625f, 0.7f, 1f, 3f, 9.5f, 20f, 88f, 100f,
    };

    [Fact]
    public void Sigmoid_Tanh_and_ExpNonPositive_match_Math_in_every_lane_and_keep_NaN()
    {
        if (!Avx2.IsSupported || !Fma.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => Kernels.Sigmoid(Vector256<float>.Zero));
            return;
        }

        for (int start = 0; start < Arguments.Length; start += Vector256<float>.Count)
        {
            var z = Vector256.Create(Arguments.AsSpan(start, Vector256<float>.Count));
            Vector256<float> sigmoid = Kernels.Sigmoid(z), tanh = Kernels.Tanh(z), exp = Kernels.ExpNonPositive(-Vector256.Abs(z));
            for (int lane = 0; lane < Vector256<float>.Count; lane++)
            {
                double x = z[lane];
                AssertRelative(1 / (1 + Math.Exp(-x)), sigmoid[lane]);
                AssertRelative(Math.Tanh(x), tanh[lane]);
                AssertRelative(Math.Abs(x) > 87.33 ? 0 : Math.Exp(-Math.Abs(x)), exp[lane]);
            }
        }

        // A NaN passes through the arithmetic in its own lane and leaves its neighbours alone.
        var mixed = Vector256.Create(-1f, float.NaN, -3f, -100f, float.NaN, 0f, -0.5f, float.NaN);
        Vector256<float>[] results = { Kernels.Sigmoid(mixed), Kernels.Tanh(mixed), Kernels.ExpNonPositive(mixed) };
        for (int lane = 0; lane < Vector256<float>.Count; lane++)
        {
            foreach (Vector256<float> result in results)
            {
                Assert.Equal(float.IsNaN(mixed[lane]), float.IsNaN(result[lane]));
            }
        }
    }

    /// <summary>
    /// The sixteen-lane σ, tanh and exponential of AVX-512 give each lane the bits of the eight-lane
    /// functions: over the arguments above, their negatives scaled through many binades, ±0, ±∞, NaN and
    /// the smallest floats.
    /// </summary>
    [Fact]
    public void The_sixteen_lane_functions_give_the_bits_of_the_eight_lane_ones()
    {
        if (!Avx512F.IsSupported)
        {
            Assert.Throws<PlatformNotSupportedException>(() => Kernels.Sigmoid(Vector512<float>.Zero));
            return;
        }

        var values = new List<float>(Arguments) { -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue };
        var random = new SeededRandom(5);
        for (int k = 0; k < 4000; k++)
        {
            values.Add((float)(random.NextUniform(1.0) * Math.Pow(2, (k % 40) - 20)));
        }

        while (values.Count % Vector512<float>.Count != 0)
        {
            values.Add(0.5f);
        }

        for (int start = 0; start < values.Count; start += Vector512<float>.Count)
        {
            var wide = Vector512.Create(values.ToArray().AsSpan(start, Vector512<float>.Count));
            Vector512<float> negative = -Vector512.Abs(wide);
            AssertSameBits(Kernels.Sigmoid(wide), Kernels.Sigmoid(wide.GetLower()), Kernels.Sigmoid(wide.GetUpper()));
            AssertSameBits(Kernels.Tanh(wide), Kernels.Tanh(wide.GetLower()), Kernels.Tanh(wide.GetUpper()));
            AssertSameBits(Kernels.ExpNonPositive(negative), Kernels.ExpNonPositive(negative.GetLower()), Kernels.ExpNonPositive(negative.GetUpper()));
        }
    }

    private static void AssertSameBits(Vector512<float> wide, Vector256<float> lower, Vector256<float> upper) =>
        Assert.Equal(Vector512.Create(lower, upper).AsInt32(), wide.AsInt32());

    /// <summary>Within a few ulp: 1e-6 relative, or 1e-38 absolute where the value is (nearly) 0.</summary>
    private static void AssertRelative(double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Abs(expected) + 1e-38, $"expected {expected}, got {actual}");
}
