namespace BpGen.Benchmarks;

/// <summary>
/// The baseline: the loop implementation a textbook gives, with every buffer preallocated (no
/// allocation per call) and the same activations, loss and parameter layout as the generated code.
/// </summary>
public sealed class TextbookMlp
{
    private readonly int[] _sizes;
    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly float[][] _activations;
    private readonly float[][] _deltas;
    private readonly Activation _activation;
    private readonly bool _softmax;

    /// <param name="sizes">The layer sizes.</param>
    /// <param name="activation">The hidden layers' activation: Sigmoid, Tanh or ReLU.</param>
    /// <param name="softmax">Whether the output is a softmax (Backward's loss is then cross-entropy, the only one it has), or the activation again.</param>
    public TextbookMlp(int[] sizes, Activation activation, bool softmax = true)
    {
        _sizes = sizes;
        _activation = activation;
        _softmax = softmax;
        int layers = sizes.Length - 1;
        _weights = new float[layers][];
        _biases = new float[layers][];
        _activations = new float[sizes.Length][];
        _deltas = new float[sizes.Length][];
        var random = new SeededRandom(1);
        for (int l = 0; l < sizes.Length; l++)
        {
            _activations[l] = new float[sizes[l]];
            _deltas[l] = new float[sizes[l]];
        }

        for (int l = 0; l < layers; l++)
        {
            _weights[l] = new float[sizes[l + 1] * sizes[l]];
            _biases[l] = new float[sizes[l + 1]];
            for (int k = 0; k < _weights[l].Length; k++)
            {
                _weights[l][k] = (float)random.NextUniform(Math.Sqrt(6.0 / (sizes[l] + sizes[l + 1])));
            }
        }

        Gradient = _weights.Select(w => new float[w.Length]).Concat(_biases.Select(b => new float[b.Length])).ToArray();
    }

    /// <summary>Per layer: the weight gradients, then per layer the bias gradients.</summary>
    public float[][] Gradient { get; }

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        input.CopyTo(_activations[0]);
        int layers = _sizes.Length - 1;
        for (int l = 0; l < layers; l++)
        {
            float[] w = _weights[l], b = _biases[l], x = _activations[l], a = _activations[l + 1];
            int n = _sizes[l];
            for (int i = 0; i < a.Length; i++)
            {
                float z = b[i];
                for (int j = 0; j < n; j++)
                {
                    z += w[i * n + j] * x[j];
                }

                a[i] = l == layers - 1 && _softmax ? z : Activate(z);
            }
        }

        if (!_softmax)
        {
            _activations[layers].CopyTo(output);
            return;
        }

        float[] logits = _activations[layers];
        float max = logits.Max();
        float sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] = MathF.Exp(logits[i] - max);
            sum += logits[i];
        }

        for (int i = 0; i < logits.Length; i++)
        {
            logits[i] /= sum;
        }

        logits.CopyTo(output);
    }

    public float Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        int layers = _sizes.Length - 1;
        Forward(input, _deltas[layers]);
        float loss = 0;
        for (int i = 0; i < target.Length; i++)
        {
            loss -= target[i] * MathF.Log(MathF.Max(_deltas[layers][i], 1e-30f));
            _deltas[layers][i] -= target[i];
        }

        for (int l = layers - 1; l >= 0; l--)
        {
            float[] w = _weights[l], x = _activations[l], d = _deltas[l + 1], prev = _deltas[l];
            float[] gw = Gradient[l], gb = Gradient[layers + l];
            int n = _sizes[l];
            Array.Clear(prev);
            for (int i = 0; i < d.Length; i++)
            {
                gb[i] += d[i];
                for (int j = 0; j < n; j++)
                {
                    gw[i * n + j] += d[i] * x[j];
                    prev[j] += w[i * n + j] * d[i];
                }
            }

            if (l > 0)
            {
                for (int j = 0; j < n; j++)
                {
                    prev[j] *= Derivative(x[j]);
                }
            }
        }

        return loss;
    }

    public void Update(float learningRate)
    {
        int layers = _sizes.Length - 1;
        for (int l = 0; l < layers; l++)
        {
            Step(_weights[l], Gradient[l], learningRate);
            Step(_biases[l], Gradient[layers + l], learningRate);
        }
    }

    private static void Step(float[] parameters, float[] gradient, float learningRate)
    {
        for (int k = 0; k < parameters.Length; k++)
        {
            parameters[k] -= learningRate * gradient[k];
            gradient[k] = 0;
        }
    }

    private float Activate(float z) => _activation switch
    {
        Activation.Sigmoid => 1f / (1f + MathF.Exp(-z)),
        Activation.Tanh => MathF.Tanh(z),
        _ => MathF.Max(z, 0),
    };

    private float Derivative(float a) => _activation switch
    {
        Activation.Sigmoid => a * (1 - a),
        Activation.Tanh => 1 - (a * a),
        _ => a > 0 ? 1 : 0,
    };
}
