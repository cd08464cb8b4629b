namespace BpGen.Tests.Runtime;

/// <summary>
/// Evaluate's binary cross-entropy is the training loss, from the logits: a confidently wrong output,
/// σ(20) rounded to 1 in float, costs about 20, not the 87.3 of −ln of the smallest float that the
/// output alone would give.
/// </summary>
public class BinaryCrossEntropyEvaluationTests
{
    private const float Logit = 20;

    /// <summary>ln(1 + e^20), the loss of logit 20 against target 0.</summary>
    private static readonly double Expected = Logit + Math.Log(1 + Math.Exp(-Logit));

    [Fact]
    public void A_dense_network_evaluates_as_it_trains()
    {
        INetwork<float> net = new XorNet();
        SaturatedOutput(net.Parameters, net.OutputSize);
        float[] inputs = new float[3 * net.InputSize], targets = new float[3];

        Evaluation evaluation = net.Evaluate(new DataSet<float>(inputs, targets));

        Assert.Equal(Expected, evaluation.Loss, 1e-5);
        Assert.Equal(Expected, net.Backward(inputs.AsSpan(0, net.InputSize), targets.AsSpan(0, 1), new float[net.ParameterCount]), 1e-5);
        Assert.Equal(0, evaluation.Accuracy);
    }

    [Theory]
    [InlineData(SequenceTargets.EveryStep)]
    [InlineData(SequenceTargets.LastStep)]
    public void A_recurrent_network_evaluates_as_it_trains(SequenceTargets targetSteps)
    {
        IRecurrentNetwork<float> net = RecurrentNetwork();
        SaturatedOutput(net.Parameters, net.OutputSize);
        const int steps = 4;
        var data = SequenceDataSet<float>.FixedLength(new float[2 * steps * net.InputSize], new float[targetSteps == SequenceTargets.EveryStep ? 2 * steps : 2], steps, net.InputSize, net.OutputSize, targetSteps);

        Evaluation evaluation = net.Evaluate(data);

        Assert.Equal(Expected, evaluation.Loss, 1e-5);
        Assert.Equal(0, evaluation.Accuracy);
    }

    /// <summary>
    /// A sequence longer than one window of the evaluation's record: the state carried from window to
    /// window gives the loss of the whole sequence at once.
    /// </summary>
    [Theory]
    [InlineData(SequenceTargets.EveryStep)]
    [InlineData(SequenceTargets.LastStep)]
    public void A_long_sequence_is_evaluated_window_after_window_as_one(SequenceTargets targetSteps)
    {
        IRecurrentNetwork<float> net = RecurrentNetwork();
        net.InitializeParameters(3);
        int steps = 3 * (1 << 16) / net.RecordSizePerStep; // three windows
        var random = new SeededRandom(4);
        float[] inputs = Enumerable.Range(0, steps * net.InputSize).Select(_ => (float)random.NextUniform(2)).ToArray();
        float[] targets = Enumerable.Range(0, targetSteps == SequenceTargets.EveryStep ? steps : 1).Select(_ => (float)random.NextInt(2)).ToArray();

        Evaluation evaluation = net.Evaluate(SequenceDataSet<float>.FixedLength(inputs, targets, steps, net.InputSize, net.OutputSize, targetSteps));

        Assert.Equal(net.BackwardSequence(inputs, targets, new float[net.ParameterCount]), evaluation.Loss, 1e-4);
    }

    /// <summary>A 2-3-1 GRU network with binary cross-entropy, compiled for the test.</summary>
    private static IRecurrentNetwork<float> RecurrentNetwork()
    {
        var assembly = GeneratorRunner.CompileAndLoad("""
            using BpGen;
            [Network(2, 3, 1, Activation.Tanh, Loss.BinaryCrossEntropy, HiddenLayers = new[] { Layer.Gru })] public partial class Net { }
            """);
        return (IRecurrentNetwork<float>)Activator.CreateInstance(assembly.GetType("Net", throwOnError: true)!)!;
    }

    /// <summary>Every parameter 0 but the output bias: every logit is 20 whatever the input.</summary>
    private static void SaturatedOutput(Span<float> parameters, int outputs)
    {
        parameters.Clear();
        parameters[^outputs..].Fill(Logit);
    }
}
