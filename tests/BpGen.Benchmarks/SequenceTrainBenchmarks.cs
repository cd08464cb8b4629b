using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// Train of the sample's digits GRU (8 inputs, GRU 32, dense 32 → 10, softmax cross-entropy) on 1,258
/// sequences of 8 steps with the target at the last step, Adam, mini-batches of 32, gradients clipped at
/// norm 1, one epoch per call: sequences per second = 1,258 / Mean. Beside PyTorch 1.13's figure for the
/// same network (Torch/gru_digits_training_speed.py).
/// </summary>
[MemoryDiagnoser]
public class SequenceTrainBenchmarks
{
    private const int Sequences = 1258, Steps = 8;
    private readonly DigitsGru _net = new();
    private SequenceDataSet<float> _data = null!;
    private TrainingOptions _options = null!;

    [Params(1, 2)]
    public int Parallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(4);
        float[] inputs = Enumerable.Range(0, Sequences * Steps * DigitsGru.InputSize).Select(_ => (float)random.NextDouble()).ToArray();
        float[] targets = new float[Sequences * DigitsGru.OutputSize];
        for (int s = 0; s < Sequences; s++)
        {
            targets[(s * DigitsGru.OutputSize) + random.NextInt(DigitsGru.OutputSize)] = 1;
        }

        _data = SequenceDataSet<float>.FixedLength(inputs, targets, Steps, DigitsGru.InputSize, DigitsGru.OutputSize, SequenceTargets.LastStep);
        _options = new TrainingOptions { Epochs = 1, BatchSize = 32, Optimizer = Optimizer.Adam, LearningRate = 0.01, GradientClipping = 1, Parallelism = Parallelism };
    }

    [Benchmark]
    public TrainingReport TrainOneEpoch() => _net.Train(_data, _options);
}

[Network(8, 32, 10, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru })]
public partial class DigitsGru
{
}
