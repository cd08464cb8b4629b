
namespace BpGen.Tests.Runtime;

/// <summary>Train: every optimizer and batch mode learns; stopping, divergence and determinism as documented.</summary>
public class TrainTests
{
    private static readonly (float[] Inputs, float[] Targets, int[] Labels) Circle = Problems.Circle(200, 3);

    private static DataSet<float> CircleData => new(Circle.Inputs, Circle.Targets);

    [Theory]
    [InlineData(Optimizer.Sgd, 1, 0.05)]
    [InlineData(Optimizer.Sgd, 16, 0.5)]
    [InlineData(Optimizer.Sgd, 200, 2.0)]
    [InlineData(Optimizer.Momentum, 1, 0.01)]
    [InlineData(Optimizer.Momentum, 16, 0.1)]
    [InlineData(Optimizer.Momentum, 200, 0.5)]
    [InlineData(Optimizer.Adam, 1, 0.005)]
    [InlineData(Optimizer.Adam, 16, 0.02)]
    [InlineData(Optimizer.Adam, 200, 0.05)]
    public void Every_optimizer_and_batch_mode_lowers_the_loss(Optimizer optimizer, int batchSize, double learningRate)
    {
        var net = new TestNet();
        var options = new TrainingOptions { Epochs = 300, BatchSize = batchSize, LearningRate = learningRate, Optimizer = optimizer, Seed = 4 };

        TrainingReport report = net.Train(CircleData, options);

        Assert.Equal(StopReason.MaxEpochs, report.StopReason);
        Assert.Equal(300, report.Epochs);
        Assert.True(report.Loss[^1] < 0.6 * report.Loss[0], $"{report.Loss[0]} → {report.Loss[^1]}");
        Assert.True(net.Evaluate(CircleData).Accuracy > 0.8, $"accuracy {net.Evaluate(CircleData).Accuracy}");
    }

    [Fact]
    public void Mini_batch_SGD_equals_a_hand_loop_of_BackwardBatch_and_Update_bit_for_bit() =>
        AssertTrainEqualsHandLoop(16, (net, inputs, targets, gradient) => net.BackwardBatch(inputs, targets, gradient));

    /// <summary>Batches of one take the fused TrainStep, which gives exactly Backward's gradient followed by Update.</summary>
    [Fact]
    public void Stochastic_SGD_equals_a_hand_loop_of_Backward_and_Update_bit_for_bit() =>
        AssertTrainEqualsHandLoop(1, (net, input, target, gradient) => net.Backward(input, target, gradient));

    /// <summary>
    /// Train with SGD against the documented loop written out: shuffle by the seed, then per batch add
    /// its gradient with <paramref name="addGradient"/> (over its samples gathered one after another)
    /// and Update.
    /// </summary>
    private static void AssertTrainEqualsHandLoop(int batchSize, Func<TestNet, float[], float[], float[], float> addGradient)
    {
        const int Epochs = 7, Seed = 11;
        const float LearningRate = 0.3f, L2 = 0.001f;
        var trained = new TestNet();
        trained.Train(CircleData, new TrainingOptions { Epochs = Epochs, BatchSize = batchSize, LearningRate = LearningRate, L2 = L2, Seed = Seed });

        var byHand = new TestNet();
        var gradient = new float[TestNet.ParameterCount];
        var order = Enumerable.Range(0, 200).ToArray();
        var random = new SeededRandom(Seed);
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle<int>(order);
            for (int start = 0; start < order.Length; start += batchSize)
            {
                int end = Math.Min(start + batchSize, order.Length);
                float[] inputs = order[start..end].SelectMany(s => Circle.Inputs.AsSpan(2 * s, 2).ToArray()).ToArray();
                float[] targets = order[start..end].SelectMany(s => Circle.Targets.AsSpan(2 * s, 2).ToArray()).ToArray();
                addGradient(byHand, inputs, targets, gradient);
                byHand.Update(gradient, LearningRate, end - start, L2);
            }
        }

