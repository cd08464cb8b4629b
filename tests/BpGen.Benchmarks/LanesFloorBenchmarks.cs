using System.Numerics;
using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// The floor a batched forward pass in vector lanes can reach, measured in its parts: what one fused
/// vector multiply-add costs when nothing waits on it, and what each of the runtime's vector activations
/// costs (the ones the lanes code and the batched kernels call), per vector of 8 samples. A network's
/// floor per sample is then its multiply-adds and activations at these costs, divided by the 8 lanes
/// (docs/performance.md adds them up for 8-16-4 and 12-24-24-6).
/// </summary>
public class LanesFloorBenchmarks
{
    private const int Vectors = 256;
    private const int MultiplyAddsPerVector = 64;

    private readonly Vector<float>[] _values = new Vector<float>[Vectors];
    private readonly Vector<float>[] _results = new Vector<float>[Vectors];

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(3);
        for (int i = 0; i < Vectors; i++)
        {
            var lanes = new float[Vector<float>.Count];
            for (int k = 0; k < lanes.Length; k++)
            {
                lanes[k] = (float)random.NextUniform(3);
            }

            _values[i] = new Vector<float>(lanes);
        }
    }

    /// <summary>Eight independent chains of fused multiply-adds, so that only throughput counts: ns per multiply-add of one vector.</summary>
    [Benchmark(OperationsPerInvoke = Vectors * MultiplyAddsPerVector)]
    public Vector<float> MultiplyAdd()
    {
        Vector<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector<float> w = _values[0];
        for (int i = 0; i < Vectors; i++)
        {
            Vector<float> x = _values[i];
            for (int k = 0; k < MultiplyAddsPerVector / 8; k++)
            {
                a0 = Vector.FusedMultiplyAdd(w, x, a0);
                a1 = Vector.FusedMultiplyAdd(w, x, a1);
                a2 = Vector.FusedMultiplyAdd(w, x, a2);
                a3 = Vector.FusedMultiplyAdd(w, x, a3);
                a4 = Vector.FusedMultiplyAdd(w, x, a4);
                a5 = Vector.FusedMultiplyAdd(w, x, a5);
                a6 = Vector.FusedMultiplyAdd(w, x, a6);
                a7 = Vector.FusedMultiplyAdd(w, x, a7);
            }
        }

        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    /// <summary>ns per vector through <see cref="Kernels.Tanh(Vector{float})"/>, the calls independent of each other.</summary>
    [Benchmark(OperationsPerInvoke = Vectors)]
    public void Tanh() => Apply<TanhFunction>();

    /// <summary>ns per vector through <see cref="Kernels.Sigmoid(Vector{float})"/>.</summary>
    [Benchmark(OperationsPerInvoke = Vectors)]
    public void Sigmoid() => Apply<SigmoidFunction>();

    /// <summary>ns per vector through <see cref="Kernels.ReLU(Vector{float})"/>.</summary>
    [Benchmark(OperationsPerInvoke = Vectors)]
    public void ReLU() => Apply<ReLUFunction>();

    /// <summary>ns per vector through <see cref="Kernels.Exp(Vector{float})"/>, which the softmax takes once per output.</summary>
    [Benchmark(OperationsPerInvoke = Vectors)]
    public void Exp() => Apply<ExpFunction>();

    /// <summary>The function over every value; a struct type argument, so the JIT inlines it into the loop.</summary>
    private void Apply<TFunction>()
        where TFunction : struct, IVectorFunction
    {
        Vector<float>[] values = _values, results = _results;
        for (int i = 0; i < values.Length; i++)
        {
            results[i] = TFunction.Of(values[i]);
        }
    }

    private interface IVectorFunction
    {
        static abstract Vector<float> Of(Vector<float> z);
    }

    private struct TanhFunction : IVectorFunction
    {
        public static Vector<float> Of(Vector<float> z) => Kernels.Tanh(z);
    }

    private struct SigmoidFunction : IVectorFunction
    {
        public static Vector<float> Of(Vector<float> z) => Kernels.Sigmoid(z);
    }

    private struct ReLUFunction : IVectorFunction
    {
        public static Vector<float> Of(Vector<float> z) => Kernels.ReLU(z);
    }

    private struct ExpFunction : IVectorFunction
    {
        public static Vector<float> Of(Vector<float> z) => Kernels.Exp(z);
    }
}
