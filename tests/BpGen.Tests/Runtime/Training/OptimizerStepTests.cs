namespace BpGen.Tests.Runtime;

/// <summary>
/// Momentum and Adam step a <see cref="System.Numerics.Vector{T}"/> of parameters at a time where vectors
/// are hardware-accelerated and one by one elsewhere: both ways must take the same steps to the bit,
/// ranges whose length is no multiple of the vector width included. (<see cref="TrainReferenceTests"/>
/// holds the steps this machine takes to the reference.)
/// </summary>
public class OptimizerStepTests
{
    [Theory]
    [InlineData(Optimizer.Momentum)]
    [InlineData(Optimizer.Adam)]
    public void Vectors_and_scalars_take_the_same_steps(Optimizer optimizer)
    {
        AssertSameSteps<float, SingleScalar>(() => new TestNet(), optimizer);
        AssertSameSteps<float, SingleScalar>(() => new DigitsNet(), optimizer);
        AssertSameSteps<float, SingleScalar>(() => new RegressionNet(), optimizer);
        AssertSameSteps<double, DoubleScalar>(() => new TestNetDouble(), optimizer);
        NetworkSpec looped = ActivationLossMatrix.Spec(Activation.Tanh, Loss.SoftmaxCrossEntropy, unrolled: false);
        AssertSameSteps<double, DoubleScalar>(() => ActivationLossMatrix.Create<double>(looped), optimizer);
    }

    private static void AssertSameSteps<T, TScalar>(Func<INetwork<T>> create, Optimizer optimizer)
        where T : unmanaged, IComparable<T>
        where TScalar : struct, IScalar<T>
    {
        var options = new TrainingOptions { Optimizer = optimizer, LearningRate = 0.05, L2 = 0.1, Momentum = 0.8, Beta1 = 0.85, Beta2 = 0.99, AdamEpsilon = 1e-6 };
        INetwork<T> vectorNet = create(), scalarNet = create();
        vectorNet.InitializeParameters(1);
        scalarNet.InitializeParameters(1);
        T[] initial = vectorNet.Parameters.ToArray();
        var vectors = new OptimizerStep<T, TScalar>(new DenseTrainee<T, TScalar>(vectorNet, default, validating: false), options, vectors: true);
        var scalars = new OptimizerStep<T, TScalar>(new DenseTrainee<T, TScalar>(scalarNet, default, validating: false), options, vectors: false);
        var random = new SeededRandom(2);
        for (int step = 1; step <= 5; step++)
        {
            T[] gradient = Enumerable.Range(0, vectorNet.ParameterCount).Select(_ => default(TScalar).FromDouble(random.NextUniform(1.0))).ToArray();
            T[] copy = (T[])gradient.Clone();
            vectors.Apply(gradient, batchSize: step);
            scalars.Apply(copy, batchSize: step);
            Assert.All(gradient, g => Assert.Equal(default, g));
            Assert.All(copy, g => Assert.Equal(default, g));
        }

        Assert.NotEqual(initial, vectorNet.Parameters.ToArray());
        Assert.Equal(scalarNet.Parameters.ToArray(), vectorNet.Parameters.ToArray());
    }
}