        Assert.Equal(Bits(byHand.Parameters), Bits(trained.Parameters));
    }

    [Fact]
    public void Labels_train_exactly_like_one_hot_targets()
    {
        var withTargets = new TestNet();
        var withLabels = new TestNet();
        var options = new TrainingOptions { Epochs = 5, BatchSize = 8, LearningRate = 0.2, Optimizer = Optimizer.Adam };

        withTargets.Train(CircleData, options);
        withLabels.Train(DataSet<float>.WithLabels(Circle.Inputs, Circle.Labels), options);

        Assert.Equal(Bits(withTargets.Parameters), Bits(withLabels.Parameters));
    }

    [Fact]
    public void The_same_seed_trains_the_same_network_and_another_seed_another()
    {
        float[] Run(int seed)
        {
            var net = new TestNet();
            net.Train(CircleData, new TrainingOptions { Epochs = 3, BatchSize = 4, LearningRate = 0.1, Seed = seed });
            return net.Parameters.ToArray();
        }

        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Fact]
    public void Tolerance_stops_training_as_converged()
    {
        var net = new TestNet();
        TrainingReport report = net.Train(CircleData, new TrainingOptions { Epochs = 10_000, BatchSize = 200, LearningRate = 0.5, Tolerance = 1e-3 });

        Assert.Equal(StopReason.Converged, report.StopReason);
        Assert.InRange(report.Epochs, 2, 9_999);
        Assert.Equal(report.Epochs, report.StoppedAtEpoch);
        Assert.Contains("Converged", report.ToString());
    }

    [Fact]
    public void Max_epochs_stops_training_with_that_reason()
    {
        TrainingReport report = new TestNet().Train(CircleData, new TrainingOptions { Epochs = 3, Tolerance = 1e-12 });
        Assert.Equal(StopReason.MaxEpochs, report.StopReason);
        Assert.Equal(3, report.Epochs);
        Assert.Equal(3, report.Loss.Count);
    }

    [Fact]
    public void A_huge_learning_rate_is_caught_and_the_last_finite_epoch_restored()
    {
        // A regression net with an identity output: a step of 1e4 overshoots until the loss overflows.
        var inputs = Enumerable.Range(0, 60).Select(i => (float)Math.Sin(i)).ToArray();
        var targets = Enumerable.Range(0, 40).Select(i => (float)Math.Cos(i)).ToArray();
        var data = new DataSet<float>(inputs, targets);
        var options = new TrainingOptions { Epochs = 50, BatchSize = 4, LearningRate = 30, Seed = 2 };
        var net = new RegressionNet();

        TrainingReport report = net.Train(data, options);

        Assert.Equal(StopReason.Diverged, report.StopReason);
        Assert.Equal(report.Epochs + 1, report.StoppedAtEpoch);
        Assert.Contains($"epoch {report.StoppedAtEpoch}", report.ToString());
        Assert.All(report.Loss, loss => Assert.True(double.IsFinite(loss)));

        // The parameters kept are exactly those after the last finite epoch.
        var replay = new RegressionNet();
        if (report.Epochs > 0)
        {
            replay.Train(data, new TrainingOptions { Epochs = report.Epochs, BatchSize = 4, LearningRate = 30, Seed = 2 });
        }

        Assert.Equal(Bits(replay.Parameters), Bits(net.Parameters));
    }

    [Fact]
    public void A_last_step_that_breaks_only_a_bias_is_caught_in_its_own_epoch()
    {
        // Inputs of 0 give the weight a gradient δ·x = 0, so the one step of each epoch sends only the
        // bias past float's range (0 + 1.5e38 · 8), while the epoch's loss, taken before the step, is 8.
        var net = new BiasOnlyNet();
        float[] initial = net.Parameters.ToArray();
        var data = new DataSet<float>(new float[2], new[] { 4f, 4f });

        TrainingReport report = net.Train(data, new TrainingOptions { Epochs = 3, BatchSize = 2, LearningRate = 3e38 });

        Assert.Equal(StopReason.Diverged, report.StopReason);
        Assert.Equal(1, report.StoppedAtEpoch);
        Assert.Equal(0, report.Epochs);
        Assert.Equal(Bits(initial), Bits(net.Parameters));
    }

    [Fact]
    public void Validation_data_that_is_not_finite_is_refused_by_name()
    {
        var validation = Problems.Circle(20, 5);
        validation.Inputs[0] = float.NaN;
        var net = new TestNet();
        float[] initial = net.Parameters.ToArray();

        var error = Assert.Throws<ArgumentException>(() => net.Train(CircleData, new TrainingOptions { Epochs = 10, Patience = 3 }, new DataSet<float>(validation.Inputs, validation.Targets)));

        Assert.Equal("validation", error.ParamName);
        Assert.Contains("holds NaN at input 0 of sample 0", error.Message);
        Assert.Equal(Bits(initial), Bits(net.Parameters));
    }

    [Fact]
    public void A_NaN_validation_loss_between_finite_ones_stays_in_line_and_is_never_best()
    {
        var log = new TrainingLog(epochs: 4, patience: 10, hasValidation: true);

        Assert.True(log.Add(1.0, 0.5, 0.8, null));
        Assert.False(log.Add(0.9, double.NaN, double.NaN, null));
        Assert.True(log.Add(0.8, 0.4, 0.9, null));
        Assert.False(log.Add(0.7, double.NaN, 0.9, null));

        TrainingReport report = log.Finish(StopReason.MaxEpochs, 4);
        Assert.Equal(3, report.BestEpoch);
        Assert.Equal(new[] { 0.5, double.NaN, 0.4, double.NaN }, report.ValidationLoss);
        Assert.Equal(new[] { 0.8, double.NaN, 0.9, 0.9 }, report.ValidationAccuracy);
    }

    [Fact]
    public void Early_stopping_restores_the_best_validation_epoch()
    {
        // Few noisy training samples and a wide network: the validation loss turns up while training goes on.
        var train = Problems.Circle(24, 8);
        var validation = Problems.Circle(200, 9);
        for (int i = 0; i < train.Labels.Length; i += 3)
        {
            train.Labels[i] = 1 - train.Labels[i];
        }

        var net = new DigitsLikeNet();
        var options = new TrainingOptions { Epochs = 2000, BatchSize = 4, LearningRate = 0.01, Optimizer = Optimizer.Adam, Patience = 20 };
        TrainingReport report = net.Train(DataSet<float>.WithLabels(train.Inputs, train.Labels), options, DataSet<float>.WithLabels(validation.Inputs, validation.Labels));

        Assert.Equal(StopReason.EarlyStopping, report.StopReason);
        Assert.Equal(report.BestEpoch + 20, report.Epochs);
        double best = report.ValidationLoss.Min();
        Assert.Equal(best, report.ValidationLoss[report.BestEpoch - 1]);
        Assert.Equal(best, net.Evaluate(DataSet<float>.WithLabels(validation.Inputs, validation.Labels)).Loss, 1e-12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Training_that_runs_all_its_epochs_with_early_stopping_on_ends_with_the_best_epoch(bool earlyStopping)
    {
        // The noisy circle of the test above: the validation loss turns up well before 60 epochs.
        var train = Problems.Circle(24, 8);
        var validation = Problems.Circle(200, 9);
        for (int i = 0; i < train.Labels.Length; i += 3)
        {
            train.Labels[i] = 1 - train.Labels[i];
        }

        var trainingSet = DataSet<float>.WithLabels(train.Inputs, train.Labels);
        var validationSet = DataSet<float>.WithLabels(validation.Inputs, validation.Labels);
        TrainingOptions Options(int epochs, int patience) => new() { Epochs = epochs, BatchSize = 4, LearningRate = 0.01, Optimizer = Optimizer.Adam, Patience = patience };

        var net = new DigitsLikeNet();
        TrainingReport report = net.Train(trainingSet, Options(60, earlyStopping ? 1000 : 0), validationSet);
        Assert.Equal(StopReason.MaxEpochs, report.StopReason);
        Assert.InRange(report.BestEpoch, 1, 59);
        Assert.Equal(earlyStopping, report.RestoredBestEpoch);

        // The same run stopped at the best epoch: a seed makes the same steps.
        var atBest = new DigitsLikeNet();
        atBest.Train(trainingSet, Options(earlyStopping ? report.BestEpoch : 60, 0), validationSet);
        Assert.Equal(atBest.Parameters.ToArray(), net.Parameters.ToArray());
        Assert.Equal(earlyStopping, report.ToString().Contains($"the validation loss was lowest in epoch {report.BestEpoch}, whose parameters were restored", StringComparison.Ordinal));
    }

    [Fact]
    public void Progress_is_reported_after_every_epoch()
    {
        var seen = new List<EpochProgress>();
        var options = new TrainingOptions { Epochs = 4, Progress = seen.Add };
        var validation = Problems.Circle(20, 5);

        TrainingReport report = new TestNet().Train(CircleData, options, new DataSet<float>(validation.Inputs, validation.Targets));

        Assert.Equal(new[] { 1, 2, 3, 4 }, seen.Select(p => p.Epoch));
        Assert.All(seen, p => Assert.Equal(4, p.Epochs));
        Assert.Equal(report.Loss, seen.Select(p => p.Loss));
        Assert.Equal(report.ValidationLoss, seen.Select(p => p.ValidationLoss));
        Assert.All(seen, p => Assert.InRange(p.ValidationAccuracy, 0, 1));
    }

    [Fact]
    public void The_reported_loss_includes_the_L2_term()
    {
        var plain = new TestNet();
        var decayed = new TestNet();
        var options = new TrainingOptions { Epochs = 1, BatchSize = 200, LearningRate = 0 };
        double withoutL2 = plain.Train(CircleData, options).Loss[0];
        options.L2 = 0.1;
        double withL2 = decayed.Train(CircleData, options).Loss[0];

        double squares = 0;
        foreach (int k in Enumerable.Range(0, 6).Concat(Enumerable.Range(9, 6)))
        {
            squares += (double)plain.Parameters[k] * plain.Parameters[k];
        }

        Assert.Equal(withoutL2 + 0.05 * squares, withL2, 1e-9);
    }

    [Fact]
    public void A_cancelled_token_stops_before_the_next_epoch()
    {
        using var source = new CancellationTokenSource();
        var options = new TrainingOptions { Epochs = 100 };
        options.Progress = p =>
        {
            if (p.Epoch == 2)
            {
                source.Cancel();
            }
        };
        options.CancellationToken = source.Token;

        TrainingReport report = new TestNet().Train(CircleData, options);

        Assert.Equal(StopReason.Cancelled, report.StopReason);
        Assert.Equal(2, report.Epochs);
    }

    [Theory]
    [InlineData(1)] // the fused TrainStep
    [InlineData(16)] // BackwardBatch into buffers allocated once per Train
    public void Training_allocates_nothing_per_step(int batchSize)
    {
        var net = new TestNet();
        long Allocated(int epochs) =>
            Allocations.InSteadyState(() => net.Train(CircleData, new TrainingOptions { Epochs = epochs, BatchSize = batchSize }));

        long few = Allocated(2);
        long many = Allocated(50); // 9,600 more samples

        // Only the per-epoch loss list grows: 8 bytes an epoch.
        Assert.InRange(many - few, 0, 48 * 8 + 64);
    }

    [Theory]
    [InlineData(nameof(TrainingOptions.Epochs))]
    [InlineData(nameof(TrainingOptions.BatchSize))]
    [InlineData(nameof(TrainingOptions.LearningRate))]
    [InlineData(nameof(TrainingOptions.L2))]
    [InlineData(nameof(TrainingOptions.Momentum))]
    [InlineData(nameof(TrainingOptions.Patience))]
    [InlineData(nameof(TrainingOptions.Parallelism))]
    [InlineData(nameof(TrainingOptions.GradientClipping))]
    [InlineData(nameof(TrainingOptions.TruncatedSteps))]
    public void Invalid_options_are_refused_by_name_and_nothing_changes(string name)
    {
        var options = new TrainingOptions();
        typeof(TrainingOptions).GetProperty(name)!.SetValue(options, name switch
        {
            nameof(TrainingOptions.Epochs) => 0,
            nameof(TrainingOptions.BatchSize) => -1,
            nameof(TrainingOptions.Patience) => -2,
            nameof(TrainingOptions.Parallelism) => 0,
            nameof(TrainingOptions.TruncatedSteps) => -1,
            nameof(TrainingOptions.Momentum) => 1.0,
            _ => (object)double.NaN,
        });
        var net = new TestNet();
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.Train(CircleData, options));

        Assert.Equal(name, error.ParamName);
        Assert.Contains($"TrainingOptions.{name} must be", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Theory]
    [InlineData(nameof(TrainingOptions.LearningRate), 1e39)]
    [InlineData(nameof(TrainingOptions.L2), 1e39)]
    [InlineData(nameof(TrainingOptions.AdamEpsilon), 1e-50)]
    [InlineData(nameof(TrainingOptions.Beta1), 1 - 1e-9)]
    [InlineData(nameof(TrainingOptions.Beta2), 1 - 1e-9)]
    [InlineData(nameof(TrainingOptions.Momentum), 1 - 1e-9)]
    public void Options_a_float_cannot_hold_are_refused_for_a_float_network(string name, double value)
    {
        var options = new TrainingOptions { Optimizer = Optimizer.Adam };
        typeof(TrainingOptions).GetProperty(name)!.SetValue(options, value);
        var net = new TestNet();
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.Train(CircleData, options));

        Assert.Equal(name, error.ParamName);
        Assert.Contains("a float", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());

        // A double network takes the same setting.
        new TestNetDouble().Train(new DataSet<double>(Circle.Inputs.Select(v => (double)v).ToArray(), Circle.Targets.Select(v => (double)v).ToArray()), options);
    }

    [Fact]
    public void A_validation_set_of_targets_without_inputs_is_refused_not_ignored()
    {
        var net = new TestNet();
        var error = Assert.Throws<ArgumentException>(() => net.Train(CircleData, new TrainingOptions(), new DataSet<float>(ReadOnlySpan<float>.Empty, new float[4])));
        Assert.Equal("validation", error.ParamName);
        Assert.Contains("0 samples of inputs, so it needs 0 × OutputSize = 0 targets, but there are 4", error.Message);
    }

    [Fact]
    public void Targets_whose_expected_count_an_int_would_wrap_are_refused_with_the_true_count()
    {
        // 2,048 outputs a sample: 2²¹ samples of them are 2³² targets, which an int product wraps to 0.
        var net = (INetwork<float>)Activator.CreateInstance(GeneratorRunner.CompileAndLoad(
            "using BpGen;\n[Network(1, 2048, Activation.Identity, Loss.MeanSquaredError)] public partial class WideOut { }").GetType("WideOut", throwOnError: true)!)!;
        var error = Assert.Throws<ArgumentException>(() => net.Evaluate(new DataSet<float>(new float[1 << 21], ReadOnlySpan<float>.Empty)));
        Assert.Contains("2097152 samples of inputs, so it needs 2097152 × OutputSize = 4294967296 targets, but there are 0", error.Message);
    }

    [Theory]
    [InlineData(false, 5, float.NaN, "'training' holds NaN at input 1 of sample 2; data must be finite numbers.")]
    [InlineData(true, 3, float.NegativeInfinity, "'training' holds −∞ at target 1 of sample 1; data must be finite numbers.")]
    public void Data_that_is_not_finite_is_refused_where_it_is(bool inTargets, int k, float value, string message)
    {
        float[] inputs = new float[8], targets = new float[8];
        (inTargets ? targets : inputs)[k] = value;
        var net = new TestNet();

        var error = Assert.Throws<ArgumentException>(() => net.Train(new DataSet<float>(inputs, targets), new TrainingOptions()));

        Assert.Equal(message + " (Parameter 'training')", error.Message);
        Assert.Contains("'data' holds", Assert.Throws<ArgumentException>(() => net.Evaluate(new DataSet<float>(inputs, targets))).Message);
    }

    [Fact]
    public void Targets_a_cross_entropy_does_not_define_are_refused_where_they_are()
    {
        var error = Assert.Throws<ArgumentException>(() => new XorNet().Train(new DataSet<float>(new float[6], new float[] { 1, 0, 5 }), new TrainingOptions()));
        Assert.Equal("'training' holds targets the loss cannot take: target 0 of sample 2 is 5, and Loss.BinaryCrossEntropy takes targets from 0 to 1. (Parameter 'training')", error.Message);

        error = Assert.Throws<ArgumentException>(() => new TestNet().Evaluate(new DataSet<float>(new float[4], new float[] { 0, 1, 1, 1 })));
        Assert.Equal("'data' holds targets the loss cannot take: the targets of sample 1 sum to 2, and Loss.SoftmaxCrossEntropy takes a distribution, summing to 1. (Parameter 'data')", error.Message);

        // Soft targets that form a distribution are taken, and a regression's targets are any finite numbers.
        new TestNet().Evaluate(new DataSet<float>(new float[4], new float[] { 0.25f, 0.75f, 1, 0 }));
        new RegressionNet().Evaluate(new DataSet<float>(new float[3], new float[] { -40, 1e6f }));
    }

    [Fact]
    public void Data_of_the_wrong_shape_is_refused_with_what_was_expected()
    {
        var net = new TestNet();
        var error = Assert.Throws<ArgumentException>(() => net.Train(new DataSet<float>(new float[6], new float[5]), new TrainingOptions()));
        Assert.Equal("training", error.ParamName);
        Assert.Contains("3 samples of inputs, so it needs 3 × OutputSize = 6 targets, but there are 5", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.Train(new DataSet<float>(new float[5], new float[4]), new TrainingOptions()));
        Assert.Contains("InputSize = 2", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.Train(DataSet<float>.WithLabels(new float[4], new[] { 0, 2 }), new TrainingOptions()));
        Assert.Contains("label 1 is 2", error.Message);

        error = Assert.Throws<ArgumentException>(() => new XorNet().Train(DataSet<float>.WithLabels(new float[4], new[] { 0, 1 }), new TrainingOptions()));
        Assert.Contains("need Loss.SoftmaxCrossEntropy", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.Train(default, new TrainingOptions()));
        Assert.Contains("no samples", error.Message);
    }

    private static int[] Bits(Span<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}

/// <summary>One weight and one bias, for a step that moves the bias alone.</summary>
[Network(1, 1, Activation.Identity, Loss.MeanSquaredError)]
public partial class BiasOnlyNet
{
}

/// <summary>A wide network that overfits a small training set, for early stopping.</summary>
[Network(2, 64, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy)]
public partial class DigitsLikeNet
{
}

/// <summary>Data-parallel mini-batches: when they are shared, deterministic, and training as well as one thread.</summary>
public class ParallelTrainTests
{
    private static readonly (float[] Inputs, float[] Targets, int[] Labels) Circle = Problems.Circle(400, 12);

    [Theory]
    [InlineData(2, 32, 2410, 1)] // digits-sized batches of 32: 38,560 parameter-samples a thread, too little
    [InlineData(2, 64, 2410, 2)]
    [InlineData(4, 3, 100_000, 1)] // two samples a thread at least
    [InlineData(8, 1000, 4810, 8)]
    [InlineData(1, 1000, 4810, 1)]
    public void A_thread_is_added_only_while_each_gets_enough_work(int parallelism, int batchSize, int parameters, int expected) =>
        Assert.Equal(expected, TrainingLoop.ThreadsFor(parallelism, batchSize, parameters));

    [Fact]
    public void Large_batches_are_shared_and_train_the_same_network_for_a_seed()
    {
        float[] Run(int parallelism)
        {
            var net = new WideCircleNet();
            net.Train(DataSet<float>.WithLabels(Circle.Inputs, Circle.Labels), new TrainingOptions { Epochs = 5, BatchSize = 200, Parallelism = parallelism, Seed = 3, LearningRate = 0.05 });
            return net.Parameters.ToArray();
        }

        Assert.Equal(2, TrainingLoop.ThreadsFor(2, 200, WideCircleNet.ParameterCount));
        Assert.Equal(Run(2), Run(2));
        Assert.NotEqual(Run(1), Run(2)); // the shares are added in another order than one thread adds
    }

    [Fact]
    public void Parallel_training_learns_as_well_as_one_thread()
    {
        double AccuracyWith(int parallelism)
        {
            var net = new WideCircleNet();
            var data = DataSet<float>.WithLabels(Circle.Inputs, Circle.Labels);
            TrainingReport report = net.Train(data, new TrainingOptions { Epochs = 300, BatchSize = 200, Parallelism = parallelism, Optimizer = Optimizer.Adam, LearningRate = 0.01, Seed = 1 });
            Assert.Equal(StopReason.MaxEpochs, report.StopReason);
            return net.Evaluate(data).Accuracy;
        }

        Assert.Equal(3, TrainingLoop.ThreadsFor(3, 200, WideCircleNet.ParameterCount));
        double serial = AccuracyWith(1);
        double parallel = AccuracyWith(3);
        Assert.True(serial > 0.9, $"serial {serial}");
        Assert.InRange(parallel, serial - 0.03, 1.0);
    }

    [Theory]
    [InlineData(3)] // fewer than two samples a thread
    [InlineData(32)] // too little work a thread
    public void Batches_too_small_to_share_train_on_one_thread_exactly(int batchSize)
    {
        float[] Run(int parallelism)
        {
            var net = new DigitsLikeNet();
            net.Train(DataSet<float>.WithLabels(Circle.Inputs, Circle.Labels), new TrainingOptions { Epochs = 2, BatchSize = batchSize, Parallelism = parallelism, LearningRate = 0.05 });
            return net.Parameters.ToArray();
        }

        Assert.Equal(Run(1), Run(2));
    }
}

/// <summary>Wide enough that mini-batches of 200 carry work for three threads.</summary>
[Network(2, 256, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy)]
public partial class WideCircleNet
{
}
