using System.Numerics;

namespace BpGen.Tests.Runtime;

/// <summary>
/// What the batched methods of unrolled networks call: samples into and out of vector lanes for every
/// sample size (the shuffled sizes and the others), the sums over lanes, and each vector function
/// against Math in double, lane by lane, in float and double.
/// </summary>
public class VectorLaneTests
{
    private static readonly double[] Arguments =
    {
        -100, -88, -87.3, -20, -9.5, -3, -1, -0.7, -0.625, -0.3, -1e-3, -1e-30, 0,
        1e-30, 1e-3, 0.3, 0.625, 0.7, 1, 3, 9.5, 20, 80, 88,
    };

    [Fact]
    public void Samples_go_into_lanes_and_back_for_every_size()
    {
        int width = Vector<float>.Count;
        for (int size = 1; size <= 17; size++)
        {
            float[] samples = Enumerable.Range(0, size * width).Select(k => (float)k).ToArray();
            var lanes = new Vector<float>[size];
            Kernels.ToVectorLanes(samples, lanes);
            for (int k = 0; k < size; k++)
            {
                for (int s = 0; s < width; s++)
                {
                    Assert.Equal(samples[(s * size) + k], lanes[k][s]);
                }
            }

            var back = new float[samples.Length];
            Kernels.FromVectorLanes(lanes, back);
            Assert.Equal(samples, back);

            double[] doubles = Enumerable.Range(0, size * Vector<double>.Count).Select(k => (double)k).ToArray();
            var doubleLanes = new Vector<double>[size];
            Kernels.ToVectorLanes(doubles, doubleLanes);
            Assert.Equal(doubles[size], doubleLanes[0][1]);
            var doublesBack = new double[doubles.Length];
            Kernels.FromVectorLanes(doubleLanes, doublesBack);
            Assert.Equal(doubles, doublesBack);
        }
    }

    /// <summary>Pairs into two vectors and back, in registers: the vectors ToVectorLanes stores, in float and double.</summary>
    [Fact]
    public void Pairs_go_into_two_vectors_and_back_as_through_lanes()
    {
        float[] samples = Enumerable.Range(0, 2 * Vector<float>.Count).Select(k => (float)(k + 0.5)).ToArray();
        var lanes = new Vector<float>[2];
        Kernels.ToVectorLanes(samples, lanes);
        (Vector<float> first, Vector<float> second) = Kernels.PairsToVectorLanes(samples);
        Assert.Equal(lanes[0], first);
        Assert.Equal(lanes[1], second);
        var back = new float[samples.Length];
        Kernels.PairsFromVectorLanes(first, second, back);
        Assert.Equal(samples, back);

        double[] doubles = Enumerable.Range(0, 2 * Vector<double>.Count).Select(k => k + 0.5).ToArray();
        var doubleLanes = new Vector<double>[2];
        Kernels.ToVectorLanes(doubles, doubleLanes);
        (Vector<double> firstDouble, Vector<double> secondDouble) = Kernels.PairsToVectorLanes(doubles);
        Assert.Equal(doubleLanes[0], firstDouble);
        Assert.Equal(doubleLanes[1], secondDouble);
        var doublesBack = new double[doubles.Length];
        Kernels.PairsFromVectorLanes(firstDouble, secondDouble, doublesBack);
        Assert.Equal(doubles, doublesBack);
    }

    [Fact]
    public void Pairs_refuse_samples_of_the_wrong_length()
    {
        var error = Assert.Throws<ArgumentException>(() => Kernels.PairsToVectorLanes(new float[(2 * Vector<float>.Count) - 1]));
        Assert.Equal("samples", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => Kernels.PairsFromVectorLanes(Vector<float>.One, Vector<float>.One, new float[(2 * Vector<float>.Count) + 1]));
        Assert.Equal("samples", error.ParamName);
        Assert.Throws<ArgumentException>(() => Kernels.PairsToVectorLanes(new double[1]));
    }

    [Fact]
    public void Lanes_refuse_samples_of_the_wrong_length()
    {
        var lanes = new Vector<float>[3];
        var error = Assert.Throws<ArgumentException>(() => Kernels.ToVectorLanes(new float[(3 * Vector<float>.Count) - 1], lanes));
        Assert.Equal("samples", error.ParamName);
        Assert.Throws<ArgumentException>(() => Kernels.FromVectorLanes(lanes, new float[3 * Vector<float>.Count + 1]));
    }

    [Fact]
    public void Lane_totals_add_each_vectors_lanes_into_its_sum()
    {
        var lanes = new[] { new Vector<float>(1.5f), new Vector<float>(-2f) };
        float[] sums = { 10f, 1f };
        Kernels.AddLaneTotals(lanes, sums);
        Assert.Equal(new[] { 10f + (1.5f * Vector<float>.Count), 1f - (2f * Vector<float>.Count) }, sums);

        double[] doubleSums = { 1 };
        Kernels.AddLaneTotals(new[] { new Vector<double>(0.25) }, doubleSums);
        Assert.Equal(1 + (0.25 * Vector<double>.Count), doubleSums[0]);
    }

