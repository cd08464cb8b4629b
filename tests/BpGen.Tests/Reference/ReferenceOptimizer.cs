namespace BpGen.Tests.Reference;

/// <summary>
/// Momentum and Adam from their definitions, on a <see cref="ReferenceMlp"/>. With g = gradient/m + λ·W for
/// weights and gradient/m for biases (λ never decays biases):
/// momentum v ← μ·v + g, θ ← θ − α·v;
/// Adam m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t), θ ← θ − α·m̂/(√v̂ + ε).
/// </summary>
public sealed class ReferenceOptimizer(ReferenceMlp network, TrainingOptions options)
{
    private readonly double[] _first = new double[network.Parameters.Length];
    private readonly double[] _second = new double[network.Parameters.Length];
    private int _t;

    /// <summary>One step with <paramref name="gradientSum"/>, the summed gradient of <paramref name="batchSize"/> samples.</summary>
    public void Step(double[] gradientSum, int batchSize)
    {
        double[] theta = network.Parameters;
        if (options.Optimizer == Optimizer.Sgd)
        {
            network.Update(gradientSum, options.LearningRate, batchSize, options.L2);
            return;
        }

        _t++;
        for (int k = 0; k < theta.Length; k++)
        {
            double g = gradientSum[k] / batchSize + (network.IsWeight(k) ? options.L2 * theta[k] : 0);
            if (options.Optimizer == Optimizer.Momentum)
            {
                _first[k] = options.Momentum * _first[k] + g;
                theta[k] -= options.LearningRate * _first[k];
            }
            else
            {
                _first[k] = options.Beta1 * _first[k] + (1 - options.Beta1) * g;
                _second[k] = options.Beta2 * _second[k] + (1 - options.Beta2) * g * g;
                double corrected1 = _first[k] / (1 - Math.Pow(options.Beta1, _t));
                double corrected2 = _second[k] / (1 - Math.Pow(options.Beta2, _t));
                theta[k] -= options.LearningRate * corrected1 / (Math.Sqrt(corrected2) + options.AdamEpsilon);
            }
        }
    }

    /// <summary>
    /// Train's loop without shuffling: epochs of consecutive mini-batches, each gradient summed over its
    /// samples and stepped. Returns J(W, b) of every epoch: mean per-sample loss plus (λ/2)·Σ‖W‖².
    /// </summary>
    public double[] Train(double[] inputs, double[] targets, int inputSize, int outputSize)
    {
        int count = inputs.Length / inputSize;
        int batchSize = Math.Min(options.BatchSize, count);
        var losses = new double[options.Epochs];
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            double lossSum = 0;
            for (int start = 0; start < count; start += batchSize)
            {
                int end = Math.Min(start + batchSize, count);
                var sum = new double[network.Parameters.Length];
                for (int s = start; s < end; s++)
                {
                    double[] input = inputs[(s * inputSize)..((s + 1) * inputSize)];
                    double[] target = targets[(s * outputSize)..((s + 1) * outputSize)];
                    lossSum += network.Loss(input, target);
                    double[] gradient = network.Gradient(input, target);
                    for (int k = 0; k < sum.Length; k++)
                    {
                        sum[k] += gradient[k];
                    }
                }

                Step(sum, end - start);
            }

            double squaredWeights = Enumerable.Range(0, network.Parameters.Length).Where(network.IsWeight).Sum(k => network.Parameters[k] * network.Parameters[k]);
            losses[epoch] = lossSum / count + 0.5 * options.L2 * squaredWeights;
        }

        return losses;
    }
}
