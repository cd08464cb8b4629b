using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// Two networks of nearly the same size on either side of NetworkEmitter.UnrollLimit (256 parameters):
/// 8-14-8 (246, unrolled) and 8-15-8 (263, looped SIMD kernels). Per multiply-add, the looped code
/// wins once it is faster than the unrolled code at the same size.
/// </summary>
[MemoryDiagnoser]
public class UnrollLimitBenchmarks
{
    private readonly Net8x14x8 _unrolled = new();
    private readonly Net8x15x8 _looped = new();
    private readonly float[] _input = { 0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f, 0.7f, -0.8f };
    private readonly float[] _target = { 1, 0, 0, 0, 0, 0, 0, 0 };
    private readonly float[] _output = new float[8];

    [Benchmark]
    public void UnrolledForward() => _unrolled.Forward(_input, _output);

    [Benchmark]
    public void LoopedForward() => _looped.Forward(_input, _output);

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
