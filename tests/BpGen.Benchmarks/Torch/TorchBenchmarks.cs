using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace BpGen.Benchmarks.Torch;

/// <summary>
/// The same networks in TorchSharp (libtorch on the CPU, one thread), beside BpGen in the same run:
/// one sample per call, and a batch of 256 reported per sample. Torch gets its best case: input and
/// target tensors are made once, outside the measurement, where a caller holding float[] would have
/// to copy into a tensor on every call.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TorchBenchmarks
{
    private const int Batch = 256;

    private INetwork<float> _generated = null!;
    private float[] _input = null!;
    private float[] _target = null!;
    private float[] _output = null!;
    private nn.Module<Tensor, Tensor> _model = null!;
    private optim.Optimizer _optimizer = null!;
    private Tensor _sample = null!;
    private Tensor _label = null!;
    private Tensor _batch = null!;
    private Tensor _labels = null!;

    [Params("2-3-2", "16-32-32-4", "64-64-10", "64-32-10")]
    public string Network { get; set; } = "2-3-2";

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        _generated = Network switch
        {
            "2-3-2" => new Net2x3x2(),
            "16-32-32-4" => new Net16x32x32x4(),
            "64-64-10" => new Net64x64x10(),
            _ => new Net64x32x10(),
        };
        int[] sizes = _generated.Signature.Sizes.ToArray();
        var random = new SeededRandom(2);
        _input = Enumerable.Range(0, sizes[0]).Select(_ => (float)random.NextUniform(1)).ToArray();
        _target = new float[sizes[^1]];
        _target[0] = 1;
        _output = new float[sizes[^1]];

        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int l = 1; l < sizes.Length; l++)
        {
            layers.Add(($"linear{l}", nn.Linear(sizes[l - 1], sizes[l])));
            if (l < sizes.Length - 1)
            {
                layers.Add(($"activation{l}", Network == "2-3-2" ? nn.Sigmoid() : nn.ReLU()));
            }
        }

        _model = nn.Sequential(layers);
        _optimizer = optim.SGD(_model.parameters(), 1e-6);
        _sample = tensor(_input).reshape(1, sizes[0]);
        _label = tensor(new long[] { 0 });
        _batch = randn(Batch, sizes[0]);
        _labels = zeros(Batch, dtype: ScalarType.Int64);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Forward")]
    public void TorchForward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        nn.functional.softmax(_model.forward(_sample), 1).data<float>().CopyTo(_output, 0);
    }

    [Benchmark, BenchmarkCategory("Forward")]
    public void GeneratedForward() => _generated.Forward(_input, _output);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Forward")]
    public float TorchForwardBatchPerSample()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return nn.functional.softmax(_model.forward(_batch), 1)[0, 0].item<float>();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("TrainStep")]
    public float TorchTrainStep() => TorchStep(_sample, _label);

    [Benchmark, BenchmarkCategory("TrainStep")]
    public float GeneratedTrainStep() => _generated.TrainStep(_input, _target, 1e-6f);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("TrainStep")]
    public float TorchTrainStepBatchPerSample() => TorchStep(_batch, _labels);

    private float TorchStep(Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        Tensor loss = nn.functional.cross_entropy(_model.forward(input), labels);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }
}
