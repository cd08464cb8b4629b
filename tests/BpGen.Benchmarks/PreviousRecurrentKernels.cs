using System.Numerics;
using System.Runtime.InteropServices;

namespace BpGen.Benchmarks;

/// <summary>
/// The float GRU and LSTM steps as the runtime computed them before their AVX kernels, kept here only as
/// the baseline of <see cref="RecurrentKernelBenchmarks"/>: one <see cref="Kernels.Affine(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
/// per gate product, the biases and the two products of a gate added afterwards, σ and tanh over whole spans.
/// </summary>
public static class PreviousRecurrentKernels
{
    public static void PreviousGruStep(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, Span<float> hNext, Span<float> cache)
    {
        int units = h.Length, inputs = x.Length;
        Check(layer.Length == 3 * units * (inputs + units + 2) && hNext.Length == units && cache.Length == 4 * units);
        Span<float> resetAndUpdate = cache.Slice(0, 2 * units);
        Span<float> candidate = cache.Slice(2 * units, units);
        Span<float> hiddenCandidate = cache.Slice(3 * units, units);

        InputAffine(layer, units, inputs, 0, x, resetAndUpdate);
        RecurrentAffine(layer, units, inputs, 0, h, cache.Slice(2 * units, 2 * units));
        Add(cache.Slice(2 * units, 2 * units), resetAndUpdate);
        Kernels.Sigmoid(resetAndUpdate);

        RecurrentAffine(layer, units, inputs, 2, h, hiddenCandidate);
        InputAffine(layer, units, inputs, 2, x, candidate);
        for (int j = 0; j < units; j++)
        {
            candidate[j] += resetAndUpdate[j] * hiddenCandidate[j];
        }

        Kernels.Tanh(candidate);
        for (int j = 0; j < units; j++)
        {
            float z = resetAndUpdate[units + j];
            hNext[j] = ((1 - z) * candidate[j]) + (z * h[j]);
        }
    }

    public static void PreviousLstmStep(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hNext, Span<float> cNext, Span<float> cache)
    {
        int units = h.Length, inputs = x.Length;
        Check(layer.Length == 4 * units * (inputs + units + 2) && c.Length == units && hNext.Length == units && cNext.Length == units && cache.Length == 5 * units);
        Span<float> gates = cache.Slice(0, 4 * units);
        Span<float> tanhC = cache.Slice(4 * units, units);

        InputAffine(layer, units, inputs, 0, x, gates);
        for (int gate = 0; gate < 4; gate++)
        {
            RecurrentAffine(layer, units, inputs, gate, h, tanhC);
            Add(tanhC, gates.Slice(gate * units, units));
        }

        Kernels.Sigmoid(gates.Slice(0, 2 * units));
        Kernels.Tanh(gates.Slice(2 * units, units));
        Kernels.Sigmoid(gates.Slice(3 * units, units));
        for (int j = 0; j < units; j++)
        {
            cNext[j] = (gates[units + j] * c[j]) + (gates[j] * gates[(2 * units) + j]);
            tanhC[j] = cNext[j];
        }

        Kernels.Tanh(tanhC);
        for (int j = 0; j < units; j++)
        {
            hNext[j] = gates[(3 * units) + j] * tanhC[j];
        }
    }

    private static void InputAffine(ReadOnlySpan<float> layer, int units, int inputs, int firstGate, ReadOnlySpan<float> x, Span<float> result)
    {
        int gates = layer.Length / (units * (inputs + units + 2)), row = firstGate * units;
        int biases = gates * units * (inputs + units);
        Kernels.Affine(layer.Slice(row * inputs, result.Length * inputs), layer.Slice(biases + row, result.Length), x, result);
    }

    private static void RecurrentAffine(ReadOnlySpan<float> layer, int units, int inputs, int firstGate, ReadOnlySpan<float> h, Span<float> result)
    {
        int gates = layer.Length / (units * (inputs + units + 2)), row = firstGate * units;
        int weights = gates * units * inputs, biases = gates * units * (inputs + units + 1);
        Kernels.Affine(layer.Slice(weights + (row * units), result.Length * units), layer.Slice(biases + row, result.Length), h, result);
    }

    /// <summary>y ← y + x, as the runtime's multiply-add by 1 did it.</summary>
    private static void Add(ReadOnlySpan<float> x, Span<float> y)
    {
        ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
        Span<Vector<float>> ys = MemoryMarshal.Cast<float, Vector<float>>(y);
        for (int k = 0; k < xs.Length; k++)
        {
            ys[k] += xs[k];
        }

        for (int j = xs.Length * Vector<float>.Count; j < x.Length; j++)
        {
            y[j] += x[j];
        }
    }

    private static void Check(bool shapes)
    {
        if (!shapes)
        {
            throw new ArgumentException("The spans do not have the shapes of one layer's step.");
        }
    }
}
