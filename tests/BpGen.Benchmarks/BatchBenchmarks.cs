using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// 256 samples through the forward pass, per sample: one Forward call each (the baseline), the
/// textbook loops, the generated ForwardBatch, and the batched kernels composed by hand in blocks of
/// 32 samples in lanes on the stack; and 256 samples through the backward pass, one Backward call each
/// against one BackwardBatch. Setup checks ForwardBatch and the composition give Forward's outputs.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private const int Samples = 256;
    private const int Width = 32;

    private INetwork<float> _network = null!;
    private int[] _sizes = null!;
    private float[] _parameters = null!;
    private float[] _inputs = null!;
    private float[] _outputs = null!;
    private float[] _targets = null!;
    private float[] _gradient = null!;
    private TextbookMlp _textbook = null!;

    [Params("2-3-2", "16-32-32-4", "64-64-10")]
    public string Network { get; set; } = "2-3-2";

    [GlobalSetup]
    public void Setup()
    {
        _network = Network switch
        {
            "2-3-2" => new Net2x3x2(),
            "16-32-32-4" => new Net16x32x32x4(),
            _ => new Net64x64x10(),
        };
        _network.InitializeParameters(1);
        _sizes = _network.Signature.Sizes.ToArray();
        _parameters = _network.Parameters.ToArray();
        var random = new SeededRandom(2);
        _inputs = Enumerable.Range(0, Samples * _sizes[0]).Select(_ => (float)random.NextUniform(1)).ToArray();
        _outputs = new float[Samples * _sizes[^1]];
        _targets = Enumerable.Range(0, Samples * _sizes[^1]).Select(k => k % _sizes[^1] == 0 ? 1f : 0f).ToArray();
        _gradient = new float[_network.ParameterCount];
        _textbook = new TextbookMlp(_sizes, Network == "2-3-2" ? Activation.Sigmoid : Activation.ReLU);

        Forward();
        float[] one = (float[])_outputs.Clone();
        foreach (Action batched in new Action[] { ForwardBatch, ComposedByHand })
        {
            batched();
            float worst = _outputs.Zip(one, (b, f) => Math.Abs(b - f)).Max();
            if (worst > 1e-5f)
            {
                throw new InvalidOperationException($"{batched.Method.Name} differs from Forward by {worst}.");
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public void Forward()
    {
        int inputs = _sizes[0], outputs = _sizes[^1];
        for (int s = 0; s < Samples; s++)
        {
            _network.Forward(_inputs.AsSpan(s * inputs, inputs), _outputs.AsSpan(s * outputs, outputs));
        }
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void Textbook()
    {
        int inputs = _sizes[0], outputs = _sizes[^1];
        for (int s = 0; s < Samples; s++)
        {
            _textbook.Forward(_inputs.AsSpan(s * inputs, inputs), _outputs.AsSpan(s * outputs, outputs));
        }
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void ForwardBatch() => _network.ForwardBatch(_inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Samples)]
    public float Backward()
    {
        int inputs = _sizes[0], outputs = _sizes[^1];
        float loss = 0;
        for (int s = 0; s < Samples; s++)
        {
            loss += _network.Backward(_inputs.AsSpan(s * inputs, inputs), _targets.AsSpan(s * outputs, outputs), _gradient);
        }

        _gradient.AsSpan().Clear();
        return loss;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public float BackwardBatch()
    {
        float loss = _network.BackwardBatch(_inputs, _targets, _gradient);
        _gradient.AsSpan().Clear();
        return loss;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void ComposedByHand()
    {
        int[] sizes = _sizes;
        int widest = sizes.Max();
        Span<float> a = stackalloc float[widest * Width];
        Span<float> z = stackalloc float[widest * Width];
        int first = sizes[0], last = sizes[^1];
        ReadOnlySpan<float> parameters = _parameters;
        for (int start = 0; start < Samples; start += Width)
        {
            int count = Math.Min(Width, Samples - start);
            Kernels.ToLanes(_inputs.AsSpan(start * first, count * first), first, a.Slice(0, first * Width), Width);
            int offset = 0;
            for (int l = 1; l < sizes.Length; l++)
            {
                int rows = sizes[l], columns = sizes[l - 1];
                Span<float> zl = z.Slice(0, rows * Width);
                Kernels.AffineLanes(
                    parameters.Slice(offset, rows * columns), parameters.Slice(offset + (rows * columns), rows), a.Slice(0, columns * Width), zl, Width);
                offset += rows * (columns + 1);
                if (l == sizes.Length - 1)
                {
                    Kernels.SoftmaxLanes(zl, Width);
                }
                else if (Network == "2-3-2")
                {
                    Kernels.Sigmoid(zl);
                }
                else
                {
                    Kernels.ReLU(zl);
                }

                Span<float> previous = a;
                a = z;
                z = previous;
            }

            Kernels.FromLanes(a.Slice(0, last * Width), last, _outputs.AsSpan(start * last, count * last), Width);
        }
    }
}
