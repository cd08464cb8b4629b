using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BpGen.Benchmarks;

/// <summary>
/// One sample, one thread: Forward, Backward, Update, and a train step (Backward, then Update with
/// batch size 1), of the generated code side by side with the textbook loops (the baseline) for the
/// same network.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class NetworkBenchmarks
{
    private INetwork<float> _generated = null!;
    private TextbookMlp _textbook = null!;
    private float[] _input = null!;
    private float[] _target = null!;
    private float[] _output = null!;
    private float[] _gradient = null!;

    [Params("2-3-2", "16-32-32-4", "64-64-10", "64-32-10", "16-128-128-8", "64-256-10")]
    public string Network { get; set; } = "2-3-2";

    [GlobalSetup]
    public void Setup()
    {
        _generated = Network switch
        {
            "2-3-2" => new Net2x3x2(),
            "16-32-32-4" => new Net16x32x32x4(),
            "64-64-10" => new Net64x64x10(),
            "64-32-10" => new Net64x32x10(),
            "16-128-128-8" => new Net16x128x128x8(),
            _ => new Net64x256x10(),
        };
        int[] sizes = _generated.Signature.Sizes.ToArray();
        _textbook = new TextbookMlp(sizes, Network == "2-3-2" ? Activation.Sigmoid : Activation.ReLU);
        var random = new SeededRandom(2);
        _input = Enumerable.Range(0, sizes[0]).Select(_ => (float)random.NextUniform(1)).ToArray();
        _target = new float[sizes[^1]];
        _target[0] = 1;
        _output = new float[sizes[^1]];
        _gradient = new float[_generated.ParameterCount];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public void TextbookForward() => _textbook.Forward(_input, _output);

    [Benchmark, BenchmarkCategory("Forward")]
    public void GeneratedForward() => _generated.Forward(_input, _output);

    [Benchmark(Baseline = true), BenchmarkCategory("Backward")]
    public float TextbookBackward() => _textbook.Backward(_input, _target);

    [Benchmark, BenchmarkCategory("Backward")]
    public float GeneratedBackward() => _generated.Backward(_input, _target, _gradient);

    [Benchmark(Baseline = true), BenchmarkCategory("Update")]
    public void TextbookUpdate() => _textbook.Update(1e-6f);

    [Benchmark, BenchmarkCategory("Update")]
    public void GeneratedUpdate() => _generated.Update(_gradient, 1e-6f);

    [Benchmark(Baseline = true), BenchmarkCategory("TrainStep")]
    public float TextbookTrainStep()
    {
        float loss = _textbook.Backward(_input, _target);
        _textbook.Update(1e-6f);
        return loss;
    }

    [Benchmark, BenchmarkCategory("TrainStep")]
    public float GeneratedTrainStep()
    {
        float loss = _generated.Backward(_input, _target, _gradient);
        _generated.Update(_gradient, 1e-6f);
        return loss;
    }

    [Benchmark, BenchmarkCategory("TrainStep")]
    public float GeneratedFusedTrainStep() => _generated.TrainStep(_input, _target, 1e-6f);
}