    [Fact]
    public void Vector_functions_match_Math_in_every_lane()
    {
        foreach (double x in Arguments)
        {
            AssertFunction(x, Kernels.Exp, Kernels.Exp, Math.Exp(x));
            AssertFunction(x, Kernels.Tanh, Kernels.Tanh, Math.Tanh(x));
            AssertFunction(x, Kernels.Sigmoid, Kernels.Sigmoid, 1 / (1 + Math.Exp(-x)));
            AssertFunction(x, Kernels.ReLU, Kernels.ReLU, Math.Max(x, 0));
            AssertFunction(x, z => Kernels.LeakyReLU(z, 0.01f), z => Kernels.LeakyReLU(z, 0.01), x < 0 ? 0.01 * x : x);
            AssertFunction(x, Kernels.Elu, Kernels.Elu, x < 0 ? ExpM1(x) : x);
            if (x > -1)
            {
                AssertFunction(x, Kernels.Log1P, Kernels.Log1P, Log1P(x));
            }

            if (x <= 80)
            {
                AssertFunction(x, Kernels.ExpM1, Kernels.ExpM1, ExpM1(x));
            }

            AssertFunction(x, a => Kernels.RectifierDerivative(a, 0.01f), a => Kernels.RectifierDerivative(a, 0.01), x > 0 ? 1 : 0.01);
            AssertFunction(x, Kernels.EluDerivative, Kernels.EluDerivative, x > 0 ? 1 : x + 1);
            if (x > 0)
            {
                AssertFunction(x, Kernels.Log, Kernels.Log, Math.Log(x));
            }
            else
            {
                AssertFunction(x, Kernels.ExpNonPositive, Kernels.ExpNonPositive, Math.Exp(x));
            }
        }
    }

    [Fact]
    public void Log_covers_the_floats_from_the_smallest_normal_to_the_largest()
    {
        for (double x = 1.2e-38; x < 3e38; x *= 1.37)
        {
            AssertFunction(x, Kernels.Log, Kernels.Log, Math.Log(x));
        }
    }

    [Fact]
    public void Log_and_Exp_keep_the_edges()
    {
        Vector<float> log = Kernels.Log(new Vector<float>(0f)), nan = Kernels.Log(new Vector<float>(-1f));
        Vector<float> infinity = Kernels.Log(new Vector<float>(float.PositiveInfinity)), ofNaN = Kernels.Log(new Vector<float>(float.NaN));
        Assert.Equal(float.NegativeInfinity, log[0]);
        Assert.True(float.IsNaN(nan[0]) && float.IsNaN(ofNaN[0]));
        Assert.Equal(float.PositiveInfinity, infinity[0]);
        Assert.Equal(float.PositiveInfinity, Kernels.Exp(new Vector<float>(100f))[0]);
        foreach (double huge in new[] { (double)1e37f, 1e306 })
        {
            AssertFunction(huge, Kernels.Log1P, Kernels.Log1P, Math.Log(huge) + (1 / huge)); // ln u · x overflowed on the way
        }

        Assert.InRange(Kernels.Exp(new Vector<float>(-100f))[0], 0f, 4e-44f); // 0 from the polynomial, e^−100's subnormal from MathF where vectors are not accelerated
        Assert.True(float.IsNaN(Kernels.Exp(new Vector<float>(float.NaN))[0]) && float.IsNaN(Kernels.ExpNonPositive(new Vector<float>(float.NaN))[0]));
        Assert.True(float.IsNaN(Kernels.ReLU(new Vector<float>(float.NaN))[0]));
    }

    /// <summary>f at x in every lane of a float and a double vector: within a few ulp of the exact value.</summary>
    private static void AssertFunction(double x, Func<Vector<float>, Vector<float>> single, Func<Vector<double>, Vector<double>> @double, double expected)
    {
        float rounded = (float)x;
        double exactAtRounded = rounded == x ? expected : double.NaN;
        Vector<float> floats = single(new Vector<float>(rounded));
        for (int lane = 0; lane < Vector<float>.Count; lane++)
        {
            if (!double.IsNaN(exactAtRounded))
            {
                Assert.True(Close(exactAtRounded, floats[lane], 1e-6, 1e-37), $"float f({x}) = {floats[lane]}, expected {expected}");
            }
        }

        Vector<double> doubles = @double(new Vector<double>(x));
        for (int lane = 0; lane < Vector<double>.Count; lane++)
        {
            Assert.True(Close(expected, doubles[lane], 1e-14, 1e-300), $"double f({x}) = {doubles[lane]}, expected {expected}");
        }
    }

    /// <summary>e^x − 1 to about an ulp: 2·tanh(x/2)/(1 − tanh(x/2)), where neither cancels, up to 0.5.</summary>
    private static double ExpM1(double x)
    {
        double t = Math.Tanh(x / 2);
        return x < 0.5 ? 2 * t / (1 - t) : Math.Exp(x) - 1;
    }

    /// <summary>ln(1 + x) to about an ulp, for x &gt; −1: 2·atanh(x/(2 + x)), and ln x + 1/x where x/(2 + x) rounds to 1.</summary>
    private static double Log1P(double x) => x > 1e8 ? Math.Log(x) + (1 / x) : 2 * Math.Atanh(x / (2 + x));

    private static bool Close(double expected, double actual, double relative, double absolute) =>
        expected == actual || Math.Abs(expected - actual) <= (relative * Math.Abs(expected)) + absolute;
}
