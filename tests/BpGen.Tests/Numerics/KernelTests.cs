namespace BpGen.Tests.Numerics;

/// <summary>
/// The SIMD kernels against plain loops in double, for every shape around the vector width and the
/// four-row blocks: full vectors, tails, and rows left over.
/// </summary>
public class KernelTests
{
    public static IEnumerable<object[]> Shapes() =>
        from rows in new[] { 1, 3, 4, 5, 9 }
        from columns in new[] { 1, 3, 7, 8, 9, 16, 17, 33 }
        select new object[] { rows, columns };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyMatrixVector_matches_the_definition(int rows, int columns)
    {
        var (matrix, x, _) = Random(rows, columns, 1);
        var result = new float[rows];
        Kernels.MultiplyMatrixVector(Single(matrix), Single(x), result);
        var exact = new double[rows];
        Kernels.MultiplyMatrixVector(matrix, x, exact);

        for (int i = 0; i < rows; i++)
        {
            double expected = Enumerable.Range(0, columns).Sum(j => matrix[i * columns + j] * x[j]);
            Assert.Equal(expected, exact[i], 1e-12);
            Assert.Equal(expected, result[i], 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyTransposedMatrixVector_matches_the_definition(int rows, int columns)
    {
        var (matrix, _, d) = Random(rows, columns, 2);
        var result = Enumerable.Repeat(9.0, columns).ToArray(); // overwritten, not added to
        Kernels.MultiplyTransposedMatrixVector(matrix, d, result);

        for (int j = 0; j < columns; j++)
        {
            Assert.Equal(Enumerable.Range(0, rows).Sum(i => matrix[i * columns + j] * d[i]), result[j], 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddOuterProduct_adds_d_times_x_transposed(int rows, int columns)
    {
        var (matrix, x, d) = Random(rows, columns, 3);
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
        var (theta, gradient, _) = Random(1, length, 4);
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

    [Fact]
    public void A_matrix_of_the_wrong_size_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Kernels.MultiplyMatrixVector(new float[5], new float[2], new float[3]));
        Assert.Contains("3 rows of 2 values = 6, but holds 5", error.Message);
    }

    private static (double[] Matrix, double[] X, double[] D) Random(int rows, int columns, int seed)
    {
        var random = new SeededRandom(seed);
        double[] Values(int n) => Enumerable.Range(0, n).Select(_ => random.NextUniform(1)).ToArray();
        return (Values(rows * columns), Values(columns), Values(rows));
    }

    private static float[] Single(double[] values) => values.Select(v => (float)v).ToArray();
}
