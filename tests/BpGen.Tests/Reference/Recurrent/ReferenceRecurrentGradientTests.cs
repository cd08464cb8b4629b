namespace BpGen.Tests.Reference;

/// <summary>
/// The recurrent reference's backpropagation through time against finite differences of its own loss, and
/// its dense layers and loss against <see cref="ReferenceMlp"/>. Activations here are smooth, so every
/// parameter is checked.
/// </summary>
public class ReferenceRecurrentGradientTests
{
    /// <summary>Step of the five-point central difference, whose error is O(h⁴).</summary>
    private const double Step = 1e-4;

    private const int Length = 5;

    private static readonly Dictionary<string, Func<ReferenceRecurrent>> Networks = new()
    {
        ["Gru, MSE with sigmoid outputs"] = () => new(3, [ReferenceLayer.Gru(4)], 2, Activation.Sigmoid, Loss.MeanSquaredError),
        ["Lstm, softmax"] = () => new(3, [ReferenceLayer.Lstm(4)], 3, Activation.Identity, Loss.SoftmaxCrossEntropy),
        ["Gru then Lstm, binary cross-entropy"] = () => new(2, [ReferenceLayer.Gru(3), ReferenceLayer.Lstm(3)], 2, Activation.Identity, Loss.BinaryCrossEntropy),
        ["Dense, Gru, Dense, softmax"] = () => new(
            3, [ReferenceLayer.Dense(4, Activation.Tanh), ReferenceLayer.Gru(3), ReferenceLayer.Dense(3, Activation.Softplus)], 3, Activation.Identity, Loss.SoftmaxCrossEntropy),
        ["Dense, Lstm, Gru, Dense, MSE"] = () => new(
            2, [ReferenceLayer.Dense(3, Activation.Sigmoid), ReferenceLayer.Lstm(3), ReferenceLayer.Gru(3), ReferenceLayer.Dense(2, Activation.Tanh)], 2, Activation.Identity, Loss.MeanSquaredError),
    };

    public static TheoryData<string, SequenceTargets> Cases()
    {
        var data = new TheoryData<string, SequenceTargets>();
        foreach (string name in Networks.Keys)
        {
            data.Add(name, SequenceTargets.EveryStep);
            data.Add(name, SequenceTargets.LastStep);
        }

        return data;
    }

    /// <summary>Relative error |g − ĝ| / max(|g|, |ĝ|, 1e-4·max(1, J)): differences of J carry rounding noise of about ε·J/h.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Bptt_gradient_matches_central_differences(string name, SequenceTargets which)
    {
        ReferenceRecurrent network = Networks[name]();
        network.InitializeParameters(seed: 7);
        var random = new SeededRandom(8);
        double[][] inputs = Sequence(Length, network.InputSize, ref random);
        double[][] targets = new double[which == SequenceTargets.EveryStep ? Length : 1][];
        for (int t = 0; t < targets.Length; t++)
        {
            targets[t] = Targets.Random(network.OutputLayer.Loss, network.OutputSize, ref random);
        }

        double[] gradient = network.Gradient(inputs, targets, which);
        double floor = 1e-4 * Math.Max(1, network.Loss(inputs, targets, which));
        double worst = 0;
        for (int k = 0; k < gradient.Length; k++)
        {
            double saved = network.Parameters[k];
            double LossAt(double value)
            {
                network.Parameters[k] = value;
                return network.Loss(inputs, targets, which);
            }

            double numeric = (-LossAt(saved + 2 * Step) + 8 * LossAt(saved + Step) - 8 * LossAt(saved - Step) + LossAt(saved - 2 * Step)) / (12 * Step);
            network.Parameters[k] = saved;
            worst = Math.Max(worst, Math.Abs(gradient[k] - numeric) / Math.Max(Math.Max(Math.Abs(gradient[k]), Math.Abs(numeric)), floor));
        }

        Assert.True(worst <= 1e-6, $"{name}, {which}: relative error {worst:E2}");
    }

    [Theory]
    [InlineData(Loss.MeanSquaredError)]
    [InlineData(Loss.SoftmaxCrossEntropy)]
    [InlineData(Loss.BinaryCrossEntropy)]
    public void Dense_layers_alone_are_the_mlp_at_each_step(Loss loss)
    {
        var recurrent = new ReferenceRecurrent(3, [ReferenceLayer.Dense(4, Activation.Tanh), ReferenceLayer.Dense(3, Activation.ELU)], 2, Activation.Sigmoid, loss);
        var mlp = new ReferenceMlp([3, 4, 3, 2], [Activation.Tanh, Activation.ELU], Activation.Sigmoid, loss);
        recurrent.InitializeParameters(seed: 3);
        Assert.Equal(mlp.Parameters.Length, recurrent.Parameters.Length);
        recurrent.Parameters.CopyTo(mlp.Parameters, 0);
        var random = new SeededRandom(4);
        double[][] inputs = Sequence(Length, 3, ref random);
        var targets = new double[Length][];
        for (int t = 0; t < Length; t++)
        {
            targets[t] = Targets.Random(loss, 2, ref random);
        }

        Assert.Equal(0, recurrent.StateSize);
        double[][] outputs = recurrent.ForwardSequence(inputs);
        for (int t = 0; t < Length; t++)
        {
            Close.All(mlp.Forward(inputs[t]), outputs[t], Close.Double, $"output at step {t}");
        }

        double meanLoss = inputs.Select((x, t) => mlp.Loss(x, targets[t])).Average();
        Assert.Equal(meanLoss, recurrent.Loss(inputs, targets, SequenceTargets.EveryStep), 1e-14);
        double[] meanGradient = Enumerable.Range(0, mlp.Parameters.Length)
            .Select(k => inputs.Select((x, t) => mlp.Gradient(x, targets[t])[k]).Average()).ToArray();
        Close.All(meanGradient, recurrent.Gradient(inputs, targets, SequenceTargets.EveryStep), Close.Double, "∂J/∂θ");
        Close.All(mlp.Gradient(inputs[^1], targets[^1]), recurrent.Gradient(inputs, targets[^1..], SequenceTargets.LastStep), Close.Double, "∂J/∂θ of the last step");
    }

    /// <summary>T inputs of <paramref name="size"/> values in [−1, 1).</summary>
    private static double[][] Sequence(int length, int size, ref SeededRandom random)
    {
        var rows = new double[length][];
        for (int t = 0; t < length; t++)
        {
            rows[t] = new double[size];
            for (int i = 0; i < size; i++)
            {
                rows[t][i] = random.NextUniform(1.0);
            }
        }

        return rows;
    }
}
