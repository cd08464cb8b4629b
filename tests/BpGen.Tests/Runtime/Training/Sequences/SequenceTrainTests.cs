using BpGen.Tests.Infrastructure;
using static BpGen.Tests.Runtime.SequenceTraining.SequenceProblems;

namespace BpGen.Tests.Runtime.SequenceTraining;

/// <summary>Train on sequences: every optimizer learns; the loop is BackwardSequence and Update; stopping, divergence and allocation as for dense networks.</summary>
public class SequenceTrainTests
{
    [Theory]
    [InlineData(Optimizer.Sgd, 2.0)]
    [InlineData(Optimizer.Momentum, 0.3)]
    [InlineData(Optimizer.Adam, 0.03)]
    public void A_gru_learns_a_delay_task_with_every_optimizer(Optimizer optimizer, double learningRate)
    {
        IRecurrentNetwork<float> net = Gru();
        SequenceDataSet<float> data = Delay(48, [6, 4, 8], seed: 1);
        double before = net.Evaluate(data).Loss;

        TrainingReport report = net.Train(data, new TrainingOptions { Epochs = 40, BatchSize = 8, LearningRate = learningRate, Optimizer = optimizer, GradientClipping = 5 });

        Assert.Equal(StopReason.MaxEpochs, report.StopReason);
        Assert.True(report.Loss[^1] < 0.6 * report.Loss[0], $"{report.Loss[0]} → {report.Loss[^1]}");
        Assert.True(net.Evaluate(data).Loss < 0.6 * before, $"{before} → {net.Evaluate(data).Loss}");
    }

    [Theory]
    [InlineData(Optimizer.Sgd, 3.0, 150)]
    [InlineData(Optimizer.Momentum, 0.2, 40)]
    [InlineData(Optimizer.Adam, 0.03, 40)]
    public void An_lstm_learns_to_recall_the_first_step_with_every_optimizer(Optimizer optimizer, double learningRate, int epochs)
    {
        IRecurrentNetwork<double> net = Lstm();
        SequenceDataSet<double> data = Recall(48, 5, seed: 2);

        TrainingReport report = net.Train(data, new TrainingOptions { Epochs = epochs, BatchSize = 8, LearningRate = learningRate, Optimizer = optimizer, GradientClipping = 5 });

        Assert.True(report.Loss[^1] < 0.5 * report.Loss[0], $"{report.Loss[0]} → {report.Loss[^1]}");
        Assert.True(net.Evaluate(data).Accuracy > 0.9, net.Evaluate(data).ToString());
    }

    /// <summary>
    /// Ragged sequences in shuffled mini-batches, bit for bit the documented loop: per batch BackwardSequence
    /// of each sequence from the zero state, then Update. Bit for bit because GruMse's layers are narrower
    /// than a vector, so the weight gradient adds step after step whether Train takes neighbours of one
    /// length together or not; for wider layers the two agree up to the order of the sums
    /// (RecurrentBackwardSequencesTests).
    /// </summary>
    [Fact]
    public void Train_with_SGD_equals_a_hand_loop_of_BackwardSequence_and_Update_bit_for_bit()
    {
        const int Epochs = 4, Seed = 5, BatchSize = 3;
        const float LearningRate = 0.5f, L2 = 0.01f;
        SequenceDataSet<float> data = Delay(10, [3, 7, 1, 5], seed: 3);
        IRecurrentNetwork<float> trained = Gru(), byHand = Gru();
        trained.Train(data, new TrainingOptions { Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, L2 = L2, Seed = Seed });

        var gradient = new float[byHand.ParameterCount];
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        var random = new SeededRandom(Seed);
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle<int>(order);
            for (int start = 0; start < order.Length; start += BatchSize)
            {
                int end = Math.Min(start + BatchSize, order.Length);
                for (int s = start; s < end; s++)
                {
                    byHand.BackwardSequence(data.Inputs(order[s]), data.Targets(order[s]), gradient);
                }

                byHand.Update(gradient, LearningRate, end - start, L2);
            }
        }

