using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// Train on a digits-sized problem (64-32-10, 1,258 samples, one epoch per call): samples per
/// second = 1,258 / Mean. Mini-batches of 32 are too small to share between threads (one thread runs
/// them whatever Parallelism says); mini-batches of 128 are shared.
/// </summary>
[MemoryDiagnoser]
public class TrainBenchmarks
{
    private const int Samples = 1258;
    private readonly Net64x32x10 _net = new();
    private float[] _inputs = null!;
    private int[] _labels = null!;
    private TrainingOptions _options = null!;

    [Params(Optimizer.Sgd, Optimizer.Adam)]
    public Optimizer Optimizer { get; set; }

    [Params(1, 2)]
    public int Parallelism { get; set; }

    [Params(32, 128)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(3);
        _inputs = Enumerable.Range(0, Samples * 64).Select(_ => (float)random.NextUniform(1.5)).ToArray();
        _labels = Enumerable.Range(0, Samples).Select(_ => random.NextInt(10)).ToArray();
        _options = new TrainingOptions { Epochs = 1, BatchSize = BatchSize, LearningRate = 1e-4, Optimizer = Optimizer, Parallelism = Parallelism };
    }

    [Benchmark]
    public TrainingReport TrainOneEpoch() => _net.Train(DataSet<float>.WithLabels(_inputs, _labels), _options);
}
