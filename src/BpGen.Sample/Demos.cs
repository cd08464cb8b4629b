using System.Globalization;
using Spectre.Console;

namespace BpGen.Sample;

/// <summary>The sample's runs, each shown with a live progress bar, a results table and a loss curve.</summary>
public static class Demos
{
    private const string OutputFolder = "sample-output";

    /// <summary>Digits (64-32-10) or iris (4-8-3): train, test, confusion matrix, save and reload.</summary>
    public static void Classify(LabeledData data, Func<INetwork<float>> create, TrainingOptions options)
    {
        INetwork<float> net = create();
        Rule($"{data.Name}: {string.Join("-", net.Signature.Sizes.ToArray())} network, {data.Count} samples, 70/30 split");
        ClassificationResult result = WithProgress(options, () => ClassificationExperiment.Run(net, data, options));

        var table = ResultsTable(result.Report, result.TrainingTime, result.SamplesPerSecond, WithTestEvaluation);
        table.AddRow("train accuracy", Percent(result.TrainAccuracy));
        table.AddRow("[bold]test accuracy[/]", $"[bold]{Percent(result.TestAccuracy)}[/]");
        AnsiConsole.Write(table);
        AnsiConsole.Write(ConfusionTable(result.ConfusionMatrix, data.ClassNames));

        // Save, load into a fresh instance, and compare every test prediction.
        string file = Path.Combine(OutputFolder, $"{data.Name}.bpgen");
        Directory.CreateDirectory(OutputFolder);
        using (FileStream stream = File.Create(file))
        {
            net.SaveParameters(stream);
        }

        INetwork<float> loaded = create();
        using (FileStream stream = File.OpenRead(file))
        {
            loaded.LoadParameters(stream);
        }

        int[] before = ClassificationExperiment.Predict(net, result.TestInputs);
        int[] after = ClassificationExperiment.Predict(loaded, result.TestInputs);
        int same = before.Zip(after).Count(pair => pair.First == pair.Second);
        AnsiConsole.MarkupLine($"Saved to [blue]{Path.GetFullPath(file)}[/] ({new FileInfo(file).Length:N0} bytes), loaded into a fresh network: {same} of {before.Length} test predictions identical.");
        ShowPlot(result.Report, data.Name);
    }

    /// <summary>
    /// The digits read as sequences, one row of 8 pixels per step: a GRU of 32 units classifies each digit
    /// from its last step, on the same 70/30 split as the dense digits network; the test accuracies of the
    /// same GRU trained in PyTorch and compiled in (<see cref="TorchDigitsGru"/>) and of the dense network beside it.
    /// </summary>
    public static void Sequence(LabeledData digits, TrainingOptions options)
    {
        Rule($"digits as sequences: 8 steps of 8 pixels, GRU {DigitsGru.InputSize}-32 then dense 32-{DigitsGru.OutputSize}, {digits.Count} samples, 70/30 split");
        SequenceResult result = WithProgress(options, () => SequenceExperiment.Run(new DigitsGru(), digits, options));
        double dense = ClassificationExperiment.Run(new DigitsNet(), digits, Settings.Digits()).TestAccuracy;
        var table = ResultsTable(result.Report, result.TrainingTime, result.SamplesPerSecond, WithTestEvaluation);
        table.AddRow("train accuracy", Percent(result.TrainAccuracy));
        table.AddRow("[bold]test accuracy, GRU[/]", $"[bold]{Percent(result.TestAccuracy)}[/]");
        table.AddRow("test accuracy, GRU trained in PyTorch, compiled in", Percent(SequenceExperiment.TestAccuracy(new TorchDigitsGru().ForwardSequence, digits)));
        table.AddRow("test accuracy, dense 64-32-10", Percent(dense));
        AnsiConsole.Write(table);
        ShowPlot(result.Report, "digits-gru");
    }

