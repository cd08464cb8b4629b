using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace BpGen
{
    /// <summary>
    /// One time step of an LSTM layer and its backward step, as PyTorch defines the cell (no peepholes, no
    /// projection): with v = W_i·x + b_i + W_h·h + b_h in gate rows i, f, g, o: i, f, o = σ(v), g = tanh(v),
    /// c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′).
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>How many values per unit <see cref="LstmStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/> keeps for the backward step: i, f, g, o and tanh(c′).</summary>
        public const int LstmCachePerUnit = 5;

        private const int LstmGates = 4;

        /// <summary>
        /// One LSTM step: h′ and c′ into <paramref name="hNext"/> and <paramref name="cNext"/> from x, h and c,
        /// with H = h.Length and n_in = x.Length. <paramref name="layer"/> holds the layer's parameters from its
        /// weight_ih on (4H·n_in + 4H·H + 8H values: weight_ih, weight_hh, bias_ih, bias_hh, gate rows i, f, g, o);
        /// <paramref name="cache"/> receives the 5H values the backward step reads (i, f, g, o, tanh(c′), H each).
        /// The outputs must not overlap the inputs.
        /// </summary>
        public static void LstmStep(
            ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> hNext, Span<float> cNext, Span<float> cache) =>
            LstmStep<float, SingleScalar>(layer, x, h, c, hNext, cNext, cache);

        /// <inheritdoc cref="LstmStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/>
        public static void LstmStep(
            ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, ReadOnlySpan<double> c, Span<double> hNext, Span<double> cNext, Span<double> cache) =>
            LstmStep<double, DoubleScalar>(layer, x, h, c, hNext, cNext, cache);

        /// <summary>
        /// The backward step of <see cref="LstmStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/>
        /// at the same x, h and c (x only gives n_in): given ∂J/∂h′ and ∂J/∂c′ (<paramref name="dhNext"/>,
        /// <paramref name="dcNext"/>), turns the first 4H values of the step's <paramref name="cache"/> into its gate
        /// deltas (δi, δf, δg, δo: what <see cref="LstmWeightGradient(int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
        /// reads), writes ∂J/∂c into <paramref name="dc"/> and, unless they are empty, ∂J/∂h into
        /// <paramref name="dh"/> and ∂J/∂x into <paramref name="dx"/>: the first step of a sequence, whose start
        /// state learns nothing, passes an empty dh and skips the product with W_hᵀ (dc, a product of values
        /// alone, is always written). The outputs must not overlap the inputs.
        /// </summary>
        public static void LstmBackward(
            ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, ReadOnlySpan<float> c, Span<float> cache, ReadOnlySpan<float> dhNext, ReadOnlySpan<float> dcNext,
            Span<float> dh, Span<float> dc, Span<float> dx) =>
            LstmBackward<float, SingleScalar>(layer, x, h, c, cache, dhNext, dcNext, dh, dc, dx);

        /// <inheritdoc cref="LstmBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/>
        public static void LstmBackward(
            ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, ReadOnlySpan<double> c, Span<double> cache, ReadOnlySpan<double> dhNext, ReadOnlySpan<double> dcNext,
            Span<double> dh, Span<double> dc, Span<double> dx) =>
            LstmBackward<double, DoubleScalar>(layer, x, h, c, cache, dhNext, dcNext, dh, dc, dx);

        /// <summary>
        /// Adds ∂J/∂θ of an LSTM layer of <paramref name="units"/> units over <paramref name="steps"/> steps into
        /// <paramref name="layerGradient"/> (the layout of the layer's parameters), once
        /// <see cref="LstmBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/>
        /// has left every step's gate deltas: step t's input x_t at inputs[t·<paramref name="inputStride"/> …], its
        /// state before the step h_t at states[t·<paramref name="stride"/> …] and its deltas at
        /// deltas[t·<paramref name="stride"/> …], as a record of the steps holds them.
        /// </summary>
        public static void LstmWeightGradient(
            int units, int steps, ReadOnlySpan<float> inputs, int inputStride, ReadOnlySpan<float> states, ReadOnlySpan<float> deltas, int stride, Span<float> layerGradient) =>
            LstmWeightGradient<float, SingleScalar>(units, steps, inputs, inputStride, states, deltas, stride, layerGradient, BackwardVectors);

        /// <inheritdoc cref="LstmWeightGradient(int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
        public static void LstmWeightGradient(
            int units, int steps, ReadOnlySpan<double> inputs, int inputStride, ReadOnlySpan<double> states, ReadOnlySpan<double> deltas, int stride, Span<double> layerGradient) =>
            LstmWeightGradient<double, DoubleScalar>(units, steps, inputs, inputStride, states, deltas, stride, layerGradient, BackwardVectors);

        /// <summary>The weight gradient over the steps, its recurrent rows split as the LSTM needs (every row sees δ); <paramref name="vectors"/> takes the AVX paths.</summary>
        internal static void LstmWeightGradient<T, TScalar>(
            int units, int steps, ReadOnlySpan<T> inputs, int inputStride, ReadOnlySpan<T> states, ReadOnlySpan<T> deltas, int stride, Span<T> layerGradient, bool vectors)
            where T : unmanaged
            where TScalar : struct, IScalar<T> =>
            AddWeightGradients<T, TScalar>("an LSTM", LstmGates, LstmGates, LstmGates, LstmGates, units, steps, inputs, inputStride, states, deltas, stride, layerGradient, vectors);

        private static void LstmStep<T, TScalar>(ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, ReadOnlySpan<T> c, Span<T> hNext, Span<T> cNext, Span<T> cache)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = h.Length;
            RecurrentShape shape = CheckRecurrentLayer(nameof(layer), "an LSTM", LstmGates, layer.Length, x.Length, units);
            CheckLength(nameof(c), units, c.Length);
            CheckLength(nameof(hNext), units, hNext.Length);
            CheckLength(nameof(cNext), units, cNext.Length);
            CheckLength(nameof(cache), (long)LstmCachePerUnit * units, cache.Length);
#if NET8_0_OR_GREATER
            if (Avx.IsSupported)
            {
                LstmGateSums<T, TScalar>(layer, shape, x, h, cache);
                LstmUpdate<T, TScalar>(c, hNext, cNext, cache);
                return;
            }
#endif
            LstmStepPortable<T, TScalar>(layer, shape, x, h, c, hNext, cNext, cache);
        }

        /// <summary>
        /// The step on every runtime, one gate product after another through <see cref="Affine{T, TScalar}"/>;
        /// the shapes were checked.
        /// </summary>
        internal static void LstmStepPortable<T, TScalar>(
            ReadOnlySpan<T> layer, RecurrentShape shape, ReadOnlySpan<T> x, ReadOnlySpan<T> h, ReadOnlySpan<T> c, Span<T> hNext, Span<T> cNext, Span<T> cache)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = shape.Hidden;
            T one = default(TScalar).FromDouble(1);
            Span<T> gates = cache.Slice(0, LstmGates * units);
            Span<T> tanhC = cache.Slice(LstmGates * units, units);

            // v: W_i·x + b_i for all four gates, then W_h·h + b_h gate by gate through tanh(c′)'s place.
            InputAffine<T, TScalar>(layer, shape, 0, x, gates);
            for (int gate = 0; gate < LstmGates; gate++)
            {
                RecurrentAffine<T, TScalar>(layer, shape, gate, h, tanhC);
                MultiplyAdd<T, TScalar>(one, tanhC, gates.Slice(gate * units, units));
            }

            LstmUpdate<T, TScalar>(c, hNext, cNext, cache);
        }

