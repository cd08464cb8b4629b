using System.Diagnostics;

namespace BpGen.Sample;

/// <summary>A network's ForwardSequence: T steps in, T steps out.</summary>
public delegate void SequencePass(ReadOnlySpan<float> inputs, Span<float> outputs);

/// <summary>What the digits GRU run produced.</summary>
public sealed record SequenceResult(TrainingReport Report, TimeSpan TrainingTime, int TrainCount, double TrainAccuracy, double TestAccuracy)
{
    public double SamplesPerSecond => Report.Epochs * (double)TrainCount / TrainingTime.TotalSeconds;
}

/// <summary>
/// The digits read as sequences, one row of 8 pixels per step, each digit's class the target of its last
/// step, on the same seeded 70/30 split as the dense digits network; the test part is the validation set.
/// </summary>
public static class SequenceExperiment
{
    /// <summary>A digit's rows, one step each, and its classes.</summary>
    private const int Steps = 8, Classes = 10;

    public static SequenceResult Run(IRecurrentNetwork<float> net, LabeledData digits, TrainingOptions options)
    {
        var (trainRows, testRows) = DataSplit.Indices(digits.Count, testFraction: 0.3, seed: 1);
        SequenceDataSet<float> train = DigitSequences(digits, trainRows), test = DigitSequences(digits, testRows);
        var clock = Stopwatch.StartNew();
        TrainingReport report = net.Train(train, options, test);
        clock.Stop();
        return new SequenceResult(report, clock.Elapsed, train.Count, net.Evaluate(train).Accuracy, net.Evaluate(test).Accuracy);
    }

    /// <summary>
    /// The share of the test digits (the same split) whose last step's largest output is their class, for
    /// any network's ForwardSequence: a frozen one, such as the GRU compiled in from PyTorch, included.
    /// </summary>
    public static double TestAccuracy(SequencePass forwardSequence, LabeledData digits)
    {
        var (_, testRows) = DataSplit.Indices(digits.Count, testFraction: 0.3, seed: 1);
        SequenceDataSet<float> test = DigitSequences(digits, testRows);
        var outputs = new float[Steps * Classes];
        int right = 0;
        for (int i = 0; i < test.Count; i++)
        {
            forwardSequence(test.Inputs(i), outputs);
            right += Metrics.ArgMax<float>(outputs.AsSpan((Steps - 1) * Classes, Classes)) == digits.Labels[testRows[i]] ? 1 : 0;
        }

        return (double)right / test.Count;
    }

    /// <summary>Each digit as 8 steps of 8 grey levels scaled to [0, 1], its one-hot class the target of the last step.</summary>
    private static SequenceDataSet<float> DigitSequences(LabeledData digits, int[] rows)
    {
        float[] inputs = rows.SelectMany(row => digits.Inputs.Skip(row * digits.FeatureCount).Take(digits.FeatureCount).Select(v => v / 16f)).ToArray();
        float[] targets = rows.SelectMany(row => Enumerable.Range(0, Classes).Select(c => c == digits.Labels[row] ? 1f : 0f)).ToArray();
        return SequenceDataSet<float>.FixedLength(inputs, targets, Steps, inputSize: 8, Classes, SequenceTargets.LastStep);
    }
}
