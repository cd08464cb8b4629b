using System.Diagnostics;

namespace BpGen.Sample;

/// <summary>What one classification run produced.</summary>
public sealed record ClassificationResult(
    TrainingReport Report,
    double TrainAccuracy,
    double TestAccuracy,
    int[,] ConfusionMatrix,
    int TrainCount,
    int TestCount,
    TimeSpan TrainingTime,
    float[] TestInputs,
    int[] TestLabels)
{
    /// <summary>
    /// Training samples per second of the Train call's wall time, which includes evaluating the test part
    /// after every epoch (for the loss curve).
    /// </summary>
    public double SamplesPerSecond => Report.Epochs * (double)TrainCount / TrainingTime.TotalSeconds;
}

/// <summary>
/// The whole supervised-learning routine for labeled data: a seeded 70/30 split, standardization
/// fitted on the training part, training, then accuracy and a confusion matrix on the test part.
/// </summary>
public static class ClassificationExperiment
{
    public static ClassificationResult Run(INetwork<float> net, LabeledData data, TrainingOptions options, int splitSeed = 1, double testFraction = 0.3)
    {
        var split = TrainTestSplit.Of(data.Inputs, data.FeatureCount, testFraction, splitSeed);
        float[] trainInputs = split.TrainInputs, testInputs = split.TestInputs;
        net.InputScaling = split.InputScaling; // the network standardizes raw inputs itself, and saves the scaling with its parameters
        int[] trainLabels = split.Train(data.Labels);
        int[] testLabels = split.Test(data.Labels);

        var clock = Stopwatch.StartNew();
        // The test part is passed as validation only to chart its loss; with Patience 0 it never stops training.
        TrainingReport report = net.Train(DataSet<float>.WithLabels(trainInputs, trainLabels), options, DataSet<float>.WithLabels(testInputs, testLabels));
        clock.Stop();

        int[] predicted = Predict(net, testInputs);
        return new ClassificationResult(
            report,
            net.Evaluate(DataSet<float>.WithLabels(trainInputs, trainLabels)).Accuracy,
            Metrics.Accuracy(testLabels, predicted),
            Metrics.ConfusionMatrix(testLabels, predicted, net.OutputSize),
            trainLabels.Length,
            testLabels.Length,
            clock.Elapsed,
            testInputs,
            testLabels);
    }

    /// <summary>The most probable class of every sample.</summary>
    public static int[] Predict(INetwork<float> net, float[] inputs)
    {
        var output = new float[net.OutputSize];
        var classes = new int[inputs.Length / net.InputSize];
        for (int s = 0; s < classes.Length; s++)
        {
            net.Forward(inputs.AsSpan(s * net.InputSize, net.InputSize), output);
            classes[s] = Metrics.ArgMax<float>(output);
        }

        return classes;
    }
}
