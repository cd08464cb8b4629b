using static BpGen.Tests.Runtime.SequenceTraining.SequenceProblems;

namespace BpGen.Tests.Runtime.SequenceTraining;

/// <summary>GradientClipping: the batch-mean gradient's global norm is cut to the limit, and a gradient within it is left alone.</summary>
public class GradientClippingTests
{
    [Fact]
    public void A_recurrent_step_is_scaled_to_the_norm_exactly()
    {
        SequenceDataSet<double> data = Random([4, 2, 6], SequenceTargets.EveryStep, seed: 1);
        const double LearningRate = 0.7;
        IRecurrentNetwork<double> probe = Lstm();
        double[] initial = probe.Parameters.ToArray();
        var gradient = new double[probe.ParameterCount];
        for (int i = 0; i < data.Count; i++)
        {
            probe.BackwardSequence(data.Inputs(i), data.Targets(i), gradient);
        }

        double norm = Math.Sqrt(gradient.Sum(g => g * g)) / data.Count; // ‖g/m‖
        double limit = norm / 4;
        TrainingOptions Options(double clipping) => new() { Epochs = 1, BatchSize = data.Count, Shuffle = false, LearningRate = LearningRate, GradientClipping = clipping };

        IRecurrentNetwork<double> clipped = Lstm(), loose = Lstm(), unclipped = Lstm();
        clipped.Train(data, Options(limit));
        loose.Train(data, Options(norm * 1.01));
        unclipped.Train(data, Options(0));

        // θ − α·(c/‖g/m‖)·g/m: the step of a gradient of norm c in the same direction.
        double[] expected = initial.Select((theta, k) => theta - LearningRate * (limit / norm) * gradient[k] / data.Count).ToArray();
        Assert.All(clipped.Parameters.ToArray().Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 1e-12));
        Assert.Equal(unclipped.Parameters.ToArray(), loose.Parameters.ToArray());
        Assert.NotEqual(unclipped.Parameters.ToArray(), clipped.Parameters.ToArray());
    }

    /// <summary>Dense training clips too, batches of one included (which then leave the fused TrainStep).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_dense_step_is_scaled_to_the_norm_exactly(int batchSize)
    {
        double[] inputs = [0.5, -1, 2, 0.25, -0.75, 1.5, 1, 1];
        double[] targets = [1, 0, 0, 1, 1, 0, 0, 1];
        var probe = new TestNetDouble();
        double[] initial = probe.Parameters.ToArray();
        var gradient = new double[TestNetDouble.ParameterCount];
        probe.BackwardBatch(inputs.AsSpan(0, batchSize * 2), targets.AsSpan(0, batchSize * 2), gradient);
        double norm = Math.Sqrt(gradient.Sum(g => g * g)) / batchSize;
        double limit = norm / 3;

        var net = new TestNetDouble();
        net.Train(new DataSet<double>(inputs.AsSpan(0, batchSize * 2), targets.AsSpan(0, batchSize * 2)), new TrainingOptions { Epochs = 1, BatchSize = batchSize, Shuffle = false, LearningRate = 0.5, GradientClipping = limit });

        double[] expected = initial.Select((theta, k) => theta - 0.5 * (limit / norm) * gradient[k] / batchSize).ToArray();
        Assert.All(net.Parameters.ToArray().Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 1e-12));
    }
}
