
namespace BpGen.Tests.Runtime;

/// <summary>
/// Train with each optimizer, L2 on, over a few epochs of mini-batches, against <see cref="ReferenceOptimizer"/>
/// on an unrolled and a looped network: parameters and the reported J(W, b) of every epoch.
/// </summary>
public class TrainReferenceTests
{
    private const int Samples = 5;

    public static IEnumerable<object[]> Cases() =>
        from optimizer in Enum.GetValues<Optimizer>()
        from unrolled in new[] { true, false }
        from batchSize in new[] { 1, 2 }
        select new object[] { optimizer, unrolled, batchSize };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Train_agrees_with_the_reference_optimizer(Optimizer optimizer, bool unrolled, int batchSize)
    {
        // Smooth activations, so the double paths cannot land on different sides of a kink.
        NetworkSpec spec = ActivationLossMatrix.Spec(Activation.Tanh, Loss.SoftmaxCrossEntropy, unrolled);
        var c = new ReferenceCase<double>(ActivationLossMatrix.Create<double>(spec), spec, seed: 9);
        var random = new SeededRandom(10);
        double[] inputs = Enumerable.Range(0, Samples * spec.InputSize).Select(_ => random.NextUniform(1.0)).ToArray();
        double[] targets = Enumerable.Range(0, Samples).SelectMany(_ => Targets.Random(spec.Loss, spec.OutputSize, ref random)).ToArray();
        var options = new TrainingOptions
        {
            Epochs = 3,
            BatchSize = batchSize,
            Shuffle = false,
            Optimizer = optimizer,
            LearningRate = 0.05,
            L2 = 0.1,
            Momentum = 0.8,
            Beta1 = 0.85,
            Beta2 = 0.99,
            AdamEpsilon = 1e-6,
        };

        double[] expectedLosses = new ReferenceOptimizer(c.Reference, options).Train(inputs, targets, spec.InputSize, spec.OutputSize);
        TrainingReport report = c.Network.Train(new DataSet<double>(inputs, targets), options);

        Assert.Equal(StopReason.MaxEpochs, report.StopReason);
        Close.All(c.Reference.Parameters, c.NetworkParameters, 1e-10, $"{spec}, {optimizer}, batch {batchSize}: θ after Train");
        Close.All(expectedLosses, report.Loss.ToArray(), 1e-10, $"{spec}, {optimizer}, batch {batchSize}: J(W, b) per epoch");
    }
}
