namespace BpGen.Tests.Runtime;

/// <summary>
/// The SIMD kernels against plain loops in double, for every shape around the vector width, the
/// row blocks (four rows portable, eight with AVX) and the four-vector column blocks: full vectors,
/// tails, and rows left over.
/// </summary>
public class KernelTests
{
    public static IEnumerable<object[]> Shapes() =>
        from rows in new[] { 1, 3, 4, 5, 8, 9, 17 }
        from columns in new[] { 1, 3, 4, 7, 8, 9, 16, 17, 33, 64, 70 }
        select new object[] { rows, columns };

    public static IEnumerable<object[]> ShapesOnBothPaths() =>
        from shape in Shapes()
        from portable in new[] { false, true }
        select new object[] { shape[0], shape[1], portable };

    /// <summary>Affine as called (the AVX path where the hardware has it) and its portable Vector&lt;T&gt; path.</summary>
    [Theory]
    [MemberData(nameof(ShapesOnBothPaths))]
    public void Affine_matches_the_definition(int rows, int columns, bool portable)
    {
        var (matrix, x, bias) = Random(rows, columns, portable ? 2 : 1);
        var single = new float[rows];
        var exact = new double[rows];
        if (portable)
        {
            Kernels.AffinePortable<float, SingleScalar>(Single(matrix), Single(bias), Single(x), single);
            Kernels.AffinePortable<double, DoubleScalar>(matrix, bias, x, exact);
        }
        else
        {
            Kernels.Affine(Single(matrix), Single(bias), Single(x), single);
            Kernels.Affine(matrix, bias, x, exact);
        }

        for (int i = 0; i < rows; i++)
        {
            double expected = bias[i] + Enumerable.Range(0, columns).Sum(j => matrix[i * columns + j] * x[j]);
            Assert.Equal(expected, exact[i], 1e-12);
            Assert.Equal(expected, single[i], 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyTransposedMatrixVector_matches_the_definition(int rows, int columns)
    {
        var (matrix, _, d) = Random(rows, columns, 3);
        var result = Enumerable.Repeat(9.0, columns).ToArray(); // overwritten, not added to
        Kernels.MultiplyTransposedMatrixVector(matrix, d, result);

        for (int j = 0; j < columns; j++)
        {
            Assert.Equal(Enumerable.Range(0, rows).Sum(i => matrix[i * columns + j] * d[i]), result[j], 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DescendOuterProduct_steps_every_weight_by_its_gradient_and_decay(int rows, int columns)
    {
        var (matrix, x, d) = Random(rows, columns, 4);
        double[] before = (double[])matrix.Clone();
        Kernels.DescendOuterProduct(d, x, matrix, 0.1, 0.01);

        for (int k = 0; k < matrix.Length; k++)
        {
            double expected = before[k] - (0.1 * (d[k / columns] * x[k % columns]) + 0.01 * before[k]);
            Assert.Equal(expected, matrix[k], 1e-15);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PropagateAndDescend_gives_exactly_the_product_then_the_step(int rows, int columns)
    {
        var (matrix, x, d) = Random(rows, columns, 5);
        float[] fused = Single(matrix), separate = Single(matrix);
        float[] fusedError = new float[columns], separateError = new float[columns];

        Kernels.PropagateAndDescend(Single(d), Single(x), fused, 0.1f, 0.01f, fusedError);
        Kernels.MultiplyTransposedMatrixVector(separate, Single(d), separateError);
        Kernels.DescendOuterProduct(Single(d), Single(x), separate, 0.1f, 0.01f);

        Assert.Equal(separateError, fusedError);
        Assert.Equal(separate, fused);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddOuterProduct_adds_d_times_x_transposed(int rows, int columns)
    {
        var (matrix, x, d) = Random(rows, columns, 6);
        double[] before = (double[])matrix.Clone();
        Kernels.AddOuterProduct(d, x, matrix);

        for (int k = 0; k < matrix.Length; k++)
        {
            Assert.Equal(before[k] + d[k / columns] * x[k % columns], matrix[k], 1e-15);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(37)]
    public void DescendAndClear_steps_every_element_the_same_way_vector_or_scalar(int length)
    {
        var (theta, gradient, _) = Random(1, length, 7);
        float[] single = Single(theta);
        float[] cleared = Single(gradient);
        Kernels.DescendAndClear(single, cleared, 0.1f, 0.01f);
        float[] scalar = Single(theta);
        float[] g = Single(gradient);
        for (int k = 0; k < length; k++)
        {
            scalar[k] -= 0.1f * g[k] + 0.01f * scalar[k];
        }

        Assert.Equal(scalar, single);
        Assert.All(cleared, value => Assert.Equal(0f, value));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(19)]
    public void Rectifiers_match_their_scalar_definitions_NaN_included(int length)
    {
        float[] z = Single(Random(1, length, 8).Matrix);
        z[0] = float.NaN; // in the vector part when there is one
        z[^1] = -0.5f; // in the scalar tail
        float[] relu = (float[])z.Clone(), leaky = (float[])z.Clone();
        Kernels.ReLU(relu);
        Kernels.LeakyReLU(leaky, 0.01f);

        Assert.Equal(z.Select(v => v < 0f ? 0f : v), relu);
        Assert.Equal(z.Select(v => v < 0f ? 0.01f * v : v), leaky);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(19)]
    public void Rectifier_derivatives_match_their_scalar_definitions(int length)
    {
        var (a, delta, _) = Random(1, length, 9);
        double[] outputs = a.Select(v => v < 0.5 ? 0 : v).ToArray(); // ReLU outputs: zeros and positives
        double[] relu = (double[])delta.Clone(), leaky = (double[])delta.Clone();
        Kernels.MultiplyByRectifierDerivative(relu, outputs, 0d);
        Kernels.MultiplyByRectifierDerivative(leaky, outputs, 0.01);

        Assert.Equal(delta.Zip(outputs, (e, v) => e * (v > 0 ? 1 : 0)), relu);
        Assert.Equal(delta.Zip(outputs, (e, v) => e * (v > 0 ? 1 : 0.01)), leaky);
    }

    [Fact]
    public void Spans_of_the_wrong_size_are_refused_with_what_was_expected()
    {
        var matrix = Assert.Throws<ArgumentException>(() => Kernels.Affine(new float[5], new float[3], new float[2], new float[3]));
        Assert.Contains("3 rows of 2 values = 6, but holds 5", matrix.Message);
        var bias = Assert.Throws<ArgumentException>(() => Kernels.Affine(new float[6], new float[2], new float[2], new float[3]));
        Assert.Contains("bias must hold 3 values", bias.Message);
        var x = Assert.Throws<ArgumentException>(() => Kernels.PropagateAndDescend(new float[3], new float[1], new float[6], 0.1f, 0f, new float[2]));
        Assert.Contains("x must hold 2 values", x.Message);
    }

    private static (double[] Matrix, double[] X, double[] D) Random(int rows, int columns, int seed)
    {
        var random = new SeededRandom(seed);
        double[] Values(int n) => Enumerable.Range(0, n).Select(_ => random.NextUniform(1)).ToArray();
        return (Values(rows * columns), Values(columns), Values(rows));
    }

    private static float[] Single(double[] values) => values.Select(v => (float)v).ToArray();
}
