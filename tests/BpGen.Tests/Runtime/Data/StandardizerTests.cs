namespace BpGen.Tests.Runtime;

/// <summary>Standardizer's float path: the same arithmetic a vector at a time as one feature at a time.</summary>
public class StandardizerTests
{
    /// <summary>Feature counts below, at and past a vector's width, so both the vector part and the rest are used.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(67)]
    public void Every_float_is_standardized_with_mean_and_factor_rounded_to_float(int features)
    {
        var random = new Random(features);
        double[] mean = Enumerable.Range(0, features).Select(_ => random.NextDouble() * 100 - 50).ToArray();
        double[] deviation = Enumerable.Range(0, features).Select(i => i % 5 == 0 ? 0 : random.NextDouble() * 10).ToArray();
        var scaling = new Standardizer(mean, deviation);
        float[] raw = Enumerable.Range(0, 3 * features).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();

        var standardized = new float[raw.Length];
        scaling.Apply(raw, standardized);
        float[] inPlace = raw.ToArray();
        scaling.Apply(inPlace);

        for (int i = 0; i < raw.Length; i++)
        {
            int f = i % features;
            float factor = deviation[f] > 0 ? (float)(1 / deviation[f]) : 0f;
            float expected = (raw[i] - (float)mean[f]) * factor;
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(standardized[i]));
        }

        Assert.Equal(standardized, inPlace);
    }

    [Fact]
    public void Its_mean_and_deviation_cannot_be_changed_through_the_lists_it_returns()
    {
        var standardizer = new Standardizer([1, 2], [3, 4]);

        Assert.False(standardizer.Mean is double[] or List<double>);
        Assert.Throws<NotSupportedException>(() => ((IList<double>)standardizer.StandardDeviation)[0] = 0);
        Assert.Equal([3.0, 4.0], standardizer.StandardDeviation);
    }

    [Fact]
    public void A_feature_that_never_changes_is_fitted_to_its_value_and_a_deviation_of_exactly_0()
    {
        // 0.1 three times sums to 0.30000000000000004: the mean alone would be 0.10000000000000002, σ 1.4e-17.
        Standardizer scaling = Standardizer.Fit([0.1, 7, 0.1, 8, 0.1, 9], featureCount: 2);

        Assert.Equal([0.1, 8.0], scaling.Mean);
        Assert.Equal(0.0, scaling.StandardDeviation[0]);
        double[] standardized = new double[2];
        scaling.Apply([0.1, 8], standardized);
        Assert.Equal([0.0, 0.0], standardized);

        // As an output scaling it is refused: the network would answer 0.1 whatever it computed.
        var error = Assert.Throws<ArgumentException>(() => new RegressionNet().OutputScaling = Standardizer.Fit([0.1, 1, 0.1, 2], featureCount: 2));
        Assert.Contains("the standard deviation of output 0 is 0", error.Message);
    }

    [Fact]
    public void Fitting_data_that_is_not_finite_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Standardizer.Fit(new float[] { 1, float.NaN, 3, 4, 5, 6, 7, 8 }, 4));
        Assert.Equal("'inputs' holds NaN at feature 1 of sample 0; data must be finite numbers. (Parameter 'inputs')", error.Message);
    }

    [Theory]
    [InlineData(1.5, 2.5, 2, 0.5)]
    [InlineData(-1e300, 1e300, 0, 1e300)]
    [InlineData(1e308, 1e308, 1e308, 0)]
    public void Fitting_values_near_doubles_largest_gives_their_mean_and_deviation(double a, double b, double mean, double deviation)
    {
        Standardizer fitted = Standardizer.Fit(new[] { a, b }, 1);
        Assert.Equal(mean, fitted.Mean[0]);
        Assert.Equal(deviation, fitted.StandardDeviation[0]);
    }

    [Fact]
    public void Fitting_values_whose_squared_deviations_a_double_cannot_hold_keeps_their_deviation()
    {
        double t = Math.ScaleB(1, -990); // t² is below the smallest double
        Standardizer fitted = Standardizer.Fit(new[] { t, 3 * t }, 1);
        Assert.Equal(2 * t, fitted.Mean[0]);
        Assert.Equal(t, fitted.StandardDeviation[0]);
    }

    [Fact]
    public void A_deviation_whose_reciprocal_is_infinite_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Standardizer([0, 0], [1, 1e-320]));
        Assert.Contains("the standard deviation of feature 1 is 1E-320, so small that 1/σ is infinite", error.Message);
    }

    [Fact]
    public void A_float_network_refuses_a_scaling_beyond_float_and_a_double_network_takes_it()
    {
        var tiny = new Standardizer([0, 0], [1, 1e-40]);
        var net = new TestNet();
        var error = Assert.Throws<ArgumentException>(() => net.InputScaling = tiny);
        Assert.Equal("InputScaling", error.ParamName);
        Assert.Contains("feature 1's mean 0 and standard deviation 1E-40 do not fit a float network", error.Message);
        Assert.Null(net.InputScaling);

        var exact = new TestNetDouble { InputScaling = tiny };
        Assert.Same(tiny, exact.InputScaling);

        // The same scaling in a file, loaded into the float network: refused, nothing changed.
        var json = new StringWriter();
        exact.ExportParametersJson(json);
        string asFloat = json.ToString().Replace("\"double\"", "\"float\"", StringComparison.Ordinal);
        Assert.NotEqual(json.ToString(), asFloat);
        float[] before = net.Parameters.ToArray();
        var refusal = Assert.Throws<InvalidDataException>(() => net.ImportParametersJson(new StringReader(asFloat)));
        Assert.Contains("its input scaling's feature 1's mean 0 and standard deviation 1E-40 do not fit a float network", refusal.Message);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.Null(net.InputScaling);
    }
}
