using BpGen.Tests.Infrastructure;

namespace BpGen.Tests.Numerics;

/// <summary>Compares Backward's gradient with central finite differences of its own loss, in double.</summary>
public static class GradientCheck
{
    private const double Step = 1e-5;

    /// <summary>
    /// Sets random parameters (biases too), a random input and a target valid for the loss, and
    /// returns the largest relative error over all parameters: |g − ĝ| / max(|g|, |ĝ|, 1e-4).
    /// </summary>
    public static double MaxRelativeError(INetwork<double> network, NetworkSpec spec, int seed)
    {
        var random = new SeededRandom(seed);
        Span<double> theta = network.Parameters;
        for (int k = 0; k < theta.Length; k++)
        {
            theta[k] = random.NextUniform(1.0);
        }

        double[] input = Enumerable.Range(0, spec.InputSize).Select(_ => random.NextUniform(1.0)).ToArray();
        double[] target = Targets.Random(spec.Loss, spec.OutputSize, ref random);

        var gradient = new double[spec.ParameterCount];
        network.Backward(input, target, gradient);

        var scratch = new double[spec.ParameterCount];
        double worst = 0;
        for (int k = 0; k < theta.Length; k++)
        {
            double saved = theta[k];
            theta[k] = saved + Step;
            double above = network.Backward(input, target, scratch);
            theta[k] = saved - Step;
            double below = network.Backward(input, target, scratch);
            theta[k] = saved;

            double numeric = (above - below) / (2 * Step);
            double error = Math.Abs(gradient[k] - numeric) / Math.Max(Math.Max(Math.Abs(gradient[k]), Math.Abs(numeric)), 1e-4);
            worst = Math.Max(worst, error);
        }

        return worst;
    }
}
