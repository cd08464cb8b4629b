extern alias Generator;

using Generator::BpGen.Generator.Model;

namespace BpGen.Tests.GeneratedCode;

public class GradientCheckTests
{
    /// <summary>
    /// Unrolled networks above NetworkLimits.UnrolledGradientLimit, which add each layer's weight gradient by
    /// one kernel call over stack copies of their locals (the matrix's unrolled networks are below it).
    /// </summary>
    [Fact]
    public void Unrolled_networks_above_the_gradient_limit_match_central_differences()
    {
        NetworkSpec[] specs = Enum.GetValues<Loss>()
            .SelectMany(loss => new[]
            {
                new NetworkSpec($"Wide{loss}", new[] { 8, 14, 8 }, new[] { Activation.Tanh }, Activation.Sigmoid, loss),
                new NetworkSpec($"Deep{loss}", new[] { 6, 12, 8, 4 }, new[] { Activation.ReLU, Activation.ELU }, Activation.Tanh, loss),
            })
            .ToArray();
        var assembly = NetworkSpec.Compile(specs);
        foreach (NetworkSpec spec in specs)
        {
            Assert.InRange(spec.ParameterCount, NetworkLimits.UnrolledGradientLimit + 1, NetworkLimits.UnrollLimit);
            double error = GradientCheck.MaxRelativeError(NetworkSpec.Create<double>(assembly, spec), spec, seed: 4);
            Assert.True(error <= 1e-6, $"{spec}: relative error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void Backward_matches_central_differences(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        INetwork<double> network = ActivationLossMatrix.Create<double>(spec);
        for (int seed = 1; seed <= 3; seed++)
        {
            double error = GradientCheck.MaxRelativeError(network, spec, seed);
            Assert.True(error <= 1e-6, $"{spec}, seed {seed}: relative error {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void Backward_returns_the_loss_of_Forward_output(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        INetwork<double> network = ActivationLossMatrix.Create<double>(spec);
        var random = new SeededRandom(11);
        network.InitializeParameters(5);
        double[] input = Enumerable.Range(0, spec.InputSize).Select(_ => random.NextUniform(2.0)).ToArray();
        double[] target = Targets.Random(loss, spec.OutputSize, ref random);
        var output = new double[spec.OutputSize];

        network.Forward(input, output);
        double returned = network.Backward(input, target, new double[spec.ParameterCount]);

        Assert.Equal(Targets.LossOf(loss, output, target), returned, 1e-12);
    }

    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void Float_network_agrees_with_double_network(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        INetwork<double> exact = ActivationLossMatrix.Create<double>(spec);
        INetwork<float> single = ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec));
        exact.InitializeParameters(3);
        single.InitializeParameters(3);
        var random = new SeededRandom(12);
        double[] input = Enumerable.Range(0, spec.InputSize).Select(_ => random.NextUniform(1.0)).ToArray();
        double[] target = Targets.Random(loss, spec.OutputSize, ref random);

        var exactGradient = new double[spec.ParameterCount];
        var singleGradient = new float[spec.ParameterCount];
        double exactLoss = exact.Backward(input, target, exactGradient);
        float singleLoss = single.Backward(ToSingle(input), ToSingle(target), singleGradient);

        Assert.Equal(exactLoss, singleLoss, 1e-5 * Math.Max(1, Math.Abs(exactLoss)));
        // Relative to each component and the gradient's largest one: float keeps about 7 digits of either.
        Reference.Close.All(exactGradient, singleGradient.Select(g => (double)g).ToArray(), 1e-5, $"{spec}: float ∂J/∂θ");
    }

    [Fact]
    public void Backward_adds_into_the_gradient_and_leaves_parameters_alone()
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(Activation.Tanh, Loss.SoftmaxCrossEntropy, unrolled: false);
        INetwork<double> network = ActivationLossMatrix.Create<double>(spec);
        network.InitializeParameters(8);
        double[] before = network.Parameters.ToArray();
        double[] input = Enumerable.Range(0, spec.InputSize).Select(i => 0.1 * i).ToArray();
        double[] target = new double[spec.OutputSize];
        target[0] = 1;

        var once = new double[spec.ParameterCount];
        network.Backward(input, target, once);
        var twice = new double[spec.ParameterCount];
        network.Backward(input, target, twice);
        network.Backward(input, target, twice);

        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Contains(once, g => g != 0);
        for (int k = 0; k < once.Length; k++)
        {
            Assert.Equal(2 * once[k], twice[k], 1e-15);
        }
    }

    private static float[] ToSingle(double[] values) => values.Select(v => (float)v).ToArray();
}
