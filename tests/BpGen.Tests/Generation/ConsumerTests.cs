using Strict = BpGen.Consumers.NetStandard21;

namespace BpGen.Tests.Generation;

/// <summary>
/// Networks generated into the strict netstandard2.1, C# 9 consumer library (which must build with
/// every warning as an error) compute what the reference implementation computes from their parameters.
/// </summary>
public class ConsumerTests
{
    private static double[] Input(int size) => Enumerable.Range(0, size).Select(i => Math.Cos(0.7 * i + 0.3)).ToArray();

    [Fact]
    public void The_unrolled_TestNet_computes_what_the_reference_computes()
    {
        var net = new Strict.TestNet();
        AssertForward(net, new ReferenceMlp([2, 3, 2], [Activation.Sigmoid], Activation.Sigmoid, Loss.SoftmaxCrossEntropy), Close.Single);
    }

    [Fact]
    public void The_looped_Digits_network_computes_what_the_reference_computes()
    {
        var net = new Strict.Digits();
        AssertForward(net, new ReferenceMlp([64, 32, 10], [Activation.ReLU], Activation.ReLU, Loss.SoftmaxCrossEntropy), Close.Single);
    }

    [Fact]
    public void The_network_of_every_activation_computes_what_the_reference_computes()
    {
        var net = new Strict.EveryActivation();
        Activation[] hidden = [Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.Softplus, Activation.ELU];
        AssertForward(net, new ReferenceMlp([3, 4, 4, 4, 4, 4, 4, 4, 2], hidden, Activation.Tanh, Loss.MeanSquaredError), Close.Double);
    }

    [Fact]
    public void The_nested_double_network_computes_what_the_reference_computes()
    {
        var reference = new ReferenceMlp([30, 20, 3], [Activation.Tanh], Activation.Tanh, Loss.BinaryCrossEntropy);
        Strict.Container.Parameters().CopyTo(reference.Parameters, 0);
        double[] input = Input(30);
        Close.All(reference.Forward(input), Strict.Container.Predict(input), Close.Double, "Container.Nested: Forward");
    }

    /// <summary>Forward with the network's own seed-0 parameters (biases moved off 0, so they count) against the reference's.</summary>
    private static void AssertForward<T>(INetwork<T> network, ReferenceMlp reference, double tolerance)
        where T : unmanaged
    {
        Span<T> theta = network.Parameters;
        for (int k = 0; k < theta.Length; k++)
        {
            theta[k] = ReferenceCase<T>.FromDouble(ReferenceCase<T>.ToDouble(theta[k]) + 0.01 * ((k % 5) - 2));
            reference.Parameters[k] = ReferenceCase<T>.ToDouble(theta[k]);
        }

        double[] input = Input(network.InputSize).Select(v => ReferenceCase<T>.ToDouble(ReferenceCase<T>.FromDouble(v))).ToArray();
        var output = new T[network.OutputSize];
        network.Forward(input.Select(ReferenceCase<T>.FromDouble).ToArray(), output);
        Close.All(reference.Forward(input), output.Select(ReferenceCase<T>.ToDouble).ToArray(), tolerance, $"{network.GetType().Name}: Forward");
    }
}