    /// <summary>Diabetes (10-16-1): mean squared error with an identity output.</summary>
    public static void Regress(RegressionData data, INetwork<float> net, TrainingOptions options)
    {
        Rule($"{data.Name}: {string.Join("-", net.Signature.Sizes.ToArray())} regression network, {data.Count} samples, 70/30 split");
        RegressionResult result = WithProgress(options, () => RegressionExperiment.Run(net, data, options));
        var table = ResultsTable(result.Report, result.TrainingTime, result.SamplesPerSecond, WithTestEvaluation);
        table.AddRow("train RMSE", result.TrainRmse.ToString("F1", CultureInfo.InvariantCulture));
        table.AddRow("[bold]test RMSE[/]", $"[bold]{result.TestRmse.ToString("F1", CultureInfo.InvariantCulture)}[/]");
        table.AddRow("test R²", result.TestR2.ToString("F3", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        ShowPlot(result.Report, data.Name);
    }

    /// <summary>The 2-3-2 TestNet learns whether a point lies inside the unit circle.</summary>
    public static void TestNetCircle(TrainingOptions options)
    {
        const int Count = 400;
        var random = new SeededRandom(7);
        var inputs = new float[2 * Count];
        var labels = new int[Count];
        for (int s = 0; s < Count; s++)
        {
            float x = (float)random.NextUniform(1.5), y = (float)random.NextUniform(1.5);
            (inputs[2 * s], inputs[2 * s + 1]) = (x, y);
            labels[s] = x * x + y * y < 1 ? 1 : 0;
        }

        var net = new TestNet();
        Rule("TestNet: 2-3-2 (sigmoid, softmax), inside or outside the unit circle?");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TrainingReport report = WithProgress(options, () => net.Train(DataSet<float>.WithLabels(inputs, labels), options));
        clock.Stop();
        var table = ResultsTable(report, clock.Elapsed, report.Epochs * (double)Count / clock.Elapsed.TotalSeconds, "training alone");
        table.AddRow("[bold]accuracy[/]", $"[bold]{Percent(net.Evaluate(DataSet<float>.WithLabels(inputs, labels)).Accuracy)}[/]");
        AnsiConsole.Write(table);
        ShowPlot(report, "testnet");
    }

    /// <summary>
    /// The digits network compiled in (<see cref="FrozenDigitsNet"/>) beside the same file loaded into a
    /// trainable network: the same test accuracy, and the time of one Forward for each.
    /// </summary>
    public static void Frozen(LabeledData data)
    {
        Rule("frozen: the digits network trained earlier, compiled into FrozenDigitsNet");
        // The same seeded split the network was trained with; the file carries its input scaling, so both take raw pixels.
        var split = TrainTestSplit.Of(data.Inputs, data.FeatureCount, testFraction: 0.3, seed: 1);
        int[] testLabels = split.Test(data.Labels);

        var frozen = new FrozenDigitsNet();
        var loaded = new DigitsNet();
        using (FileStream stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Models", "digits-64-32-10.bpgen")))
        {
            loaded.LoadParameters(stream);
        }

        int[] frozenClasses = Predict(frozen.Forward, split.TestInputs, FrozenDigitsNet.InputSize, FrozenDigitsNet.OutputSize);
        int[] loadedClasses = ClassificationExperiment.Predict(loaded, split.TestInputs);
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("compiled in (Frozen)").RightAligned()).AddColumn(new TableColumn("loaded from the file").RightAligned());
        table.AddRow("test accuracy", Percent(Metrics.Accuracy(testLabels, frozenClasses)), Percent(Metrics.Accuracy(testLabels, loadedClasses)));
        table.AddRow("one Forward", Nanoseconds(frozen.Forward, split.TestInputs), Nanoseconds(loaded.Forward, split.TestInputs));
        AnsiConsole.Write(table);
        int same = frozenClasses.Zip(loadedClasses).Count(pair => pair.First == pair.Second);
        AnsiConsole.MarkupLine($"{same} of {frozenClasses.Length} test predictions identical; the compiled-in network read no file.");
    }

    private delegate void ForwardPass(ReadOnlySpan<float> input, Span<float> output);

    private static int[] Predict(ForwardPass forward, float[] inputs, int inputSize, int outputSize)
    {
        Span<float> output = stackalloc float[outputSize];
        var classes = new int[inputs.Length / inputSize];
        for (int s = 0; s < classes.Length; s++)
        {
            forward(inputs.AsSpan(s * inputSize, inputSize), output);
            classes[s] = Metrics.ArgMax<float>(output);
        }

        return classes;
    }

    /// <summary>
    /// The time of one Forward over the test samples, as "113 ns": the fastest of ten timed passes of
    /// 50 rounds, so that the first ones, run before the JIT has optimized Forward, do not count.
    /// </summary>
    private static string Nanoseconds(ForwardPass forward, float[] inputs)
    {
        const int Trials = 10, Rounds = 50;
        int samples = inputs.Length / DigitsNet.InputSize;
        Span<float> output = stackalloc float[DigitsNet.OutputSize];
        double fastest = double.MaxValue;
        for (int trial = 0; trial < Trials; trial++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int round = 0; round < Rounds; round++)
            {
                for (int s = 0; s < samples; s++)
                {
                    forward(inputs.AsSpan(s * DigitsNet.InputSize, DigitsNet.InputSize), output);
                }
            }

            fastest = Math.Min(fastest, clock.Elapsed.TotalMilliseconds * 1e6 / (Rounds * (double)samples));
        }

        return $"{fastest.ToString("F0", CultureInfo.InvariantCulture)} ns";
    }

    private static T WithProgress<T>(TrainingOptions options, Func<T> run)
    {
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("training", maxValue: options.Epochs);
                options.Progress = p =>
                {
                    task.Value = p.Epoch;
                    task.Description = $"epoch {p.Epoch,4}  loss {p.Loss.ToString("F4", CultureInfo.InvariantCulture)}  test loss {p.ValidationLoss.ToString("F4", CultureInfo.InvariantCulture)}";
                };
                result = run();
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>What the classification and regression runs time: Train, which also evaluates the test part every epoch.</summary>
    private const string WithTestEvaluation = "training, test part evaluated every epoch";

    /// <param name="timed">What the wall time covers, shown beside the speed so the number is read right.</param>
    private static Table ResultsTable(TrainingReport report, TimeSpan time, double samplesPerSecond, string timed)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("result").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("epochs", $"{report.Epochs} ({Markup.Escape(report.StopReason.ToString())})");
        table.AddRow("final loss J(W, b)", report.FinalLoss.ToString("F5", CultureInfo.InvariantCulture));
        table.AddRow($"wall time ({timed})", $"{time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        table.AddRow("training samples per second", samplesPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        return table;
    }

    private static Table ConfusionTable(int[,] matrix, string[] classNames)
    {
        var table = new Table().Border(TableBorder.Simple).Title("test confusion matrix (rows: actual, columns: predicted)");
        table.AddColumn(string.Empty);
        foreach (string name in classNames)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        for (int actual = 0; actual < classNames.Length; actual++)
        {
            var cells = new List<string> { Markup.Escape(classNames[actual]) };
            for (int predicted = 0; predicted < classNames.Length; predicted++)
            {
                int n = matrix[actual, predicted];
                cells.Add(n == 0 ? "[grey]·[/]" : actual == predicted ? $"[green]{n}[/]" : $"[red]{n}[/]");
            }

            table.AddRow(cells.ToArray());
        }

        return table;
    }

    private static void ShowPlot(TrainingReport report, string name)
    {
        string path = LossPlot.Save(report, $"BpGen: {name} training loss", Path.Combine(OutputFolder, $"{name}-loss.png"));
        AnsiConsole.MarkupLine($"Loss curve: [blue]{path}[/]");
    }

    private static void Rule(string title) => AnsiConsole.Write(new Rule($"[yellow]{Markup.Escape(title)}[/]").LeftJustified());

    private static string Percent(double fraction) => fraction.ToString("P2", CultureInfo.InvariantCulture);
}
