using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.ML.OnnxRuntime;

namespace BpGen.Benchmarks;

/// <summary>
/// Many samples at once, per sample: ONNX Runtime's batched Run (one thread, preallocated OrtValues,
/// every graph optimization) beside BpGen and the textbook loops on the same shapes and activations:
/// sigmoid hidden layers and a softmax output, and the small networks of a game, 8-16-4 with tanh
/// throughout and 12-24-24-6 with ReLU and a softmax. The models are made by make_models.py beside this file.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OnnxRuntimeBenchmarks : IDisposable
{
    private const int Batch = 256;

    private INetwork<float> _network = null!;
    private TextbookMlp _textbook = null!;
    private float[] _inputs = null!;
    private float[] _outputs = null!;
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtValue _inputValue = null!;
    private OrtValue _outputValue = null!;
    private readonly string[] _inputNames = { "input" };
    private readonly string[] _outputNames = { "output" };

    [Params("2-3-2", "8-16-4", "12-24-24-6", "16-32-32-4", "64-64-10")]
    public string Network { get; set; } = "2-3-2";

    [GlobalSetup]
    public void Setup()
    {
        _network = Network switch
        {
            "2-3-2" => new Net2x3x2(),
            "8-16-4" => new Net8x16x4Tanh(),
            "12-24-24-6" => new Net12x24x24x6(),
            "16-32-32-4" => new Net16x32x32x4Sigmoid(),
            _ => new Net64x64x10Sigmoid(),
        };
        int[] sizes = _network.Signature.Sizes.ToArray();
        _textbook = Network switch
        {
            "8-16-4" => new TextbookMlp(sizes, Activation.Tanh, softmax: false),
            "12-24-24-6" => new TextbookMlp(sizes, Activation.ReLU),
            _ => new TextbookMlp(sizes, Activation.Sigmoid),
        };
        var random = new SeededRandom(2);
        _inputs = Enumerable.Range(0, Batch * _network.InputSize).Select(_ => (float)random.NextUniform(1)).ToArray();
        _outputs = new float[Batch * _network.OutputSize];

        var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "OnnxRuntime", Network + ".onnx"), options);
        _runOptions = new RunOptions();
        _inputValue = OrtValue.CreateTensorValueFromMemory(_inputs, new long[] { Batch, _network.InputSize });
        _outputValue = OrtValue.CreateTensorValueFromMemory(_outputs, new long[] { Batch, _network.OutputSize });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Forward, per sample of 256")]
    public void Textbook()
    {
        for (int s = 0; s < Batch; s++)
        {
            _textbook.Forward(_inputs.AsSpan(s * _network.InputSize, _network.InputSize), _outputs.AsSpan(s * _network.OutputSize, _network.OutputSize));
        }
    }

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Forward, per sample of 256")]
    public void OnnxRuntimeBatch() => _session.Run(_runOptions, _inputNames, new[] { _inputValue }, _outputNames, new[] { _outputValue });

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Forward, per sample of 256")]
    public void BpGenForwardBatch() => _network.ForwardBatch(_inputs, _outputs);

    [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Forward, per sample of 256")]
    public void BpGenOneByOne()
    {
        for (int s = 0; s < Batch; s++)
        {
            _network.Forward(_inputs.AsSpan(s * _network.InputSize, _network.InputSize), _outputs.AsSpan(s * _network.OutputSize, _network.OutputSize));
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _inputValue?.Dispose();
        _outputValue?.Dispose();
        _runOptions?.Dispose();
        _session?.Dispose();
    }
}
