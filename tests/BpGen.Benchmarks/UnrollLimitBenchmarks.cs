using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// Two networks of nearly the same size on either side of NetworkLimits.UnrollLimit (256 parameters):
/// 8-14-8 (246, unrolled) and 8-15-8 (263, looped SIMD kernels), with ReLU (cheap, inlined in the
/// unrolled code) and tanh (a scalar call per neuron unrolled, eight neurons at a time looped).
/// </summary>
[MemoryDiagnoser]
public class UnrollLimitBenchmarks
{
    private readonly float[] _input = { 0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f, 0.7f, -0.8f };
    private readonly float[] _target = { 1, 0, 0, 0, 0, 0, 0, 0 };
    private readonly float[] _output = new float[8];
    private readonly float[] _unrolledGradient = new float[Net8x14x8.ParameterCount];
    private readonly float[] _loopedGradient = new float[Net8x15x8.ParameterCount];
    private INetwork<float> _unrolled = null!;
    private INetwork<float> _looped = null!;

    [Params("ReLU", "Tanh")]
    public string Activation { get; set; } = "ReLU";

    [GlobalSetup]
    public void Setup()
    {
        _unrolled = Activation == "ReLU" ? new Net8x14x8Relu() : new Net8x14x8();
        _looped = Activation == "ReLU" ? new Net8x15x8Relu() : new Net8x15x8();
    }

    [Benchmark]
    public void UnrolledForward() => _unrolled.Forward(_input, _output);

    [Benchmark]
    public void LoopedForward() => _looped.Forward(_input, _output);

    [Benchmark]
    public float UnrolledBackward() => _unrolled.Backward(_input, _target, _unrolledGradient);

    [Benchmark]
    public float LoopedBackward() => _looped.Backward(_input, _target, _loopedGradient);

    [Benchmark]
    public float UnrolledTrainStep() => _unrolled.TrainStep(_input, _target, 1e-6f);

    [Benchmark]
    public float LoopedTrainStep() => _looped.TrainStep(_input, _target, 1e-6f);
}

[Network(8, 14, 8, Activation.Tanh, Loss.SoftmaxCrossEntropy)]
public partial class Net8x14x8
{
}

[Network(8, 15, 8, Activation.Tanh, Loss.SoftmaxCrossEntropy)]
public partial class Net8x15x8
{
}

[Network(8, 14, 8, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class Net8x14x8Relu
{
}

[Network(8, 15, 8, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class Net8x15x8Relu
{
}
