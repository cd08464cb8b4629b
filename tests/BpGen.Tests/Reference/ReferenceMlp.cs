namespace BpGen.Tests.Reference;

/// <summary>
/// A textbook multilayer perceptron in double and plain loops, written from the formulas in README
/// ("The attribute", "The generated API") and nothing of BpGen but its enums and parameter layout:
/// z^l = W^l·a^(l−1) + b^l, a^l = f(z^l); the output layer and δ^L as the loss table gives them;
/// δ^l = (W^(l+1))ᵀ·δ^(l+1) ⊙ f′(z^l); ∂J/∂W^l = δ^l·(a^(l−1))ᵀ, ∂J/∂b^l = δ^l.
/// Tests hold the generated networks to it, so the expected values never come from BpGen itself.
/// </summary>
public sealed class ReferenceMlp
{
    private const double LeakySlope = 0.01;

    private readonly int[] _sizes;
    private readonly Activation[] _hidden;
    private readonly Activation _output;
    private readonly Loss _loss;

    /// <param name="sizes">n0 … nL.</param>
    /// <param name="hidden">f of each hidden layer, first hidden layer first.</param>
    /// <param name="output">f of the output layer; read for <see cref="Loss.MeanSquaredError"/> only.</param>
    /// <param name="loss">The loss, which fixes the output layer of the other two.</param>
    public ReferenceMlp(int[] sizes, Activation[] hidden, Activation output, Loss loss)
    {
        Assert.Equal(sizes.Length - 2, hidden.Length);
        _sizes = sizes;
        _hidden = hidden;
        _output = output;
        _loss = loss;
        Parameters = new double[Enumerable.Range(1, sizes.Length - 1).Sum(l => sizes[l] * (sizes[l - 1] + 1))];
    }

    /// <summary>θ in BpGen's layout: per layer W^l row-major (W^l[i,j] at offset + i·n_(l−1) + j), then b^l.</summary>
    public double[] Parameters { get; }

    /// <summary>Whether θ_k is a weight (decayed by λ) rather than a bias.</summary>
    public bool IsWeight(int k)
    {
        int offset = 0;
        for (int l = 1; l < _sizes.Length; l++)
        {
            int weights = _sizes[l] * _sizes[l - 1];
            if (k < offset + weights)
            {
                return true;
            }

            if (k < offset + weights + _sizes[l])
            {
                return false;
            }

            offset += weights + _sizes[l];
        }

        throw new ArgumentOutOfRangeException(nameof(k));
    }

    /// <summary>What Forward returns: a^L, softmax probabilities p, or σ(z^L).</summary>
    public double[] Forward(double[] input)
    {
        double[][] z = PreActivations(input);
        double[] last = z[^1];
        return _loss switch
        {
            BpGen.Loss.SoftmaxCrossEntropy => Softmax(last),
            BpGen.Loss.BinaryCrossEntropy => last.Select(Sigmoid).ToArray(),
            _ => last.Select(v => F(_output, v)).ToArray(),
        };
    }

    /// <summary>z^1 … z^L for <paramref name="input"/>.</summary>
    public double[][] PreActivations(double[] input)
    {
        Assert.Equal(_sizes[0], input.Length);
        var z = new double[_sizes.Length - 1][];
        double[] a = input;
        int offset = 0;
        for (int l = 1; l < _sizes.Length; l++)
        {
            int rows = _sizes[l], columns = _sizes[l - 1];
            z[l - 1] = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                double sum = Parameters[offset + rows * columns + i];
                for (int j = 0; j < columns; j++)
                {
                    sum += Parameters[offset + i * columns + j] * a[j];
                }

                z[l - 1][i] = sum;
            }

            offset += rows * (columns + 1);
            if (l < _sizes.Length - 1)
            {
                Activation f = _hidden[l - 1];
                a = z[l - 1].Select(v => F(f, v)).ToArray();
            }
        }

