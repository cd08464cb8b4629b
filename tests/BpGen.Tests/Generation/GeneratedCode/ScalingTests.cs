namespace BpGen.Tests.Generation;

/// <summary>
/// InputScaling and OutputScaling: every generated method takes raw values and computes exactly what
/// the network without scaling computes on values standardized by hand, on both code paths.
/// </summary>
public class ScalingTests
{
    private static readonly Standardizer TwoInputs = new([0.5, -2], [2, 0.25]);

    /// <summary>A RegressionNet (3-5-4-2, MSE, unrolled) and its inputs and targets, raw.</summary>
    private static readonly Standardizer ThreeInputs = new([1, 0, -1], [0.5, 1, 0]);
    private static readonly Standardizer TwoTargets = new([10, -3], [4, 0.5]);

    [Fact]
    public void Forward_standardizes_the_inputs_on_both_code_paths()
    {
        float[] raw = [3, -1.5f];
        var scaled = new TestNet { InputScaling = TwoInputs };
        Assert.Equal(Forward(new TestNet(), Standardized(TwoInputs, raw)), Forward(scaled, raw));

        var random = new Random(3);
        var digitsScaling = new Standardizer(Enumerable.Range(0, 64).Select(i => (double)i).ToArray(), Enumerable.Range(0, 64).Select(i => 1 + i / 8.0).ToArray());
        float[] pixels = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() * 16)).ToArray();
        Assert.Equal(Forward(new DigitsNet(), Standardized(digitsScaling, pixels)), Forward(new DigitsNet { InputScaling = digitsScaling }, pixels));
    }

    [Fact]
    public void A_regression_answers_in_the_targets_units_and_learns_in_standardized_ones()
    {
        float[] input = [2, 5, -1];
        float[] target = [12, -2.5f];
        var plain = new RegressionNet();
        var scaled = new RegressionNet { InputScaling = ThreeInputs, OutputScaling = TwoTargets };

        float[] output = Forward(plain, Standardized(ThreeInputs, input));
        TwoTargets.Invert(output);
        Assert.Equal(output, Forward(scaled, input));

        var expectedGradient = new float[RegressionNet.ParameterCount];
        var gradient = new float[RegressionNet.ParameterCount];
        float expectedLoss = plain.Backward(Standardized(ThreeInputs, input), Standardized(TwoTargets, target), expectedGradient);
        Assert.Equal(expectedLoss, scaled.Backward(input, target, gradient));
        Assert.Equal(expectedGradient, gradient);

        Assert.Equal(plain.TrainStep(Standardized(ThreeInputs, input), Standardized(TwoTargets, target), 0.1f, 0.01f), scaled.TrainStep(input, target, 0.1f, 0.01f));
        Assert.Equal(plain.Parameters.ToArray(), scaled.Parameters.ToArray());
    }

    /// <summary>More samples than a block, so the batched methods standardize block after block.</summary>
    [Fact]
    public void The_batched_methods_standardize_block_after_block()
    {
        int count = 3 * RegressionNet.BatchWidth + 5;
        var random = new Random(5);
        float[] inputs = Enumerable.Range(0, count * 3).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] targets = Enumerable.Range(0, count * 2).Select(_ => (float)(random.NextDouble() * 20 - 5)).ToArray();
        var plain = new RegressionNet();
        var scaled = new RegressionNet { InputScaling = ThreeInputs, OutputScaling = TwoTargets };

        var expected = new float[count * 2];
        var actual = new float[count * 2];
        plain.ForwardBatch(Standardized(ThreeInputs, inputs), expected);
        TwoTargets.Invert(expected);
        scaled.ForwardBatch(inputs, actual);
        AssertClose(expected, actual); // restored by the network, and by the test's Standardizer: the same up to rounding

        var expectedGradient = new float[RegressionNet.ParameterCount];
        var gradient = new float[RegressionNet.ParameterCount];
        float expectedLoss = plain.BackwardBatch(Standardized(ThreeInputs, inputs), Standardized(TwoTargets, targets), expectedGradient);
        float loss = scaled.BackwardBatch(inputs, targets, gradient);
        AssertClose(expectedGradient, gradient); // lane sums added block by block rather than once
        Assert.Equal(expectedLoss, loss, Math.Abs(expectedLoss) * 1e-6f); // the losses are summed block by block
    }

    [Fact]
    public void Train_on_raw_data_gives_the_parameters_of_training_on_standardized_data()
    {
        float[] inputs = Enumerable.Range(0, 40 * 2).Select(i => (float)(i % 7) * 3 - 4).ToArray();
        int[] labels = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        var options = new TrainingOptions { Epochs = 5, BatchSize = 8, Optimizer = Optimizer.Adam, LearningRate = 0.05 };
        var plain = new TestNet();
        var scaled = new TestNet { InputScaling = TwoInputs };

        plain.Train(DataSet<float>.WithLabels(Standardized(TwoInputs, inputs), labels), options);
        scaled.Train(DataSet<float>.WithLabels(inputs, labels), options);

        Assert.Equal(plain.Parameters.ToArray(), scaled.Parameters.ToArray());
        Assert.Equal(plain.Evaluate(DataSet<float>.WithLabels(Standardized(TwoInputs, inputs), labels)), scaled.Evaluate(DataSet<float>.WithLabels(inputs, labels)));
    }

    [Fact]
    public void Scaling_of_another_size_or_output_scaling_of_a_classifier_is_refused()
    {
        var net = new TestNet();
        var inputs = Assert.Throws<ArgumentException>(() => net.InputScaling = ThreeInputs);
        var outputs = Assert.Throws<ArgumentException>(() => net.OutputScaling = TwoTargets);

        Assert.Contains("InputScaling must standardize the network's 2 inputs, but it has 3 features", inputs.Message);
        Assert.Contains("needs Loss.MeanSquaredError, but this network's loss is SoftmaxCrossEntropy", outputs.Message);
        Assert.Null(net.InputScaling);
        Assert.Null(net.OutputScaling);
    }

    [Fact]
    public void Scaled_methods_allocate_nothing()
    {
        var net = new RegressionNet { InputScaling = ThreeInputs, OutputScaling = TwoTargets };
        float[] input = [1, 2, 3], target = [4, 5], output = new float[2], gradient = new float[RegressionNet.ParameterCount];
        float[] inputs = new float[3 * 40], targets = new float[2 * 40], outputs = new float[2 * 40];

        Assert.Equal(0, Allocations.InSteadyState(() => net.Forward(input, output)));
        Assert.Equal(0, Allocations.InSteadyState(() => net.Backward(input, target, gradient)));
        Assert.Equal(0, Allocations.InSteadyState(() => net.TrainStep(input, target, 0.01f)));
        Assert.Equal(0, Allocations.InSteadyState(() => net.ForwardBatch(inputs, outputs)));
        Assert.Equal(0, Allocations.InSteadyState(() => net.BackwardBatch(inputs, targets, gradient)));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-5f * Math.Max(1, Math.Abs(expected[k])), $"value {k}: {actual[k]}, expected {expected[k]}");
        }
    }

    private static float[] Standardized(Standardizer scaling, float[] raw)
    {
        var copy = new float[raw.Length];
        scaling.Apply(raw, copy);
        return copy;
    }

    private static float[] Forward(INetwork<float> net, float[] input)
    {
        var output = new float[net.OutputSize];
        net.Forward(input, output);
        return output;
    }
}