#if NET8_0_OR_GREATER
        /// <summary>The LSTM's gate pre-activations into the cache for <see cref="LstmUpdate"/>, both products of a row in one sum.</summary>
        private static void LstmGateSums<T, TScalar>(ReadOnlySpan<T> layer, RecurrentShape shape, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> cache)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = shape.Rows;
            Span<T> gates = cache.Slice(0, rows);
            GateSums<T, TScalar>(InputRows(layer, shape, 0, rows), x, RecurrentRows(layer, shape, 0, rows), h, layer.Slice(shape.InputBiases, rows), gates);
            MultiplyAdd<T, TScalar>(default(TScalar).FromDouble(1), layer.Slice(shape.RecurrentBiases, rows), gates);
        }

        /// <summary>
        /// <see cref="LstmGateSums"/> for a few streams of a batch (a pair), one pass over the weights for all:
        /// stream s's pre-activations go into its cache at caches[s·5H …].
        /// </summary>
        private static void LstmGateSumsOfStreams<T, TScalar>(ReadOnlySpan<T> layer, RecurrentShape shape, int streams, ReadOnlySpan<T> xs, ReadOnlySpan<T> hs, Span<T> caches)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = shape.Rows, stride = LstmCachePerUnit * shape.Hidden;
            GateSumsOfStreams<T, TScalar>(InputRows(layer, shape, 0, rows), xs, RecurrentRows(layer, shape, 0, rows), hs, layer.Slice(shape.InputBiases, rows), caches, stride, streams);
            ReadOnlySpan<T> recurrentBiases = layer.Slice(shape.RecurrentBiases, rows);
            for (int s = 0; s < streams; s++)
            {
                MultiplyAdd<T, TScalar>(default(TScalar).FromDouble(1), recurrentBiases, caches.Slice(s * stride, rows));
            }
        }
