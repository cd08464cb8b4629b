using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// 2-3-2 (σ, softmax) over 256 samples, per sample: one Forward call each (the baseline), the generated
/// ForwardBatch (the batched kernels composed), and the code planned for small unrolled networks written by hand: eight samples
/// in the lanes of a vector, each weight broadcast once, σ and e^x from the vector functions. Setup
/// checks both against Forward.
/// </summary>
[MemoryDiagnoser]
public class BatchUnrolledBenchmarks
{
    private const int Samples = 256;

    private readonly BatchBenchmarks _kernels = new() { Network = "2-3-2" };
    private INetwork<float> _network = null!;
    private float[] _parameters = null!;
    private float[] _inputs = null!;
    private float[] _outputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!Avx2.IsSupported || !Fma.IsSupported)
        {
            throw new PlatformNotSupportedException("The unrolled batch needs AVX2 and FMA.");
        }

        _kernels.Setup();
        _network = new Net2x3x2();
        _network.InitializeParameters(1);
        _parameters = _network.Parameters.ToArray();
        var random = new SeededRandom(2);
        _inputs = Enumerable.Range(0, Samples * 2).Select(_ => (float)random.NextUniform(1)).ToArray();
        _outputs = new float[Samples * 2];

        ForwardBatchUnrolled();
        float[] batched = (float[])_outputs.Clone();
        Forward();
        float worst = batched.Zip(_outputs, (b, f) => Math.Abs(b - f)).Max();
        if (worst > 1e-6f)
        {
            throw new InvalidOperationException($"ForwardBatchUnrolled differs from Forward by {worst}.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public void Forward()
    {
        for (int s = 0; s < Samples; s++)
        {
            _network.Forward(_inputs.AsSpan(s * 2, 2), _outputs.AsSpan(s * 2, 2));
        }
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void ForwardBatch() => _kernels.ForwardBatch();

    [Benchmark(OperationsPerInvoke = Samples)]
    public void ForwardBatchUnrolled()
    {
        ReadOnlySpan<float> p = _parameters;
        Vector256<float> w1_00 = Vector256.Create(p[0]), w1_01 = Vector256.Create(p[1]), w1_10 = Vector256.Create(p[2]);
        Vector256<float> w1_11 = Vector256.Create(p[3]), w1_20 = Vector256.Create(p[4]), w1_21 = Vector256.Create(p[5]);
        Vector256<float> b1_0 = Vector256.Create(p[6]), b1_1 = Vector256.Create(p[7]), b1_2 = Vector256.Create(p[8]);
        Vector256<float> w2_00 = Vector256.Create(p[9]), w2_01 = Vector256.Create(p[10]), w2_02 = Vector256.Create(p[11]);
        Vector256<float> w2_10 = Vector256.Create(p[12]), w2_11 = Vector256.Create(p[13]), w2_12 = Vector256.Create(p[14]);
        Vector256<float> b2_0 = Vector256.Create(p[15]), b2_1 = Vector256.Create(p[16]);
        ref float x = ref MemoryMarshal.GetArrayDataReference(_inputs);
        ref float y = ref MemoryMarshal.GetArrayDataReference(_outputs);
        for (int s = 0; s < Samples; s += 8)
        {
            // Eight samples of (x0, x1) in two vectors; the shuffle leaves them in the order 0 1 4 5 2 3 6 7,
            // which the unpacks at the end undo.
            Vector256<float> v0 = Vector256.LoadUnsafe(ref x, (nuint)(2 * s)), v1 = Vector256.LoadUnsafe(ref x, (nuint)((2 * s) + 8));
            Vector256<float> x0 = Avx.Shuffle(v0, v1, 0x88), x1 = Avx.Shuffle(v0, v1, 0xDD);

            Vector256<float> h0 = Kernels.Sigmoid(Fma.MultiplyAdd(w1_01, x1, Fma.MultiplyAdd(w1_00, x0, b1_0)));
            Vector256<float> h1 = Kernels.Sigmoid(Fma.MultiplyAdd(w1_11, x1, Fma.MultiplyAdd(w1_10, x0, b1_1)));
            Vector256<float> h2 = Kernels.Sigmoid(Fma.MultiplyAdd(w1_21, x1, Fma.MultiplyAdd(w1_20, x0, b1_2)));

            Vector256<float> z0 = Fma.MultiplyAdd(w2_02, h2, Fma.MultiplyAdd(w2_01, h1, Fma.MultiplyAdd(w2_00, h0, b2_0)));
            Vector256<float> z1 = Fma.MultiplyAdd(w2_12, h2, Fma.MultiplyAdd(w2_11, h1, Fma.MultiplyAdd(w2_10, h0, b2_1)));
            Vector256<float> max = Avx.Max(z0, z1);
            Vector256<float> e0 = Kernels.ExpNonPositive(z0 - max), e1 = Kernels.ExpNonPositive(z1 - max);
            Vector256<float> reciprocal = Vector256<float>.One / (e0 + e1);

            Avx.UnpackLow(e0 * reciprocal, e1 * reciprocal).StoreUnsafe(ref y, (nuint)(2 * s));
            Avx.UnpackHigh(e0 * reciprocal, e1 * reciprocal).StoreUnsafe(ref y, (nuint)((2 * s) + 8));
        }
    }
}
