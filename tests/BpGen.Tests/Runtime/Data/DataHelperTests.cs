namespace BpGen.Tests.Runtime;

/// <summary>Standardizer, Metrics and DataSplit.</summary>
public class DataHelperTests
{
    [Fact]
    public void Standardizer_fits_mean_and_deviation_and_maps_training_data_to_zero_mean_unit_deviation()
    {
        float[] inputs = { 1, 100, 3, 100, 5, 100, 7, 100 }; // feature 0: 1, 3, 5, 7; feature 1 constant
        Standardizer standardizer = Standardizer.Fit(inputs, 2);

        Assert.Equal(new[] { 4.0, 100.0 }, standardizer.Mean);
        Assert.Equal(Math.Sqrt(5), standardizer.StandardDeviation[0], 1e-12);
        Assert.Equal(0, standardizer.StandardDeviation[1]);

        standardizer.Apply(inputs);
        Assert.Equal(new[] { -3 / Math.Sqrt(5), 0, -1 / Math.Sqrt(5), 0, 1 / Math.Sqrt(5), 0, 3 / Math.Sqrt(5), 0 }, inputs.Select(x => (double)x), new ToleranceComparer(1e-6));
    }

    [Fact]
    public void Standardizer_stays_exact_far_from_zero()
    {
        double[] inputs = { 1e9 + 1, 1e9 + 2, 1e9 + 3 };
        Standardizer standardizer = Standardizer.Fit(inputs, 1);
        Assert.Equal(Math.Sqrt(2.0 / 3), standardizer.StandardDeviation[0], 1e-9);
    }

    [Fact]
    public void Standardizer_refuses_inputs_that_are_not_whole_samples()
    {
        var error = Assert.Throws<ArgumentException>(() => Standardizer.Fit(new float[5], 2));
        Assert.Contains("whole, nonzero number of samples of 2 features", error.Message);
        Standardizer fitted = Standardizer.Fit(new float[4], 2);
        Assert.Throws<ArgumentException>(() => fitted.Apply(new float[3]));
    }

    [Fact]
    public void Metrics_count_accuracy_and_confusion()
    {
        int[] actual = { 0, 1, 2, 2, 1 };
        int[] predicted = { 0, 2, 2, 2, 1 };
        Assert.Equal(0.8, Metrics.Accuracy(actual, predicted), 1e-12);
        int[,] matrix = Metrics.ConfusionMatrix(actual, predicted, 3);
        Assert.Equal(1, matrix[0, 0]);
        Assert.Equal(1, matrix[1, 1]);
        Assert.Equal(1, matrix[1, 2]);
        Assert.Equal(2, matrix[2, 2]);
        Assert.Equal(5, matrix.Cast<int>().Sum());
        Assert.Equal(2, Metrics.ArgMax<float>(new[] { 0.1f, 0.2f, 0.7f }));
        Assert.Throws<ArgumentException>(() => Metrics.ConfusionMatrix(actual, new[] { 0, 1, 2, 3, 1 }, 3));
    }

    [Fact]
    public void DataSplit_is_seeded_disjoint_and_complete()
    {
        var (train, test) = DataSplit.Indices(100, 0.3, seed: 5);
        Assert.Equal(70, train.Length);
        Assert.Equal(30, test.Length);
        Assert.Equal(Enumerable.Range(0, 100), train.Concat(test).Order());
        Assert.Equal(test, DataSplit.Indices(100, 0.3, seed: 5).Test);
        Assert.NotEqual(test, DataSplit.Indices(100, 0.3, seed: 6).Test);

        float[] rows = { 0, 0, 1, 1, 2, 2 };
        Assert.Equal(new float[] { 2, 2, 0, 0 }, DataSplit.Rows<float>(rows, 2, new[] { 2, 0 }));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
