namespace BpGen.Tests.Runtime;

/// <summary>
/// Evaluate's cross-entropies are the training loss, from the logits, where the outputs cannot tell it:
/// a confidently wrong binary output, σ(20) rounded to 1 in float, costs about 20, and a softmax class
/// whose probability e^−200 is below the smallest normal float costs about 200, not the 87.3 of −ln of
/// the smallest normal float that the output alone would give.
/// </summary>
public class CrossEntropyEvaluationTests
{
    private const float BinaryLogit = 20;

    /// <summary>The softmax logits (0, 200): class 0's probability e^−200 underflows, class 1's is 1.</summary>
    private const float SoftmaxLogit = 200;

    /// <summary>ln(1 + e^20), the loss of logit 20 against target 0.</summary>
    private static readonly double BinaryExpected = BinaryLogit + Math.Log(1 + Math.Exp(-BinaryLogit));

    [Fact]
    public void A_dense_network_evaluates_as_it_trains()
    {
        INetwork<float> net = new XorNet();
        SaturatedOutput(net.Parameters, BinaryLogit);
        float[] inputs = new float[3 * net.InputSize], targets = new float[3];

        Evaluation evaluation = net.Evaluate(new DataSet<float>(inputs, targets));

        Assert.Equal(BinaryExpected, evaluation.Loss, 1e-5);
        Assert.Equal(BinaryExpected, net.Backward(inputs.AsSpan(0, net.InputSize), targets.AsSpan(0, 1), new float[net.ParameterCount]), 1e-5);
        Assert.Equal(0, evaluation.Accuracy);
    }

    /// <summary>
    /// Samples of class 0 cost ln(1 + e^200) ≈ 200 each, the one of class 1 about e^−200: the mean is the
    /// mean of Backward's J, from the logits, with the right sample's loss from its output beside them.
    /// </summary>
    [Fact]
    public void A_dense_softmax_network_evaluates_an_underflowed_probability_as_it_trains()
    {
        INetwork<float> net = new TestNet();
        SaturatedOutput(net.Parameters, 0, SoftmaxLogit);
        float[] inputs = new float[3 * net.InputSize];
        int[] labels = { 0, 1, 0 };
        float[] targets = { 1, 0, 0, 1, 1, 0 };
        double expected = Enumerable.Range(0, 3).Average(s =>
            (double)net.Backward(inputs.AsSpan(s * net.InputSize, net.InputSize), targets.AsSpan(s * 2, 2), new float[net.ParameterCount]));

        Evaluation byLabels = net.Evaluate(DataSet<float>.WithLabels(inputs, labels));
        Evaluation byTargets = net.Evaluate(new DataSet<float>(inputs, targets));

        Assert.Equal(2 * SoftmaxLogit / 3, expected, 1e-3);
        Assert.Equal(expected, byLabels.Loss, 1e-5 * expected);
        Assert.Equal(expected, byTargets.Loss, 1e-5 * expected);
        Assert.Equal(1.0 / 3, byLabels.Accuracy, 1e-12);
    }

    [Theory]
    [InlineData(SequenceTargets.EveryStep)]
    [InlineData(SequenceTargets.LastStep)]
    public void A_recurrent_network_evaluates_as_it_trains(SequenceTargets targetSteps)
    {
        IRecurrentNetwork<float> net = RecurrentNetwork(outputs: 1, Loss.BinaryCrossEntropy);
        SaturatedOutput(net.Parameters, BinaryLogit);
        const int steps = 4;
        var data = SequenceDataSet<float>.FixedLength(new float[2 * steps * net.InputSize], new float[targetSteps == SequenceTargets.EveryStep ? 2 * steps : 2], steps, net.InputSize, net.OutputSize, targetSteps);

        Evaluation evaluation = net.Evaluate(data);

        Assert.Equal(BinaryExpected, evaluation.Loss, 1e-5);
        Assert.Equal(0, evaluation.Accuracy);
    }

    /// <summary>
    /// A sequence of class 0 costs about 200 a targeted step, one of class 1 about e^−200: the mean is
    /// the mean of BackwardSequence's J.
    /// </summary>
    [Theory]
    [InlineData(SequenceTargets.EveryStep)]
    [InlineData(SequenceTargets.LastStep)]
    public void A_recurrent_softmax_network_evaluates_an_underflowed_probability_as_it_trains(SequenceTargets targetSteps)
    {
        IRecurrentNetwork<float> net = RecurrentNetwork(outputs: 2, Loss.SoftmaxCrossEntropy);
        SaturatedOutput(net.Parameters, 0, SoftmaxLogit);
        const int steps = 4;
        int targeted = targetSteps == SequenceTargets.EveryStep ? steps : 1;
        float[] inputs = new float[2 * steps * net.InputSize];
        float[] targets = Enumerable.Repeat(new float[] { 1, 0 }, targeted).Concat(Enumerable.Repeat(new float[] { 0, 1 }, targeted)).SelectMany(y => y).ToArray();
        double expected = Enumerable.Range(0, 2).Average(s => (double)net.BackwardSequence(
            inputs.AsSpan(s * steps * net.InputSize, steps * net.InputSize), targets.AsSpan(s * targeted * 2, targeted * 2), new float[net.ParameterCount]));

        Evaluation evaluation = net.Evaluate(SequenceDataSet<float>.FixedLength(inputs, targets, steps, net.InputSize, net.OutputSize, targetSteps));

        Assert.Equal(SoftmaxLogit / 2, expected, 1e-3);
        Assert.Equal(expected, evaluation.Loss, 1e-5 * expected);
        Assert.Equal(0.5, evaluation.Accuracy, 1e-12);
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
        IRecurrentNetwork<float> net = RecurrentNetwork(outputs: 1, Loss.BinaryCrossEntropy);
        net.InitializeParameters(3);
        int steps = 3 * (1 << 16) / net.RecordSizePerStep; // three windows
        var random = new SeededRandom(4);
        float[] inputs = Enumerable.Range(0, steps * net.InputSize).Select(_ => (float)random.NextUniform(2)).ToArray();
        float[] targets = Enumerable.Range(0, targetSteps == SequenceTargets.EveryStep ? steps : 1).Select(_ => (float)random.NextInt(2)).ToArray();

        Evaluation evaluation = net.Evaluate(SequenceDataSet<float>.FixedLength(inputs, targets, steps, net.InputSize, net.OutputSize, targetSteps));

        Assert.Equal(net.BackwardSequence(inputs, targets, new float[net.ParameterCount]), evaluation.Loss, 1e-4);
    }

    /// <summary>A 2-3-<paramref name="outputs"/> GRU network with <paramref name="loss"/>, compiled for the test.</summary>
    private static IRecurrentNetwork<float> RecurrentNetwork(int outputs, Loss loss)
    {
        var assembly = GeneratorRunner.CompileAndLoad($$"""
            using BpGen;
            [Network(2, 3, {{outputs}}, Activation.Tanh, Loss.{{loss}}, HiddenLayers = new[] { Layer.Gru })] public partial class Net { }
            """);
        return (IRecurrentNetwork<float>)Activator.CreateInstance(assembly.GetType("Net", throwOnError: true)!)!;
    }

    /// <summary>Every parameter 0 but the output biases: the logits are <paramref name="logits"/> whatever the input.</summary>
    private static void SaturatedOutput(Span<float> parameters, params float[] logits)
    {
        parameters.Clear();
        logits.CopyTo(parameters[^logits.Length..]);
    }
}