#endif

        /// <summary>
        /// The LSTM's cell from its pre-activations v, which <paramref name="cache"/> holds on entry in the
        /// places of i, f, g and o: the gates replace them, tanh(c′) goes into the fifth place, c′ and h′
        /// into <paramref name="cNext"/> and <paramref name="hNext"/>. Float with AVX2 and FMA eight units
        /// at a time through the vector σ and tanh (sixteen with AVX-512, the same bits), the rest unit by unit.
        /// </summary>
        private static void LstmUpdate<T, TScalar>(ReadOnlySpan<T> c, Span<T> hNext, Span<T> cNext, Span<T> cache)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = c.Length, j = 0;
#if NET8_0_OR_GREATER
            if (typeof(T) == typeof(float) && Avx2.IsSupported && Fma.IsSupported)
            {
                ref float v = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(cache));
                ref float cell = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(c));
                ref float nextH = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(hNext));
                ref float nextC = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(cNext));
                for (; Vector512.IsHardwareAccelerated && j + Vector512<float>.Count <= units; j += Vector512<float>.Count)
                {
                    Vector512<float> i = SigmoidAvx512(Vector512.LoadUnsafe(ref v, (nuint)j));
                    Vector512<float> f = SigmoidAvx512(Vector512.LoadUnsafe(ref v, (nuint)(units + j)));
                    Vector512<float> g = TanhAvx512(Vector512.LoadUnsafe(ref v, (nuint)((2 * units) + j)));
                    Vector512<float> o = SigmoidAvx512(Vector512.LoadUnsafe(ref v, (nuint)((3 * units) + j)));
                    Vector512<float> cj = Avx512F.FusedMultiplyAdd(f, Vector512.LoadUnsafe(ref cell, (nuint)j), i * g);
                    Vector512<float> tanhC = TanhAvx512(cj);
                    i.StoreUnsafe(ref v, (nuint)j);
                    f.StoreUnsafe(ref v, (nuint)(units + j));
                    g.StoreUnsafe(ref v, (nuint)((2 * units) + j));
                    o.StoreUnsafe(ref v, (nuint)((3 * units) + j));
                    tanhC.StoreUnsafe(ref v, (nuint)((4 * units) + j));
                    cj.StoreUnsafe(ref nextC, (nuint)j);
                    (o * tanhC).StoreUnsafe(ref nextH, (nuint)j);
                }

                for (; j + Vector256<float>.Count <= units; j += Vector256<float>.Count)
                {
                    Vector256<float> i = SigmoidAvx(Vector256.LoadUnsafe(ref v, (nuint)j));
                    Vector256<float> f = SigmoidAvx(Vector256.LoadUnsafe(ref v, (nuint)(units + j)));
                    Vector256<float> g = TanhAvx(Vector256.LoadUnsafe(ref v, (nuint)((2 * units) + j)));
                    Vector256<float> o = SigmoidAvx(Vector256.LoadUnsafe(ref v, (nuint)((3 * units) + j)));
                    Vector256<float> cj = Fma.MultiplyAdd(f, Vector256.LoadUnsafe(ref cell, (nuint)j), i * g);
                    Vector256<float> tanhC = TanhAvx(cj);
                    i.StoreUnsafe(ref v, (nuint)j);
                    f.StoreUnsafe(ref v, (nuint)(units + j));
                    g.StoreUnsafe(ref v, (nuint)((2 * units) + j));
                    o.StoreUnsafe(ref v, (nuint)((3 * units) + j));
                    tanhC.StoreUnsafe(ref v, (nuint)((4 * units) + j));
                    cj.StoreUnsafe(ref nextC, (nuint)j);
                    (o * tanhC).StoreUnsafe(ref nextH, (nuint)j);
                }
            }
