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

    private ReferenceLoss OutputLayer => new(_loss, _output);

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
    public double[] Forward(double[] input) => OutputLayer.Forward(PreActivations(input)[^1]);

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
            z[l - 1] = ReferenceAffine.Apply(Parameters, offset, offset + rows * columns, rows, columns, a);
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
    public double Loss(double[] input, double[] target) => OutputLayer.Of(PreActivations(input)[^1], target);

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

        double[] delta = OutputLayer.Delta(z[^1], target);
        var gradient = new double[Parameters.Length];
        int offset = Parameters.Length;
        for (int l = layers; l >= 1; l--)
        {
            int rows = _sizes[l], columns = _sizes[l - 1];
            offset -= rows * (columns + 1);
            double[] below = ReferenceAffine.Backpropagate(Parameters, offset, offset + rows * columns, rows, columns, a[l - 1], delta, gradient);
            if (l > 1)
            {
                // δ^(l−1) = (W^l)ᵀ·δ^l ⊙ f′(z^(l−1))
                delta = below.Select((sum, j) => sum * Derivative(_hidden[l - 2], z[l - 2][j])).ToArray();
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
}