        Assert.Equal(Bits(byHand.Parameters), Bits(trained.Parameters));
    }

    [Fact]
    public void The_epoch_loss_is_the_mean_sequence_loss_before_each_step()
    {
        SequenceDataSet<double> data = Random([2, 6, 3], SequenceTargets.EveryStep, seed: 4);
        IRecurrentNetwork<double> net = Lstm();
        var gradient = new double[net.ParameterCount];
        double expected = Enumerable.Range(0, data.Count).Average(i => net.BackwardSequence(data.Inputs(i), data.Targets(i), gradient));

        TrainingReport report = net.Train(data, new TrainingOptions { Epochs = 1, BatchSize = 3 });

        Assert.Equal(expected, report.Loss[0], 12);
    }

    /// <summary>A NaN in the training sequences makes the first epoch's loss NaN: Diverged, with the parameters from before training.</summary>
    [Fact]
    public void Divergence_stops_training_and_restores_the_last_finite_epoch()
    {
        // Outputs without a squashing function and a learning rate of 10³⁰: the second batch's loss is past float's range.
        var net = (IRecurrentNetwork<float>)Activator.CreateInstance(GeneratorRunner.CompileAndLoad(
            "using BpGen;\n[Network(4, 5, 3, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class LinearGru { }")
            .GetType("LinearGru", throwOnError: true)!)!;
        float[] initial = net.Parameters.ToArray();

        TrainingReport report = net.Train(Delay(8, [4], seed: 6), new TrainingOptions { Epochs = 3, BatchSize = 2, LearningRate = 1e30 });

        Assert.Equal(StopReason.Diverged, report.StopReason);
        Assert.Equal(1, report.StoppedAtEpoch);
        Assert.Equal(0, report.Epochs);
        Assert.Equal(Bits(initial), Bits(net.Parameters));
    }

    /// <summary>
    /// Validation sequences whose targets are the training task's inverted soon get worse as training
    /// learns the task: patience stops training and restores the best epoch's parameters, those that
    /// training for that many epochs alone gives.
    /// </summary>
    [Fact]
    public void Early_stopping_watches_the_validation_sequences()
    {
        var options = new TrainingOptions { Epochs = 10, Patience = 2, LearningRate = 0.5 };
        IRecurrentNetwork<float> net = Gru();
        TrainingReport report = net.Train(Delay(8, [4], seed: 8), options, Inverted(Delay(4, [3], seed: 7)));

        Assert.Equal(StopReason.EarlyStopping, report.StopReason);
        Assert.Equal(report.BestEpoch + 2, report.Epochs);
        Assert.True(report.Epochs < 10);
        Assert.Equal(report.ValidationLoss.Min(), report.ValidationLoss[report.BestEpoch - 1]);

        IRecurrentNetwork<float> best = Gru();
        best.Train(Delay(8, [4], seed: 8), new TrainingOptions { Epochs = report.BestEpoch, LearningRate = 0.5 });
        Assert.Equal(Bits(best.Parameters), Bits(net.Parameters));
    }

    [Fact]
    public void Validation_sequences_that_are_not_finite_are_refused_by_name()
    {
        IRecurrentNetwork<float> net = Gru();
        float[] initial = net.Parameters.ToArray();
        var error = Assert.Throws<ArgumentException>(() => net.Train(Delay(8, [4], seed: 8), new TrainingOptions(), WithNaN(Delay(4, [3], seed: 7))));
        Assert.Equal("validation", error.ParamName);
        Assert.Contains("holds NaN at input 0 of step 0 of sequence 0", error.Message);
        Assert.Equal(Bits(initial), Bits(net.Parameters));
    }

    [Theory]
    [InlineData(0)] // whole sequences
    [InlineData(3)] // windows
    public void Training_allocates_nothing_per_step(int truncatedSteps)
    {
        IRecurrentNetwork<float> net = Gru();
        SequenceDataSet<float> data = Delay(12, [5, 9, 2], seed: 9), validation = Delay(3, [6], seed: 10);
        long Allocated(int epochs) => Allocations.InSteadyState(() => net.Train(
            data,
            new TrainingOptions { Epochs = epochs, BatchSize = 4, Optimizer = Optimizer.Adam, GradientClipping = 0.5, TruncatedSteps = truncatedSteps, Patience = 0 },
            validation));

        long few = Allocated(2);
        long many = Allocated(30); // 336 more sequences

        // Only the per-epoch lists grow: loss, validation loss and accuracy, 8 bytes each an epoch.
        Assert.InRange(many - few, 0, 28 * 24 + 64);
    }

    /// <summary>
    /// Two threads split each batch in halves, each half's gradient its own, added in thread order:
    /// bit for bit that loop by hand, the same every run. A batch too small to share runs on one thread.
    /// </summary>
    [Fact]
    public void Parallel_training_adds_each_threads_gradient_in_thread_order_bit_for_bit()
    {
        const int Epochs = 2, Seed = 7, BatchSize = 96;
        const float LearningRate = 0.5f;
        SequenceDataSet<float> data = Delay(192, [8, 5], seed: 6);
        IRecurrentNetwork<float> trained = Gru(), byHand = Gru();
        Assert.Equal(2, TrainingLoop.ThreadsFor(2, BatchSize, (long)trained.ParameterCount * data.LongestSequence));
        trained.Train(data, new TrainingOptions { Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, Seed = Seed, Parallelism = 2 });

        float[] gradient = new float[byHand.ParameterCount], second = new float[byHand.ParameterCount];
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        var random = new SeededRandom(Seed);
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle<int>(order);
            for (int start = 0; start < order.Length; start += BatchSize)
            {
                int end = Math.Min(start + BatchSize, order.Length), middle = start + ((end - start) / 2);
                for (int s = start; s < end; s++)
                {
                    byHand.BackwardSequence(data.Inputs(order[s]), data.Targets(order[s]), s < middle ? gradient : second);
                }

                for (int k = 0; k < gradient.Length; k++)
                {
                    gradient[k] += second[k];
                    second[k] = 0;
                }

                byHand.Update(gradient, LearningRate, end - start);
            }
        }

        Assert.Equal(Bits(byHand.Parameters), Bits(trained.Parameters));

        IRecurrentNetwork<float> oneThread = Gru(), smallBatches = Gru();
        oneThread.Train(data, new TrainingOptions { Epochs = 1, BatchSize = 4, Seed = Seed });
        smallBatches.Train(data, new TrainingOptions { Epochs = 1, BatchSize = 4, Seed = Seed, Parallelism = 2 });
        Assert.Equal(Bits(oneThread.Parameters), Bits(smallBatches.Parameters));
    }

    [Fact]
    public void Sequences_of_the_wrong_width_are_refused_with_what_was_expected()
    {
        SequenceDataSet<double> wide = SequenceDataSet<double>.FixedLength(new double[10], new double[4], 2, 5, 4, SequenceTargets.LastStep);

        var error = Assert.Throws<ArgumentException>(() => Lstm().Train(wide, new TrainingOptions()));

        Assert.Equal("training", error.ParamName);
        Assert.Contains("steps of 5 inputs and 4 targets, but the network takes InputSize = 3 and OutputSize = 4", error.Message);
    }

    /// <summary>The same sequences with every target y replaced by 1 − y.</summary>
    private static SequenceDataSet<float> Inverted(SequenceDataSet<float> data) =>
        SequenceDataSet<float>.Ragged(
            Enumerable.Range(0, data.Count).Select(i => data.Inputs(i).ToArray()).ToList(),
            Enumerable.Range(0, data.Count).Select(i => data.Targets(i).ToArray().Select(y => 1 - y).ToArray()).ToList(),
            data.InputSize,
            data.OutputSize,
            data.TargetSteps);

    /// <summary><paramref name="data"/> with its first input NaN.</summary>
    private static SequenceDataSet<float> WithNaN(SequenceDataSet<float> data)
    {
        var inputs = Enumerable.Range(0, data.Count).Select(i => data.Inputs(i).ToArray()).ToList();
        inputs[0][0] = float.NaN;
        return SequenceDataSet<float>.Ragged(inputs, Enumerable.Range(0, data.Count).Select(i => data.Targets(i).ToArray()).ToList(), 4, 3, SequenceTargets.EveryStep);
    }

    internal static int[] Bits(Span<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