        return z;
    }

    /// <summary>The per-sample loss J of the loss table, from the logits where the table says so.</summary>
    public double Loss(double[] input, double[] target)
    {
        double[] z = PreActivations(input)[^1];
        double sum = 0;
        switch (_loss)
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
                    double difference = F(_output, z[i]) - target[i];
                    sum += 0.5 * difference * difference;
                }

                return sum;
        }
    }

    /// <summary>∂J/∂θ for one sample, in the parameter layout.</summary>
    public double[] Gradient(double[] input, double[] target)
    {
        int layers = _sizes.Length - 1;
        double[][] z = PreActivations(input);
        var a = new double[layers + 1][];
        a[0] = input;
        for (int l = 1; l < layers; l++)
        {
            Activation f = _hidden[l - 1];
            a[l] = z[l - 1].Select(v => F(f, v)).ToArray();
        }

        // δ^L from the loss table: (a − y) ⊙ f′(z) for MSE, p − y for softmax, σ(z) − y for BCE.
        double[] output = Forward(input);
        double[] delta = new double[_sizes[^1]];
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = _loss == BpGen.Loss.MeanSquaredError
                ? (output[i] - target[i]) * Derivative(_output, z[^1][i])
                : output[i] - target[i];
        }

        var gradient = new double[Parameters.Length];
        int offset = Parameters.Length;
        for (int l = layers; l >= 1; l--)
        {
            int rows = _sizes[l], columns = _sizes[l - 1];
            offset -= rows * (columns + 1);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    gradient[offset + i * columns + j] = delta[i] * a[l - 1][j];
                }

                gradient[offset + rows * columns + i] = delta[i];
            }

            if (l > 1)
            {
                // δ^(l−1) = (W^l)ᵀ·δ^l ⊙ f′(z^(l−1))
                var below = new double[columns];
                for (int j = 0; j < columns; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        sum += Parameters[offset + i * columns + j] * delta[i];
                    }

                    below[j] = sum * Derivative(_hidden[l - 2], z[l - 2][j]);
                }

                delta = below;
            }
        }

        return gradient;
    }

    /// <summary>SGD: θ ← θ − α·(g/m + λ·W) for weights, b ← b − α·g/m for biases.</summary>
    public void Update(double[] gradientSum, double learningRate, int batchSize, double l2)
    {
        for (int k = 0; k < Parameters.Length; k++)
        {
            double decay = IsWeight(k) ? l2 * Parameters[k] : 0;
            Parameters[k] -= learningRate * (gradientSum[k] / batchSize + decay);
        }
    }

    /// <summary>Whether f has a kink at z = 0 (ReLU, LeakyReLU, ELU′), where J is not smooth and finite differences fail.</summary>
    public static bool HasKink(Activation activation) => activation is Activation.ReLU or Activation.LeakyReLU or Activation.ELU;

    /// <summary>The activations of layers 1 … L as the network applies them (null for softmax and BCE outputs, which are smooth).</summary>
    public Activation?[] LayerActivations() =>
        _hidden.Select(f => (Activation?)f).Append(_loss == BpGen.Loss.MeanSquaredError ? _output : null).ToArray();

    public static double F(Activation f, double z) => f switch
    {
        Activation.Identity => z,
        Activation.Sigmoid => Sigmoid(z),
        Activation.Tanh => Math.Tanh(z),
        Activation.ReLU => z > 0 ? z : 0,
        Activation.LeakyReLU => z > 0 ? z : LeakySlope * z,
        Activation.Softplus => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))), // ln(1 + e^z), without overflow
        Activation.ELU => z > 0 ? z : Math.Exp(z) - 1,
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static double Derivative(Activation f, double z) => f switch
    {
        Activation.Identity => 1,
        Activation.Sigmoid => Sigmoid(z) * (1 - Sigmoid(z)),
        Activation.Tanh => 1 - Math.Tanh(z) * Math.Tanh(z),
        Activation.ReLU => z > 0 ? 1 : 0,
        Activation.LeakyReLU => z > 0 ? 1 : LeakySlope,
        Activation.Softplus => Sigmoid(z),
        Activation.ELU => z > 0 ? 1 : Math.Exp(z),
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double[] e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
