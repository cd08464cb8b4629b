
namespace BpGen.Tests.GeneratedCode;

/// <summary>
/// Forward, the loss, Backward, Update and TrainStep of every activation × loss × code path, in double
/// and float, against <see cref="ReferenceMlp"/>.
/// </summary>
public class ReferenceTests
{
    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void Forward_loss_and_Backward_agree_with_the_reference(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        AssertForwardAndBackward(ActivationLossMatrix.Create<double>(spec), spec);
        AssertForwardAndBackward(ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec)), spec);
    }

    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void Update_with_L2_agrees_with_the_reference(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        AssertUpdate(ActivationLossMatrix.Create<double>(spec), spec);
        AssertUpdate(ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec)), spec);
    }

    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void TrainStep_with_L2_agrees_with_the_reference(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        AssertTrainStep(ActivationLossMatrix.Create<double>(spec), spec);
        AssertTrainStep(ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec)), spec);
    }

    private static void AssertForwardAndBackward<T>(INetwork<T> network, NetworkSpec spec)
        where T : unmanaged
    {
        double tolerance = Close.For<T>();
        for (int seed = 1; seed <= 3; seed++)
        {
            var c = new ReferenceCase<T>(network, spec, seed);
            var output = new T[spec.OutputSize];
            network.Forward(c.NetworkInput, output);
            Close.All(c.Reference.Forward(c.Input), output.Select(ReferenceCase<T>.ToDouble).ToArray(), tolerance, $"{spec} seed {seed}: Forward");

            var gradient = new T[spec.ParameterCount];
            double returned = ReferenceCase<T>.ToDouble(network.Backward(c.NetworkInput, c.NetworkTarget, gradient));
            Close.All([c.Reference.Loss(c.Input, c.Target)], [returned], tolerance, $"{spec} seed {seed}: J");
            Close.All(c.Reference.Gradient(c.Input, c.Target), gradient.Select(ReferenceCase<T>.ToDouble).ToArray(), tolerance, $"{spec} seed {seed}: ∂J/∂θ");
        }
    }

    private static void AssertUpdate<T>(INetwork<T> network, NetworkSpec spec)
        where T : unmanaged
    {
        var c = new ReferenceCase<T>(network, spec, seed: 4);
        double[] sum = Enumerable.Range(0, spec.ParameterCount).Select(k => ReferenceCase<T>.ToDouble(ReferenceCase<T>.FromDouble(Math.Sin(k + 1)))).ToArray();
        T[] gradient = sum.Select(ReferenceCase<T>.FromDouble).ToArray();

        network.Update(gradient, ReferenceCase<T>.FromDouble(0.25), 3, ReferenceCase<T>.FromDouble(0.5));
        c.Reference.Update(sum, 0.25, 3, 0.5); // α and λ exact in float

        Close.All(c.Reference.Parameters, c.NetworkParameters, Close.For<T>(), $"{spec}: θ after Update");
        Assert.All(gradient, g => Assert.Equal(default, g));
    }

    private static void AssertTrainStep<T>(INetwork<T> network, NetworkSpec spec)
        where T : unmanaged
    {
        var c = new ReferenceCase<T>(network, spec, seed: 5);
        const double LearningRate = 0.25, L2 = 0.125; // exact in float
        for (int step = 0; step < 3; step++)
        {
            double expectedLoss = c.Reference.Loss(c.Input, c.Target);
            c.Reference.Update(c.Reference.Gradient(c.Input, c.Target), LearningRate, 1, L2);
            double loss = ReferenceCase<T>.ToDouble(network.TrainStep(c.NetworkInput, c.NetworkTarget, ReferenceCase<T>.FromDouble(LearningRate), ReferenceCase<T>.FromDouble(L2)));

            Close.All([expectedLoss], [loss], Close.For<T>(), $"{spec} step {step}: J");
            Close.All(c.Reference.Parameters, c.NetworkParameters, Close.For<T>(), $"{spec} step {step}: θ after TrainStep");
        }
    }
}
