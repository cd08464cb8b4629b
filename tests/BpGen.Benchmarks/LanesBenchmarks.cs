using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// The small networks of a game over 256 samples, per sample: one Forward (the baseline) and one
/// Backward call each against one ForwardBatch and one BackwardBatch. 2-3-2's batched methods hold
/// the samples in vector lanes; 8-16-4 (212 parameters, unrolled, above the lanes limit of 64) and
/// 12-24-24-6 (1,062, looped) go through the batched kernels.
/// </summary>
[MemoryDiagnoser]
public class LanesBenchmarks
{
    private const int Samples = 256;

    private INetwork<float> _network = null!;
    private int _inputs, _outputs;
    private float[] _x = null!, _y = null!, _targets = null!, _gradient = null!;

    [Params("2-3-2", "8-16-4", "12-24-24-6")]
    public string Network { get; set; } = "2-3-2";

    [GlobalSetup]
    public void Setup()
    {
        _network = Network switch
        {
            "2-3-2" => new Net2x3x2(),
            "8-16-4" => new Net8x16x4Tanh(),
            _ => new Net12x24x24x6(),
        };
        _network.InitializeParameters(1);
        _inputs = _network.Signature.Sizes[0];
        _outputs = _network.Signature.Sizes[^1];
        var random = new SeededRandom(2);
        _x = Enumerable.Range(0, Samples * _inputs).Select(_ => (float)random.NextUniform(1)).ToArray();
        _y = new float[Samples * _outputs];
        _targets = Enumerable.Range(0, Samples * _outputs).Select(k => k % _outputs == 0 ? 1f : 0f).ToArray();
        _gradient = new float[_network.ParameterCount];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public void Forward()
    {
        for (int s = 0; s < Samples; s++)
        {
            _network.Forward(_x.AsSpan(s * _inputs, _inputs), _y.AsSpan(s * _outputs, _outputs));
        }
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void ForwardBatch() => _network.ForwardBatch(_x, _y);

    [Benchmark(OperationsPerInvoke = Samples)]
    public float Backward()
    {
        float loss = 0;
        for (int s = 0; s < Samples; s++)
        {
            loss += _network.Backward(_x.AsSpan(s * _inputs, _inputs), _targets.AsSpan(s * _outputs, _outputs), _gradient);
        }

        _gradient.AsSpan().Clear();
        return loss;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public float BackwardBatch()
    {
        float loss = _network.BackwardBatch(_x, _targets, _gradient);
        _gradient.AsSpan().Clear();
        return loss;
    }
}
