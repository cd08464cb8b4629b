namespace BpGen.Tests.Sample;

// Inside the namespace, so the sample's own networks win over the test fixtures of the same names.
using BpGen.Sample;

/// <summary>The sample's runs on real data, with its own settings and seeds, reach published accuracy.</summary>
public class SampleAccuracyTests
{
    [Fact]
    public void Digits_reach_96_percent_test_accuracy()
    {
        ClassificationResult result = ClassificationExperiment.Run(new DigitsNet(), DataSets.Digits(), Settings.Digits());
        Assert.Equal(1258, result.TrainCount);
        Assert.Equal(539, result.TestCount);
        Assert.True(result.TestAccuracy >= 0.96, $"test accuracy {result.TestAccuracy:P2}");
    }

    [Fact]
    public void Digits_read_as_sequences_reach_96_percent_test_accuracy_with_a_gru()
    {
        SequenceResult result = SequenceExperiment.Run(new DigitsGru(), DataSets.Digits(), Settings.DigitsSequence());
        Assert.Equal(1258, result.TrainCount);
        Assert.True(result.TestAccuracy >= 0.96, $"test accuracy {result.TestAccuracy:P2}");
    }

    /// <summary>
    /// The sample's GRU trained in PyTorch, exported to ONNX and compiled in (<see cref="TorchDigitsGru"/>):
    /// it classifies as many test digits right as torch did, and gives torch's outputs (Models/digits-gru-torch.json,
    /// written by Models/train_digits_gru.py) for the first test digits.
    /// </summary>
    [Fact]
    public void The_gru_trained_in_pytorch_and_compiled_in_classifies_as_torch_did()
    {
        using var torch = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models", "digits-gru-torch.json")));
        LabeledData digits = DataSets.Digits();
        var net = new TorchDigitsGru();

        double accuracy = SequenceExperiment.TestAccuracy(net.ForwardSequence, digits);
        Assert.Equal(torch.RootElement.GetProperty("right").GetInt32() / (double)torch.RootElement.GetProperty("testDigits").GetInt32(), accuracy, 1e-12);

        var (_, testRows) = DataSplit.Indices(digits.Count, testFraction: 0.3, seed: 1);
        var outputs = new float[8 * TorchDigitsGru.OutputSize];
        int first = 0;
        foreach (System.Text.Json.JsonElement logits in torch.RootElement.GetProperty("firstTestLogits").EnumerateArray())
        {
            float[] pixels = digits.Inputs.Skip(testRows[first++] * 64).Take(64).Select(v => v / 16f).ToArray();
            net.ForwardSequence(pixels, outputs);
            double[] z = logits.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double sum = z.Sum(v => Math.Exp(v - z.Max()));
            for (int k = 0; k < z.Length; k++)
            {
                Assert.Equal(Math.Exp(z[k] - z.Max()) / sum, outputs[(7 * 10) + k], 1e-5);
            }
        }
    }

    /// <summary>
    /// The digits network a run of the sample saved (Models/), loaded into a fresh instance and compiled in,
    /// classifies raw pixels: the file carries the input scaling it was trained with.
    /// </summary>
    [Fact]
    public void The_compiled_in_digits_network_predicts_raw_pixels_as_its_file_loaded_at_run_time_does()
    {
        LabeledData data = DataSets.Digits();
        var split = TrainTestSplit.Of(data.Inputs, data.FeatureCount, testFraction: 0.3, seed: 1);
        var loaded = new DigitsNet();
        using (FileStream file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Models", "digits-64-32-10.bpgen")))
        {
            loaded.LoadParameters(file);
        }

        var frozen = new FrozenDigitsNet();
        Assert.Equal(loaded.Parameters.ToArray(), frozen.Parameters.ToArray());
        Assert.Equal(split.InputScaling, loaded.InputScaling);
        Assert.Equal(split.InputScaling, frozen.InputScaling);
        var expected = new float[DigitsNet.OutputSize];
        var actual = new float[DigitsNet.OutputSize];
        int correct = 0;
        int[] labels = split.Test(data.Labels);
        for (int s = 0; s < labels.Length; s++)
        {
            ReadOnlySpan<float> input = split.TestInputs.AsSpan(s * DigitsNet.InputSize, DigitsNet.InputSize);
            loaded.Forward(input, expected);
            frozen.Forward(input, actual);
            Assert.Equal(expected, actual);
            correct += Metrics.ArgMax<float>(actual) == labels[s] ? 1 : 0;
        }

        Assert.True(correct >= 0.96 * labels.Length, $"{correct} of {labels.Length} test samples right");
    }

    [Fact]
    public void Iris_reaches_93_percent_test_accuracy()
    {
        ClassificationResult result = ClassificationExperiment.Run(new IrisNet(), DataSets.Iris(), Settings.Iris());
        Assert.Equal(45, result.TestCount);
        Assert.True(result.TestAccuracy >= 0.93, $"test accuracy {result.TestAccuracy:P2}");
    }

    [Fact]
    public void Diabetes_regression_explains_part_of_the_variance()
    {
        RegressionResult result = RegressionExperiment.Run(new DiabetesNet(), DataSets.Diabetes(), Settings.Diabetes());
        Assert.True(result.TestR2 > 0.3, $"test R² {result.TestR2:F3}");
    }

    [Fact]
    public void The_data_sets_load_whole()
    {
        LabeledData digits = DataSets.Digits();
        Assert.Equal(1797, digits.Count);
        Assert.Equal(1797 * 64, digits.Inputs.Length);
        Assert.Equal(Enumerable.Range(0, 10), digits.Labels.Distinct().Order());
        LabeledData iris = DataSets.Iris();
        Assert.Equal(150, iris.Count);
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, iris.ClassNames);
        RegressionData diabetes = DataSets.Diabetes();
        Assert.Equal(442, diabetes.Count);
        Assert.Equal(4420, diabetes.Inputs.Length);
    }
}
