namespace BpGen.Tests.Runtime;

/// <summary>
/// Kernels check the lengths of their spans against products of two other lengths. Those products are
/// taken in long: where an int product would wrap to the length of a wrong span, the kernel would read
/// or write past it. Each case below is such a span, refused with the true length; the other entry
/// points of generated code check their arguments too.
/// </summary>
public class KernelLengthOverflowTests
{
    private const int N = 1 << 16; // N × N = 2³², which an int product wraps to 0
    private const int Wide = N + 1; // N × (N + 1) wraps to N

    public static TheoryData<string> Cases() => new(Calls.Keys);

    private static readonly Dictionary<string, (Action Call, string Parameter, string Expected)> Calls = new()
    {
        ["Affine"] = (() => Kernels.Affine(new float[0], new float[N], new float[N], new float[N]), "matrix", "= 4294967296"),
        ["DescendOuterProduct"] = (() => Kernels.DescendOuterProduct(Ones(Wide), Ones(N), new float[N], 1f, 0f), "matrix", "= 4295032832"),
        ["MultiplyTransposedMatrixVector"] = (() => Kernels.MultiplyTransposedMatrixVector(new float[N], new float[Wide], new float[N]), "matrix", "= 4295032832"),
        ["AffineLanes"] = (() => Kernels.AffineLanes(new float[0], new float[Wide], new float[0], new float[2 * Wide + 1], Wide), "z", "4295098369"),
        ["AddLaneSums"] = (() => Kernels.AddLaneSums(new float[N], N, new float[Wide], N), "lanes", "4295032832"),
        ["ToLanes"] = (() => Kernels.ToLanes(new float[8 * Wide], Wide, new float[589832], 65544), "lanes", "4295557128"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_span_whose_length_an_int_product_would_wrap_to_is_refused(string kernel)
    {
        var (call, parameter, expected) = Calls[kernel];
        var error = Assert.Throws<ArgumentException>(call);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void DescendAndClear_needs_a_gradient_as_long_as_theta()
    {
        float[] theta = [1, 2], gradient = [1, 1, 1, 1];
        var error = Assert.Throws<ArgumentException>(() => Kernels.DescendAndClear(theta, gradient, 0.1f, 0f));
        Assert.Equal("gradient", error.ParamName);
        Assert.Equal(new float[] { 1, 2 }, theta);
    }

    [Fact]
    public void SamplesInVectorLanes_needs_a_width_of_at_least_one() =>
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.SamplesInVectorLanes(10, 0)).ParamName);

    [Fact]
    public void A_recurrent_layer_without_inputs_steps_sixteen_streams_as_one_at_a_time()
    {
        // H = 3 on no inputs: weight_hh, bias_ih and bias_hh only.
        const int units = 3, streams = 16;
        var random = new Random(4);
        float[] layer = Enumerable.Range(0, (3 * units * units) + (6 * units)).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] hs = Enumerable.Range(0, streams * units).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var hNexts = new float[streams * units];
        Kernels.GruStepBatch(layer, streams, ReadOnlySpan<float>.Empty, hs, hNexts, default);

        var hNext = new float[units];
        for (int s = 0; s < streams; s++)
        {
            Kernels.GruStep(layer, ReadOnlySpan<float>.Empty, hs.AsSpan(s * units, units), hNext, new float[Kernels.GruCachePerUnit * units]);
            Assert.Equal(hNext, hNexts.AsSpan(s * units, units).ToArray());
        }
    }

    [Fact]
    public void The_entry_points_of_generated_code_check_their_arguments()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedParameters<float>(-1)).ParamName);

        var scaling = new Standardizer([0, 0, 0], [1, 1, 1]);
        Assert.Equal("buffer", Assert.Throws<ArgumentException>(() => NetworkScaling.Standardized<float>(scaling, new float[3], new float[2])).ParamName);
        Assert.Throws<NotSupportedException>(() => NetworkScaling.Standardized<int>(scaling, new int[3], new int[3]));
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => scaling.Invert(new float[4])).ParamName);
        Assert.Equal("standardDeviation", Assert.Throws<ArgumentException>(() => new Standardizer([0], [-1])).ParamName);
    }

    private static float[] Ones(int length) => Enumerable.Repeat(1f, length).ToArray();
}
