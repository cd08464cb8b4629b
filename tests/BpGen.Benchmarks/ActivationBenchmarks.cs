using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// σ and tanh over a layer of 64 neurons: the scalar loop the generated code would otherwise run
/// (the baseline) against the vector kernels, and the whole 64-64-10 forward pass with that activation.
/// </summary>
[MemoryDiagnoser]
public class ActivationBenchmarks
{
    private readonly float[] _z = Enumerable.Range(0, 64).Select(i => 3 * MathF.Sin(i)).ToArray();
    private readonly float[] _a = new float[64];
    private readonly float[] _output = new float[10];
    private INetwork<float> _network = null!;

    [Params("Sigmoid", "Tanh")]
    public string Activation { get; set; } = "Sigmoid";

    [GlobalSetup]
    public void Setup() => _network = Activation == "Sigmoid" ? new Net64x64x10Sigmoid() : new Net64x64x10Tanh();

    [Benchmark(Baseline = true)]
    public void ScalarLayer()
    {
        _z.CopyTo(_a, 0);
        bool sigmoid = Activation == "Sigmoid";
        for (int i = 0; i < _a.Length; i++)
        {
            _a[i] = sigmoid ? 1f / (1f + MathF.Exp(-_a[i])) : MathF.Tanh(_a[i]);
        }
    }

    [Benchmark]
    public void KernelLayer()
    {
        _z.CopyTo(_a, 0);
        if (Activation == "Sigmoid")
        {
            Kernels.Sigmoid(_a);
        }
        else
        {
            Kernels.Tanh(_a);
        }
    }

    [Benchmark]
    public void Forward64x64x10() => _network.Forward(_z, _output);
}
