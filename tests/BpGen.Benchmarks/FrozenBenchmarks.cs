using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BpGen.Benchmarks;

/// <summary>
/// Forward of a frozen network (weights as literals when unrolled, read-only assembly data when looped)
/// against the same model trainable (weights in the parameter array), one sample at a time. The models
/// are OnnxRuntime/*.onnx: sigmoid hidden layers, softmax output.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class FrozenBenchmarks
{
    // Concrete types, so each call is direct, as in an application.
    private readonly Trained2x3x2 _trained2x3x2 = new();
    private readonly Frozen2x3x2 _frozen2x3x2 = new();
    private readonly Trained16x32x32x4 _trained16x32x32x4 = new();
    private readonly Frozen16x32x32x4 _frozen16x32x32x4 = new();
    private readonly Trained64x64x10 _trained64x64x10 = new();
    private readonly Frozen64x64x10 _frozen64x64x10 = new();
    private readonly float[] _input = Enumerable.Range(0, 64).Select(i => MathF.Sin(i)).ToArray();
    private readonly float[] _output = new float[10];

    [Benchmark(Baseline = true), BenchmarkCategory("2-3-2")]
    public void Trainable_2_3_2() => _trained2x3x2.Forward(_input.AsSpan(0, 2), _output.AsSpan(0, 2));

    [Benchmark, BenchmarkCategory("2-3-2")]
    public void Frozen_2_3_2() => _frozen2x3x2.Forward(_input.AsSpan(0, 2), _output.AsSpan(0, 2));

    [Benchmark(Baseline = true), BenchmarkCategory("16-32-32-4")]
    public void Trainable_16_32_32_4() => _trained16x32x32x4.Forward(_input.AsSpan(0, 16), _output.AsSpan(0, 4));

    [Benchmark, BenchmarkCategory("16-32-32-4")]
    public void Frozen_16_32_32_4() => _frozen16x32x32x4.Forward(_input.AsSpan(0, 16), _output.AsSpan(0, 4));

    [Benchmark(Baseline = true), BenchmarkCategory("64-64-10")]
    public void Trainable_64_64_10() => _trained64x64x10.Forward(_input, _output);

    [Benchmark, BenchmarkCategory("64-64-10")]
    public void Frozen_64_64_10() => _frozen64x64x10.Forward(_input, _output);
}

[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "2-3-2.onnx")]
public partial class Trained2x3x2 { }

[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "2-3-2.onnx", Frozen = true)]
public partial class Frozen2x3x2 { }

[Network(16, 32, 32, 4, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "16-32-32-4.onnx")]
public partial class Trained16x32x32x4 { }

[Network(16, 32, 32, 4, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "16-32-32-4.onnx", Frozen = true)]
public partial class Frozen16x32x32x4 { }

[Network(64, 64, 10, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "64-64-10.onnx")]
public partial class Trained64x64x10 { }

[Network(64, 64, 10, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "64-64-10.onnx", Frozen = true)]
public partial class Frozen64x64x10 { }
