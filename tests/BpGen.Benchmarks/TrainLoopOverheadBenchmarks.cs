using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// One epoch of 64-32-10, SGD, mini-batches of 32, one thread (samples per second = 1,258 / Mean): Train
/// against the same arithmetic written as a bare loop of BackwardBatch and Update over samples already
/// in order, so the difference is what Train adds (shuffling, gathering the samples, the epoch's checks).
/// </summary>
[MemoryDiagnoser]
public class TrainLoopOverheadBenchmarks
{
    private const int Samples = 1258, BatchSize = 32;
    private readonly Net64x32x10 _net = new();
    private float[] _inputs = null!;
    private float[] _targets = null!;
    private int[] _labels = null!;
    private float[] _gradient = null!;
    private TrainingOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(3);
        _inputs = Enumerable.Range(0, Samples * 64).Select(_ => (float)random.NextUniform(1.5)).ToArray();
        _labels = Enumerable.Range(0, Samples).Select(_ => random.NextInt(10)).ToArray();
        _targets = new float[Samples * 10];
        for (int s = 0; s < Samples; s++)
        {
            _targets[(s * 10) + _labels[s]] = 1;
        }

        _gradient = new float[Net64x32x10.ParameterCount];
        _options = new TrainingOptions { Epochs = 1, BatchSize = BatchSize, LearningRate = 1e-4, Optimizer = Optimizer.Sgd, Parallelism = 1 };
    }

    [Benchmark(Baseline = true)]
    public TrainingReport Train() => _net.Train(DataSet<float>.WithLabels(_inputs, _labels), _options);

    [Benchmark]
    public float BackwardBatchAndUpdate()
    {
        float loss = 0;
        for (int start = 0; start < Samples; start += BatchSize)
        {
            int count = Math.Min(BatchSize, Samples - start);
            loss += _net.BackwardBatch(_inputs.AsSpan(start * 64, count * 64), _targets.AsSpan(start * 10, count * 10), _gradient);
            _net.Update(_gradient, 1e-4f, count);
        }

        return loss;
    }
}