#endif
            TScalar s = default;
            for (; j < units; j++)
            {
                T i = Logistic<T, TScalar>(cache[j]), f = Logistic<T, TScalar>(cache[units + j]);
                T g = s.Tanh(cache[(2 * units) + j]), o = Logistic<T, TScalar>(cache[(3 * units) + j]);
                T next = s.Add(s.Multiply(f, c[j]), s.Multiply(i, g));
                T tanhC = s.Tanh(next);
                cache[j] = i;
                cache[units + j] = f;
                cache[(2 * units) + j] = g;
                cache[(3 * units) + j] = o;
                cache[(4 * units) + j] = tanhC;
                cNext[j] = next;
                hNext[j] = s.Multiply(o, tanhC);
            }
        }

        private static void LstmBackward<T, TScalar>(
            ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, ReadOnlySpan<T> c, Span<T> cache, ReadOnlySpan<T> dhNext, ReadOnlySpan<T> dcNext,
            Span<T> dh, Span<T> dc, Span<T> dx)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = h.Length;
            RecurrentShape shape = CheckRecurrentLayer(nameof(layer), "an LSTM", LstmGates, layer.Length, x.Length, units);
            CheckLength(nameof(c), units, c.Length);
            CheckLength(nameof(cache), (long)LstmCachePerUnit * units, cache.Length);
            CheckLength(nameof(dhNext), units, dhNext.Length);
            CheckLength(nameof(dcNext), units, dcNext.Length);
            CheckOptionalDelta(nameof(dh), "h", units, dh.Length);
            CheckLength(nameof(dc), units, dc.Length);
            CheckOptionalDelta(nameof(dx), "x", x.Length, dx.Length);

            LstmBackward<T, TScalar>(layer, shape, c, cache, dhNext, dcNext, dh, dc, dx, BackwardVectors);
        }

        /// <summary>
        /// The backward step once the shapes are checked: the gate deltas and ∂J/∂c over the cache, then the
        /// deltas' products with the transposed weights. <paramref name="vectors"/> takes the AVX paths; without,
        /// the portable one every runtime has.
        /// </summary>
        internal static void LstmBackward<T, TScalar>(
            ReadOnlySpan<T> layer, RecurrentShape shape, ReadOnlySpan<T> c, Span<T> cache, ReadOnlySpan<T> dhNext, ReadOnlySpan<T> dcNext,
            Span<T> dh, Span<T> dc, Span<T> dx, bool vectors)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = shape.Rows;
            LstmGateDeltas<T, TScalar>(c, cache, dhNext, dcNext, dc, vectors);
            ReadOnlySpan<T> deltas = cache.Slice(0, rows);
            if (!dh.IsEmpty)
            {
                dh.Clear();
                AddTransposedProduct<T, TScalar>(RecurrentRows(layer, shape, 0, rows), deltas, dh, vectors);
            }

            if (!dx.IsEmpty)
            {
                dx.Clear();
                AddTransposedProduct<T, TScalar>(InputRows(layer, shape, 0, rows), deltas, dx, vectors);
            }
        }

        /// <summary>
        /// The gate deltas over the cache, unit by unit in place: i, f, g and o become δi, δf, δg and δo, and
        /// ∂J/∂c = f ⊙ ∂J/∂c′ goes into <paramref name="dc"/> (with ∂J/∂c′ taking in what reaches it through
        /// h′ = o ⊙ tanh(c′)). With <paramref name="vectors"/> a vector of units at a time, the rest unit by
        /// unit, both in the same order of operations.
        /// </summary>
        private static void LstmGateDeltas<T, TScalar>(ReadOnlySpan<T> c, Span<T> cache, ReadOnlySpan<T> dhNext, ReadOnlySpan<T> dcNext, Span<T> dc, bool vectors)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = c.Length, j = 0;
