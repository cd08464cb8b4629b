using Case = BpGen.Tests.Generation.Recurrent.RecurrentNetworks.Case;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>
/// A recurrent network with InputScaling set (and a regression's OutputScaling) computes on raw values
/// exactly what the same network without scaling computes on values standardized by hand, its outputs
/// then mapped back: every pass, unrolled and on the kernel path, float and double, with blocks of
/// streams (of inputs too wide for the stack too) and records beyond the stack; its losses are in
/// standardized units, and the passes that run it allocate nothing.
/// </summary>
public class RecurrentScalingTests
{
    private const int Steps = 7;

    /// <summary>More streams than StepBatch standardizes at a time, and not a whole number of vectors.</summary>
    private const int Streams = 70;

    public static TheoryData<string> Cases => new(RecurrentNetworks.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_pass_on_raw_values_is_the_pass_on_values_standardized_by_hand(string name)
    {
        Case c = RecurrentNetworks.All.Single(x => x.Name == name);
        OfElementType(c.UseDouble, convert => AssertPassesMatch(c, convert), convert => AssertPassesMatch(c, convert));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_and_evaluation_on_raw_sequences_are_those_on_standardized_ones(string name)
    {
        Case c = RecurrentNetworks.All.Single(x => x.Name == name);
        OfElementType(c.UseDouble, convert => AssertTrainingMatches(c, convert), convert => AssertTrainingMatches(c, convert));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_scaled_passes_allocate_nothing(string name)
    {
        Case c = RecurrentNetworks.All.Single(x => x.Name == name);
        object network = RecurrentNetworks.Create(c);
        if (c.UseDouble)
        {
            SetScaling((IRecurrentNetwork<double>)network);
        }
        else
        {
            SetScaling((IRecurrentNetwork<float>)network);
        }

        int n0 = RecurrentNetworks.Constant(c, "InputSize"), nL = RecurrentNetworks.Constant(c, "OutputSize"), state = RecurrentNetworks.Constant(c, "StateSize");
        Array Zeros(int length) => RecurrentNetworks.Values(c, new double[length]);

        Assert.Equal(0L, RecurrentNetworks.Probe(c, "StepAllocations", network, Zeros(n0), Zeros(state), Zeros(nL)));
        Assert.Equal(0L, RecurrentNetworks.Probe(c, "StepBatchAllocations", network, Zeros(Streams * n0), Zeros(Streams * state), Zeros(Streams * nL)));
        // The backward passes rent their standardized copies from the pool: nothing once it holds them.
        int records = 3 * Steps * RecurrentNetworks.Constant(c, "RecordSizePerStep");
        Assert.Equal(0L, RecurrentNetworks.Probe(c, "BackwardSequencesAllocations", network, Steps, Zeros(3 * Steps * n0), Zeros(3 * nL), Zeros(RecurrentNetworks.Constant(c, "ParameterCount")), Zeros(records)));
    }

    [Theory]
    [InlineData(200, false)] // 64 streams' inputs are more than the stack takes: 32 at a time, on the stack
    [InlineData(600, false)] // even 32 streams' are: 32 at a time, in a pooled buffer
    [InlineData(300, true)]
    public void Wide_inputs_are_standardized_a_whole_block_of_streams_at_a_time(int inputs, bool useDouble)
    {
        string attribute = $"[Network({inputs}, 8, 2, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] {{ Layer.Gru }}{(useDouble ? ", UseDouble = true" : "")})]";
        Type type = GeneratorRunner.CompileAndLoad($"using BpGen;\n{attribute} public partial class Wide {{ }}").GetType("Wide", throwOnError: true)!;
        OfElementType(useDouble, convert => AssertWideStepBatch(type, convert), convert => AssertWideStepBatch(type, convert));
    }

    /// <summary>
    /// StepBatch of 70 streams on raw inputs is the unscaled network's on standardized ones bit for bit,
    /// which holds only where both step the same blocks of streams through the batch kernels; and, once
    /// warm, it allocates nothing.
    /// </summary>
    private static void AssertWideStepBatch<T>(Type type, Func<double, T> convert)
        where T : unmanaged
    {
        var scaled = (IRecurrentNetwork<T>)Activator.CreateInstance(type)!;
        var plain = (IRecurrentNetwork<T>)Activator.CreateInstance(type)!;
        SetScaling(scaled);
        var random = new Random(29);
        T[] raw = Raw(random, Streams * scaled.InputSize, convert);
        T[] states = new T[Streams * scaled.StateSize], statesPlain = new T[states.Length];
        T[] outputs = new T[Streams * scaled.OutputSize], outputsPlain = new T[outputs.Length];

        scaled.StepBatch(raw, states, outputs);
        plain.StepBatch(Standardized(scaled.InputScaling!, raw), statesPlain, outputsPlain);
        Restore(scaled.OutputScaling, outputsPlain);
        Assert.Equal(outputsPlain, outputs);
        Assert.Equal(statesPlain, states);

        // The quietest of three runs: a method moved to optimized code on this thread allocates once.
        long fewest = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++)
            {
                scaled.StepBatch(raw, states, outputs);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0L, fewest);
    }

    private static void AssertPassesMatch<T>(Case c, Func<double, T> convert)
        where T : unmanaged
    {
        var (scaled, plain) = Pair<T>(c);
        int n0 = scaled.InputSize, nL = scaled.OutputSize;
        var random = new Random(17);
        T[] raw = Raw(random, Streams * Steps * n0, convert);
        T[] standardized = Standardized(scaled.InputScaling!, raw);

        // One sequence, whole and step by step.
        T[] sequence = raw[..(Steps * n0)];
        var found = new T[Steps * nL];
        scaled.ForwardSequence(sequence, found);
        var expected = new T[Steps * nL];
        plain.ForwardSequence(standardized[..(Steps * n0)], expected);
        Restore(scaled.OutputScaling, expected);
        Assert.Equal(expected, found);

        T[] stateScaled = new T[scaled.StateSize], statePlain = new T[scaled.StateSize], output = new T[nL];
        for (int t = 0; t < Steps; t++)
        {
            scaled.Step(sequence.AsSpan(t * n0, n0), stateScaled, output);
            Assert.Equal(expected[(t * nL)..((t + 1) * nL)], output);
            plain.Step(standardized.AsSpan(t * n0, n0), statePlain, output);
            Assert.Equal(statePlain, stateScaled);
        }

        // Many streams at once, in blocks.
        T[] states = Raw(random, Streams * scaled.StateSize, v => convert(v / 10));
        T[] statesPlain = states.ToArray();
        var outputs = new T[Streams * nL];
        scaled.StepBatch(raw[..(Streams * n0)], states, outputs);
        var outputsPlain = new T[Streams * nL];
        plain.StepBatch(standardized[..(Streams * n0)], statesPlain, outputsPlain);
        Restore(scaled.OutputScaling, outputsPlain);
        Assert.Equal(outputsPlain, outputs);
        Assert.Equal(statesPlain, states);

        // Backpropagation through time: the raw targets standardized by OutputScaling, the loss in its units.
        T[] rawTargets = Targets(c, scaled.Signature.Loss, 3 * Steps * nL, random, convert);
        T[] targets = scaled.OutputScaling is null ? rawTargets : Standardized(scaled.OutputScaling, rawTargets);
        AssertSameGradient(scaled, plain, (n, g) => n.BackwardSequence(
            ReferenceEquals(n, scaled) ? sequence : standardized[..(Steps * n0)],
            (ReferenceEquals(n, scaled) ? rawTargets : targets)[..(Steps * nL)],
            g));
        int record = Steps * scaled.RecordSizePerStep;
        AssertSameGradient(scaled, plain, (n, g) => n.BackwardSequence(
            ReferenceEquals(n, scaled) ? sequence : standardized[..(Steps * n0)],
            (ReferenceEquals(n, scaled) ? rawTargets : targets)[..nL],
            g,
            new T[n.StateSize],
            new T[record]));
        AssertSameGradient(scaled, plain, (n, g) => n.BackwardSequences(
            Steps,
            (ReferenceEquals(n, scaled) ? raw : standardized)[..(3 * Steps * n0)],
            ReferenceEquals(n, scaled) ? rawTargets : targets,
            g,
            new T[3 * record]));
    }

    private static void AssertTrainingMatches<T>(Case c, Func<double, T> convert)
        where T : unmanaged
    {
        var (scaled, plain) = Pair<T>(c);
        int n0 = scaled.InputSize, nL = scaled.OutputSize, count = 12;
        var random = new Random(23);
        T[] raw = Raw(random, count * Steps * n0, convert);
        T[] rawTargets = Targets(c, scaled.Signature.Loss, count * nL, random, convert);
        var rawData = SequenceDataSet<T>.FixedLength(raw, rawTargets, Steps, n0, nL, SequenceTargets.LastStep);
        var standardizedData = SequenceDataSet<T>.FixedLength(
            Standardized(scaled.InputScaling!, raw), scaled.OutputScaling is null ? rawTargets : Standardized(scaled.OutputScaling, rawTargets), Steps, n0, nL, SequenceTargets.LastStep);

        var options = new TrainingOptions { Epochs = 3, BatchSize = 4, LearningRate = 0.05, Optimizer = Optimizer.Adam, Seed = 2 };
        TrainingReport scaledReport = scaled.Train(rawData, options);
        TrainingReport plainReport = plain.Train(standardizedData, options);
        Assert.Equal(plainReport.FinalLoss, scaledReport.FinalLoss);
        Assert.Equal(plain.Parameters.ToArray(), scaled.Parameters.ToArray());

        // Evaluate maps the outputs back and standardizes them again: equal up to that round trip's rounding.
        Evaluation scaledEvaluation = scaled.Evaluate(rawData), plainEvaluation = plain.Evaluate(standardizedData);
        Assert.Equal(plainEvaluation.Loss, scaledEvaluation.Loss, Math.Abs(plainEvaluation.Loss) * 1e-5);
        Assert.Equal(plainEvaluation.Accuracy, scaledEvaluation.Accuracy);
    }

    /// <summary>Runs the check of the network's element type, with the conversion of a double to it.</summary>
    private static void OfElementType(bool useDouble, Action<Func<double, double>> asDouble, Action<Func<double, float>> asFloat)
    {
        if (useDouble)
        {
            asDouble(v => v);
        }
        else
        {
            asFloat(v => (float)v);
        }
    }

    /// <summary>The network with scaling, and a second one of the same parameters without.</summary>
    private static (IRecurrentNetwork<T> Scaled, IRecurrentNetwork<T> Plain) Pair<T>(Case c)
        where T : unmanaged
    {
        var scaled = (IRecurrentNetwork<T>)RecurrentNetworks.Create(c);
        var plain = (IRecurrentNetwork<T>)RecurrentNetworks.Create(c);
        scaled.Parameters.CopyTo(plain.Parameters);
        SetScaling(scaled);
        return (scaled, plain);
    }

    /// <summary>An input standardization, and for a regression an output one.</summary>
    private static void SetScaling<T>(IRecurrentNetwork<T> network)
        where T : unmanaged
    {
        network.InputScaling = new Standardizer(
            Enumerable.Range(0, network.InputSize).Select(i => 3.0 - i).ToArray(), Enumerable.Range(0, network.InputSize).Select(i => 4.0 + (i % 3)).ToArray());
        if (network.Signature.Loss == Loss.MeanSquaredError)
        {
            network.OutputScaling = new Standardizer(
                Enumerable.Range(0, network.OutputSize).Select(i => 20.0 * i - 5).ToArray(), Enumerable.Range(0, network.OutputSize).Select(i => 2.5 + i).ToArray());
        }
    }

    /// <summary>Gradient and loss of one call on each network, from zero gradients: the same bits.</summary>
    private static void AssertSameGradient<T>(IRecurrentNetwork<T> scaled, IRecurrentNetwork<T> plain, Func<IRecurrentNetwork<T>, T[], T> backward)
        where T : unmanaged
    {
        var gradientScaled = new T[scaled.ParameterCount];
        var gradientPlain = new T[plain.ParameterCount];
        T lossScaled = backward(scaled, gradientScaled);
        T lossPlain = backward(plain, gradientPlain);
        Assert.Equal(lossPlain, lossScaled);
        Assert.Equal(gradientPlain, gradientScaled);
    }

    /// <summary>Raw values around the scaling's means, several of its deviations wide.</summary>
    private static T[] Raw<T>(Random random, int length, Func<double, T> convert) =>
        Enumerable.Range(0, length).Select(k => convert((random.NextDouble() * 24) - 12 + (k % 3))).ToArray();

    /// <summary>Targets of the loss: raw regression targets, one-hot classes, or binary labels.</summary>
    private static T[] Targets<T>(Case c, Loss loss, int length, Random random, Func<double, T> convert)
    {
        int nL = RecurrentNetworks.Constant(c, "OutputSize");
        return Enumerable.Range(0, length).Select(k => convert(loss switch
        {
            Loss.MeanSquaredError => (random.NextDouble() * 40) - 10,
            Loss.SoftmaxCrossEntropy => k % nL == (k / nL) % nL ? 1 : 0,
            _ => random.Next(2),
        })).ToArray();
    }

    private static T[] Standardized<T>(Standardizer scaling, T[] raw)
        where T : unmanaged
    {
        var values = new T[raw.Length];
        if (raw is float[] floats)
        {
            scaling.Apply(floats, (float[])(object)values);
        }
        else
        {
            scaling.Apply((double[])(object)raw, (double[])(object)values);
        }

        return values;
    }

    private static void Restore<T>(Standardizer? scaling, T[] values)
    {
        if (scaling is null)
        {
            return;
        }

        if (values is float[] floats)
        {
            scaling.Invert(floats);
        }
        else
        {
            scaling.Invert((double[])(object)values);
        }
    }
}
