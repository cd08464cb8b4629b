using System.Diagnostics;

namespace BpGen.Sample;

/// <summary>What one regression run produced, in the target's own units.</summary>
public sealed record RegressionResult(TrainingReport Report, double TrainRmse, double TestRmse, double TestR2, int TrainCount, int TestCount, TimeSpan TrainingTime)
{
    public double SamplesPerSecond => Report.Epochs * (double)TrainCount / TrainingTime.TotalSeconds;
}

/// <summary>
/// A seeded 70/30 split (<see cref="TrainTestSplit"/>), the target standardized too (the network's
/// OutputScaling: it learns in standardized units and answers in the target's); training on mean
/// squared error; root-mean-square error and R² in the target's units.
/// </summary>
public static class RegressionExperiment
{
    public static RegressionResult Run(INetwork<float> net, RegressionData data, TrainingOptions options, int splitSeed = 1, double testFraction = 0.3)
    {
        var split = TrainTestSplit.Of(data.Inputs, data.FeatureCount, testFraction, splitSeed);
        float[] trainInputs = split.TrainInputs, testInputs = split.TestInputs;
        float[] trainTargets = split.Train(data.Targets);
        float[] testTargets = split.Test(data.Targets);
        net.InputScaling = split.InputScaling;
        net.OutputScaling = Standardizer.Fit(trainTargets, 1);

        // The test part is passed as validation only to chart its loss; with Patience 0 it never stops training.
        var clock = Stopwatch.StartNew();
        TrainingReport report = net.Train(new DataSet<float>(trainInputs, trainTargets), options, new DataSet<float>(testInputs, testTargets));
        clock.Stop();

        double Rmse(float[] inputs, float[] targets) => Math.Sqrt(Residuals(net, inputs, targets).Average(r => r * r));
        double testVariance = testTargets.Average(y => Math.Pow(y - testTargets.Average(), 2));
        double testRmse = Rmse(testInputs, testTargets);
        return new RegressionResult(report, Rmse(trainInputs, trainTargets), testRmse, 1 - testRmse * testRmse / testVariance, trainTargets.Length, testTargets.Length, clock.Elapsed);
    }

    /// <summary>Prediction minus target for every sample, in the target's units.</summary>
    private static IEnumerable<double> Residuals(INetwork<float> net, float[] inputs, float[] targets)
    {
        var output = new float[1];
        for (int s = 0; s < targets.Length; s++)
        {
            net.Forward(inputs.AsSpan(s * net.InputSize, net.InputSize), output);
            yield return output[0] - targets[s];
        }
    }
}