#if NET8_0_OR_GREATER
            if (vectors)
            {
                ref T gates = ref MemoryMarshal.GetReference(cache);
                ref T cell = ref MemoryMarshal.GetReference(c);
                ref T nextH = ref MemoryMarshal.GetReference(dhNext);
                ref T nextC = ref MemoryMarshal.GetReference(dcNext);
                ref T cellDelta = ref MemoryMarshal.GetReference(dc);
                Vector256<T> ones = Vector256<T>.One;
                nuint u = (nuint)units;
                for (; j + Vector256<T>.Count <= units; j += Vector256<T>.Count)
                {
                    nuint at = (nuint)j;
                    Vector256<T> i = Vector256.LoadUnsafe(ref gates, at), f = Vector256.LoadUnsafe(ref gates, u + at);
                    Vector256<T> g = Vector256.LoadUnsafe(ref gates, (2 * u) + at), o = Vector256.LoadUnsafe(ref gates, (3 * u) + at);
                    Vector256<T> tanhC = Vector256.LoadUnsafe(ref gates, (4 * u) + at), dNextH = Vector256.LoadUnsafe(ref nextH, at);
                    Vector256<T> dNextC = Vector256.LoadUnsafe(ref nextC, at) + (dNextH * o * (ones - (tanhC * tanhC)));
                    (dNextC * g * i * (ones - i)).StoreUnsafe(ref gates, at);
                    (dNextC * Vector256.LoadUnsafe(ref cell, at) * f * (ones - f)).StoreUnsafe(ref gates, u + at);
                    (dNextC * i * (ones - (g * g))).StoreUnsafe(ref gates, (2 * u) + at);
                    (dNextH * tanhC * o * (ones - o)).StoreUnsafe(ref gates, (3 * u) + at);
                    (dNextC * f).StoreUnsafe(ref cellDelta, at);
                }
            }
#endif
            TScalar s = default;
            T one = s.FromDouble(1);
            for (; j < units; j++)
            {
                T i = cache[j], f = cache[units + j], g = cache[(2 * units) + j], o = cache[(3 * units) + j], tanhC = cache[(4 * units) + j];
                T dNextH = dhNext[j];
                T dNextC = s.Add(dcNext[j], s.Multiply(s.Multiply(dNextH, o), s.Subtract(one, s.Multiply(tanhC, tanhC))));
                cache[j] = s.Multiply(s.Multiply(s.Multiply(dNextC, g), i), s.Subtract(one, i));
                cache[units + j] = s.Multiply(s.Multiply(s.Multiply(dNextC, c[j]), f), s.Subtract(one, f));
                cache[(2 * units) + j] = s.Multiply(s.Multiply(dNextC, i), s.Subtract(one, s.Multiply(g, g)));
                cache[(3 * units) + j] = s.Multiply(s.Multiply(s.Multiply(dNextH, tanhC), o), s.Subtract(one, o));
                dc[j] = s.Multiply(dNextC, f);
            }
        }
    }
}
