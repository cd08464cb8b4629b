
namespace BpGen.Tests.Infrastructure;

/// <summary>Compares Backward's (or BackwardBatch's) gradient with finite differences of its own loss, in double.</summary>
public static class GradientCheck
{
    /// <summary>Step of the five-point central difference, whose error is O(h⁴): small against 1e-6 at this step.</summary>
    private const double Step = 1e-4;

    /// <summary>
    /// Sets seeded initial parameters plus noise (so biases are not 0), a random input and a target valid for the loss, and
    /// returns the largest relative error over all parameters: |g − ĝ| / max(|g|, |ĝ|, 1e-4·max(1, |J|)).
    /// </summary>
    /// <remarks>
    /// Differences of J carry rounding noise of about ε·|J|/h, so components far below |J| cannot be
    /// judged to 1e-6 relative: the floor of the denominator grows with the loss.
    /// Where the stencil's points lie on both sides of a kink (ReLU, LeakyReLU or ELU′ at z = 0) the loss is
    /// not smooth there and no finite difference is exact; such a parameter is left out. Whether it is
    /// is decided from the pre-activations of <see cref="ReferenceMlp"/> at the stencil's points, never
    /// from the network's own numbers, so a wrong formula cannot hide behind it. At most one parameter
    /// in ten may be left out.
    /// </remarks>
    public static double MaxRelativeError(INetwork<double> network, NetworkSpec spec, int seed) =>
        MaxRelativeError(network, spec, seed, 1, (input, target, gradient) => network.Backward(input, target, gradient));

    /// <summary>
    /// The same for BackwardBatch over <paramref name="samples"/> random samples: J is then the sum of
    /// their losses and the gradient the sum of theirs; a parameter whose stencil crosses a kink for any
    /// sample is left out.
    /// </summary>
    public static double MaxRelativeErrorOfBatch(INetwork<double> network, NetworkSpec spec, int seed, int samples) =>
        MaxRelativeError(network, spec, seed, samples, (inputs, targets, gradient) => network.BackwardBatch(inputs, targets, gradient));

    /// <summary>Adds the gradient of J at the samples into the gradient and returns J.</summary>
    private delegate double LossAndGradient(double[] inputs, double[] targets, double[] gradient);

    private static double MaxRelativeError(INetwork<double> network, NetworkSpec spec, int seed, int samples, LossAndGradient backward)
    {
        var random = new SeededRandom(seed);
        network.InitializeParameters(seed);
        Span<double> theta = network.Parameters;
        for (int k = 0; k < theta.Length; k++)
        {
            theta[k] += random.NextUniform(0.2);
        }

        var inputs = new List<double[]>();
        var targets = new List<double[]>();
        for (int s = 0; s < samples; s++)
        {
            inputs.Add(Enumerable.Range(0, spec.InputSize).Select(_ => random.NextUniform(1.0)).ToArray());
            targets.Add(Targets.Random(spec.Loss, spec.OutputSize, ref random));
        }

        double[] input = inputs.SelectMany(x => x).ToArray();
        double[] target = targets.SelectMany(y => y).ToArray();
        var reference = spec.Reference();
        network.Parameters.CopyTo(reference.Parameters);

        var gradient = new double[spec.ParameterCount];
        double loss = backward(input, target, gradient);
        double floor = 1e-4 * Math.Max(1, Math.Abs(loss));

        double worst = 0;
        int kinks = 0;
        for (int k = 0; k < spec.ParameterCount; k++)
        {
            if (inputs.Any(x => StencilCrossesKink(reference, x, k)))
            {
                kinks++;
                continue;
            }

            double numeric = Derivative(network, input, target, backward, k, Step);
            double error = Math.Abs(gradient[k] - numeric) / Math.Max(Math.Max(Math.Abs(gradient[k]), Math.Abs(numeric)), floor);
            worst = Math.Max(worst, error);
        }

        Assert.True(kinks * 10 <= spec.ParameterCount, $"{spec}: {kinks} of {spec.ParameterCount} parameters sit on a kink");
        return worst;
    }

    /// <summary>
    /// Whether some pre-activation of a layer with a kink at 0 has a different sign (or is 0) at one of the
    /// stencil's points θ_k + t·h, t = −2 … 2, than at θ_k − 2h.
    /// </summary>
    private static bool StencilCrossesKink(ReferenceMlp reference, double[] input, int k)
    {
        Activation?[] activations = reference.LayerActivations();
        if (!activations.Any(f => f is { } a && ReferenceMlp.HasKink(a)))
        {
            return false;
        }

        double saved = reference.Parameters[k];
        double[][]? first = null;
        bool crosses = false;
        for (int t = -2; t <= 2 && !crosses; t++)
        {
            reference.Parameters[k] = saved + t * Step;
            double[][] z = reference.PreActivations(input);
            first ??= z;
            for (int l = 0; l < z.Length && !crosses; l++)
            {
                if (activations[l] is { } f && ReferenceMlp.HasKink(f))
                {
                    crosses = z[l].Where((value, i) => value == 0 || Math.Sign(value) != Math.Sign(first[l][i])).Any();
                }
            }
        }

        reference.Parameters[k] = saved;
        return crosses;
    }

    /// <summary>∂J/∂θ_k by the five-point stencil (−J(θ+2h) + 8J(θ+h) − 8J(θ−h) + J(θ−2h)) / 12h.</summary>
    private static double Derivative(INetwork<double> network, double[] input, double[] target, LossAndGradient backward, int k, double h)
    {
        Span<double> theta = network.Parameters;
        var scratch = new double[theta.Length];
        double saved = theta[k];
        double LossAt(double value)
        {
            network.Parameters[k] = value;
            return backward(input, target, scratch);
        }

        double derivative = (-LossAt(saved + 2 * h) + 8 * LossAt(saved + h) - 8 * LossAt(saved - h) + LossAt(saved - 2 * h)) / (12 * h);
        theta[k] = saved;
        return derivative;
    }
}
