namespace BpGen.Tests.Reference;

/// <summary>
/// BpGen's output layer from its logits z: what Forward returns, the per-sample loss J and δ = ∂J/∂z,
/// as the loss table defines them.
/// </summary>
/// <param name="Loss">The loss, which fixes the output layer of the other two.</param>
/// <param name="Output">f of the output layer; read for <see cref="Loss.MeanSquaredError"/> only.</param>
public readonly record struct ReferenceLoss(Loss Loss, Activation Output)
{
    /// <summary>a^L = f(z) for MSE, softmax probabilities p, or σ(z).</summary>
    public double[] Forward(double[] z)
    {
        Activation f = Output;
        return Loss switch
        {
            BpGen.Loss.SoftmaxCrossEntropy => Softmax(z),
            BpGen.Loss.BinaryCrossEntropy => z.Select(Sigmoid).ToArray(),
            _ => z.Select(v => ReferenceMlp.F(f, v)).ToArray(),
        };
    }

    /// <summary>The per-sample loss J, from the logits where the table says so.</summary>
    public double Of(double[] z, double[] target)
    {
        double sum = 0;
        switch (Loss)
        {
            case BpGen.Loss.SoftmaxCrossEntropy:
                // −Σ y ln p with ln p_i = z_i − max − ln Σ e^(z_k − max)
                double max = z.Max();
                double logSum = Math.Log(z.Sum(v => Math.Exp(v - max)));
                for (int i = 0; i < z.Length; i++)
                {
                    sum -= target[i] * (z[i] - max - logSum);
                }

                return sum;
            case BpGen.Loss.BinaryCrossEntropy:
                // −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = max(z, 0) − z·y + ln(1 + e^−|z|)
                for (int i = 0; i < z.Length; i++)
                {
                    sum += Math.Max(z[i], 0) - z[i] * target[i] + Math.Log(1 + Math.Exp(-Math.Abs(z[i])));
                }

                return sum;
            default:
                // ½ Σ (a − y)²
                for (int i = 0; i < z.Length; i++)
                {
                    double difference = ReferenceMlp.F(Output, z[i]) - target[i];
                    sum += 0.5 * difference * difference;
                }

                return sum;
        }
    }

    /// <summary>δ = ∂J/∂z: (a − y) ⊙ f′(z) for MSE, p − y for softmax (a target summing to 1), σ(z) − y for BCE.</summary>
    public double[] Delta(double[] z, double[] target)
    {
        double[] output = Forward(z);
        var delta = new double[z.Length];
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = Loss == BpGen.Loss.MeanSquaredError
                ? (output[i] - target[i]) * ReferenceMlp.Derivative(Output, z[i])
                : output[i] - target[i];
        }

        return delta;
    }

    private static double Sigmoid(double z) => ReferenceMlp.F(Activation.Sigmoid, z);

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double[] e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
