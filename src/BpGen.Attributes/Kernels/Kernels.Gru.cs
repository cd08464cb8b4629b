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
    /// One time step of a GRU layer and its backward step, as PyTorch defines the cell:
    /// r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z = σ(W_iz·x + b_iz + W_hz·h + b_hz),
    /// n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h′ = (1 − z) ⊙ n + z ⊙ h.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>How many values per unit <see cref="GruStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/> keeps for the backward step: r, z, n and W_hn·h + b_hn.</summary>
        public const int GruCachePerUnit = 4;

        private const int GruGates = 3;

        /// <summary>
        /// One GRU step: h′ into <paramref name="hNext"/> from x and h, with H = h.Length and n_in = x.Length.
        /// <paramref name="layer"/> holds the layer's parameters from its weight_ih on (3H·n_in + 3H·H + 6H values:
        /// weight_ih, weight_hh, bias_ih, bias_hh, gate rows r, z, n); <paramref name="cache"/> receives the
        /// 4H values the backward step reads (r, z, n, W_hn·h + b_hn, H each). The outputs must not overlap
        /// the inputs.
        /// </summary>
        public static void GruStep(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, Span<float> hNext, Span<float> cache) =>
            GruStep<float, SingleScalar>(layer, x, h, hNext, cache);

        /// <inheritdoc cref="GruStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        public static void GruStep(ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, Span<double> hNext, Span<double> cache) =>
            GruStep<double, DoubleScalar>(layer, x, h, hNext, cache);

        /// <summary>
        /// The backward step of <see cref="GruStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        /// at the same x and h (x only gives n_in): given ∂J/∂h′ (<paramref name="dhNext"/>), turns the step's
        /// <paramref name="cache"/> into its gate deltas (δr, δz, δn and r·δn, H each: what
        /// <see cref="GruWeightGradient(int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
        /// reads) and, unless they are empty, writes ∂J/∂h into <paramref name="dh"/> and ∂J/∂x into
        /// <paramref name="dx"/>: the first step of a sequence, whose start state learns nothing, passes an empty
        /// dh and skips the product with W_hᵀ. The outputs must not overlap the inputs.
        /// </summary>
        public static void GruBackward(ReadOnlySpan<float> layer, ReadOnlySpan<float> x, ReadOnlySpan<float> h, Span<float> cache, ReadOnlySpan<float> dhNext, Span<float> dh, Span<float> dx) =>
            GruBackward<float, SingleScalar>(layer, x, h, cache, dhNext, dh, dx);

        /// <inheritdoc cref="GruBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        public static void GruBackward(ReadOnlySpan<double> layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, Span<double> cache, ReadOnlySpan<double> dhNext, Span<double> dh, Span<double> dx) =>
            GruBackward<double, DoubleScalar>(layer, x, h, cache, dhNext, dh, dx);

        /// <summary>
        /// Adds ∂J/∂θ of a GRU layer of <paramref name="units"/> units over <paramref name="steps"/> steps into
        /// <paramref name="layerGradient"/> (the layout of the layer's parameters), once
        /// <see cref="GruBackward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        /// has left every step's gate deltas: step t's input x_t at inputs[t·<paramref name="inputStride"/> …], its
        /// state before the step h_t at states[t·<paramref name="stride"/> …] and its deltas at
        /// deltas[t·<paramref name="stride"/> …], as a record of the steps holds them.
        /// </summary>
        public static void GruWeightGradient(
            int units, int steps, ReadOnlySpan<float> inputs, int inputStride, ReadOnlySpan<float> states, ReadOnlySpan<float> deltas, int stride, Span<float> layerGradient) =>
            GruWeightGradient<float, SingleScalar>(units, steps, inputs, inputStride, states, deltas, stride, layerGradient, BackwardVectors);

        /// <inheritdoc cref="GruWeightGradient(int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
        public static void GruWeightGradient(
            int units, int steps, ReadOnlySpan<double> inputs, int inputStride, ReadOnlySpan<double> states, ReadOnlySpan<double> deltas, int stride, Span<double> layerGradient) =>
            GruWeightGradient<double, DoubleScalar>(units, steps, inputs, inputStride, states, deltas, stride, layerGradient, BackwardVectors);

        /// <summary>The weight gradient over the steps, its recurrent rows split as the GRU needs (the r and z rows see δ and the n rows r·δn); <paramref name="vectors"/> takes the AVX paths.</summary>
        internal static void GruWeightGradient<T, TScalar>(
            int units, int steps, ReadOnlySpan<T> inputs, int inputStride, ReadOnlySpan<T> states, ReadOnlySpan<T> deltas, int stride, Span<T> layerGradient, bool vectors)
            where T : unmanaged
            where TScalar : struct, IScalar<T> =>
            AddWeightGradients<T, TScalar>("a GRU", GruGates, GruCachePerUnit, 2, 3, units, steps, inputs, inputStride, states, deltas, stride, layerGradient, vectors);

        private static void GruStep<T, TScalar>(ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> hNext, Span<T> cache)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = h.Length;
            RecurrentShape shape = CheckRecurrentLayer(nameof(layer), "a GRU", GruGates, layer.Length, x.Length, units);
            CheckLength(nameof(hNext), units, hNext.Length);
            CheckLength(nameof(cache), (long)GruCachePerUnit * units, cache.Length);
#if NET8_0_OR_GREATER
            if (Avx.IsSupported)
            {
                GruGateSums<T, TScalar>(layer, shape, x, h, cache);
                GruUpdate<T, TScalar>(h, hNext, cache);
                return;
            }
#endif
            GruStepPortable<T, TScalar>(layer, shape, x, h, hNext, cache);
        }

        /// <summary>
        /// The step on every runtime, one gate product after another through <see cref="Affine{T, TScalar}"/>;
        /// the shapes were checked.
        /// </summary>
        internal static void GruStepPortable<T, TScalar>(ReadOnlySpan<T> layer, RecurrentShape shape, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> hNext, Span<T> cache)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = shape.Hidden;
            T one = default(TScalar).FromDouble(1);
            Span<T> resetAndUpdate = cache.Slice(0, 2 * units);

            // r and z: W_h·h + b_h goes where n and W_hn·h + b_hn are written next, then is added in.
            InputAffine<T, TScalar>(layer, shape, 0, x, resetAndUpdate);
            RecurrentAffine<T, TScalar>(layer, shape, 0, h, cache.Slice(2 * units, 2 * units));
            MultiplyAdd<T, TScalar>(one, cache.Slice(2 * units, 2 * units), resetAndUpdate);
            InputAffine<T, TScalar>(layer, shape, 2, x, cache.Slice(2 * units, units));
            RecurrentAffine<T, TScalar>(layer, shape, 2, h, cache.Slice(3 * units, units));
            GruUpdate<T, TScalar>(h, hNext, cache);
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// The GRU's gate pre-activations into the cache for <see cref="GruUpdate"/>: r and z with both
        /// products of a row in one sum, then W_in·x + b_in and W_hn·h + b_hn apart.
        /// </summary>
        private static void GruGateSums<T, TScalar>(ReadOnlySpan<T> layer, RecurrentShape shape, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> cache)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = shape.Hidden;
            Span<T> resetAndUpdate = cache.Slice(0, 2 * units);
            GateSums<T, TScalar>(InputRows(layer, shape, 0, 2 * units), x, RecurrentRows(layer, shape, 0, 2 * units), h, layer.Slice(shape.InputBiases, 2 * units), resetAndUpdate);
            MultiplyAdd<T, TScalar>(default(TScalar).FromDouble(1), layer.Slice(shape.RecurrentBiases, 2 * units), resetAndUpdate);
            GateSums<T, TScalar>(InputRows(layer, shape, 2 * units, units), x, default, default, layer.Slice(shape.InputBiases + (2 * units), units), cache.Slice(2 * units, units));
            GateSums<T, TScalar>(RecurrentRows(layer, shape, 2 * units, units), h, default, default, layer.Slice(shape.RecurrentBiases + (2 * units), units), cache.Slice(3 * units, units));
        }

        /// <summary>
        /// <see cref="GruGateSums"/> for a few streams of a batch (a pair), one pass over the weights for all:
        /// stream s's pre-activations go into its cache at caches[s·4H …].
        /// </summary>
        private static void GruGateSumsOfStreams<T, TScalar>(ReadOnlySpan<T> layer, RecurrentShape shape, int streams, ReadOnlySpan<T> xs, ReadOnlySpan<T> hs, Span<T> caches)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = shape.Hidden, stride = GruCachePerUnit * units;
            GateSumsOfStreams<T, TScalar>(
                InputRows(layer, shape, 0, 2 * units), xs, RecurrentRows(layer, shape, 0, 2 * units), hs, layer.Slice(shape.InputBiases, 2 * units), caches, stride, streams);
            GateSumsOfStreams<T, TScalar>(
                InputRows(layer, shape, 2 * units, units), xs, default, default, layer.Slice(shape.InputBiases + (2 * units), units), caches.Slice(2 * units), stride, streams);
            GateSumsOfStreams<T, TScalar>(
                RecurrentRows(layer, shape, 2 * units, units), hs, default, default, layer.Slice(shape.RecurrentBiases + (2 * units), units), caches.Slice(3 * units), stride, streams);
            ReadOnlySpan<T> recurrentBiases = layer.Slice(shape.RecurrentBiases, 2 * units);
            for (int s = 0; s < streams; s++)
            {
                MultiplyAdd<T, TScalar>(default(TScalar).FromDouble(1), recurrentBiases, caches.Slice(s * stride, 2 * units));
            }
        }
#endif

        /// <summary>
        /// The GRU's cell from its pre-activations, which <paramref name="cache"/> holds on entry in the
        /// places of r, z, n and W_hn·h + b_hn (r and z with both biases, n's place W_in·x + b_in):
        /// r, z and n replace them, the last stays, and h′ goes into <paramref name="hNext"/>. Float with
        /// AVX2 and FMA eight units at a time through the vector σ and tanh (sixteen with AVX-512, the same
        /// bits), the rest unit by unit.
        /// </summary>
        private static void GruUpdate<T, TScalar>(ReadOnlySpan<T> h, Span<T> hNext, Span<T> cache)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = h.Length, j = 0;
#if NET8_0_OR_GREATER
            if (typeof(T) == typeof(float) && Avx2.IsSupported && Fma.IsSupported)
            {
                ref float c = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(cache));
                ref float state = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(h));
                ref float next = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(hNext));
                for (; Vector512.IsHardwareAccelerated && j + Vector512<float>.Count <= units; j += Vector512<float>.Count)
                {
                    Vector512<float> r = SigmoidAvx512(Vector512.LoadUnsafe(ref c, (nuint)j));
                    Vector512<float> z = SigmoidAvx512(Vector512.LoadUnsafe(ref c, (nuint)(units + j)));
                    Vector512<float> n = TanhAvx512(Avx512F.FusedMultiplyAdd(r, Vector512.LoadUnsafe(ref c, (nuint)((3 * units) + j)), Vector512.LoadUnsafe(ref c, (nuint)((2 * units) + j))));
                    r.StoreUnsafe(ref c, (nuint)j);
                    z.StoreUnsafe(ref c, (nuint)(units + j));
                    n.StoreUnsafe(ref c, (nuint)((2 * units) + j));
                    Avx512F.FusedMultiplyAdd(Vector512<float>.One - z, n, z * Vector512.LoadUnsafe(ref state, (nuint)j)).StoreUnsafe(ref next, (nuint)j);
                }

                for (; j + Vector256<float>.Count <= units; j += Vector256<float>.Count)
                {
                    Vector256<float> r = SigmoidAvx(Vector256.LoadUnsafe(ref c, (nuint)j));
                    Vector256<float> z = SigmoidAvx(Vector256.LoadUnsafe(ref c, (nuint)(units + j)));
                    Vector256<float> n = TanhAvx(Fma.MultiplyAdd(r, Vector256.LoadUnsafe(ref c, (nuint)((3 * units) + j)), Vector256.LoadUnsafe(ref c, (nuint)((2 * units) + j))));
                    r.StoreUnsafe(ref c, (nuint)j);
                    z.StoreUnsafe(ref c, (nuint)(units + j));
                    n.StoreUnsafe(ref c, (nuint)((2 * units) + j));
                    Fma.MultiplyAdd(Vector256<float>.One - z, n, z * Vector256.LoadUnsafe(ref state, (nuint)j)).StoreUnsafe(ref next, (nuint)j);
                }
            }
#endif
            TScalar s = default;
            T one = s.FromDouble(1);
            for (; j < units; j++)
            {
                T r = Logistic<T, TScalar>(cache[j]), z = Logistic<T, TScalar>(cache[units + j]);
                T n = s.Tanh(s.Add(cache[(2 * units) + j], s.Multiply(r, cache[(3 * units) + j])));
                cache[j] = r;
                cache[units + j] = z;
                cache[(2 * units) + j] = n;
                hNext[j] = s.Add(s.Multiply(s.Subtract(one, z), n), s.Multiply(z, h[j]));
            }
        }

        private static void GruBackward<T, TScalar>(ReadOnlySpan<T> layer, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> cache, ReadOnlySpan<T> dhNext, Span<T> dh, Span<T> dx)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = h.Length;
            RecurrentShape shape = CheckRecurrentLayer(nameof(layer), "a GRU", GruGates, layer.Length, x.Length, units);
            CheckLength(nameof(cache), (long)GruCachePerUnit * units, cache.Length);
            CheckLength(nameof(dhNext), units, dhNext.Length);
            CheckOptionalDelta(nameof(dh), "h", units, dh.Length);
            CheckOptionalDelta(nameof(dx), "x", x.Length, dx.Length);

            GruBackward<T, TScalar>(layer, shape, h, cache, dhNext, dh, dx, BackwardVectors);
        }

        /// <summary>
        /// The backward step once the shapes are checked: the gate deltas over the cache, with ∂J/∂h through
        /// z ⊙ h beside them; then their products with the transposed weights.
        /// <paramref name="vectors"/> takes the AVX paths; without, the portable one every runtime has.
        /// </summary>
        internal static void GruBackward<T, TScalar>(
            ReadOnlySpan<T> layer, RecurrentShape shape, ReadOnlySpan<T> h, Span<T> cache, ReadOnlySpan<T> dhNext, Span<T> dh, Span<T> dx, bool vectors)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = shape.Hidden, rows = shape.Rows, resetAndUpdate = 2 * units;
            GruGateDeltas<T, TScalar>(h, cache, dhNext, dh, vectors);

            // δ′ is δ in the r and z rows and r·δn, after the deltas, in the n rows.
            if (!dh.IsEmpty)
            {
                AddTransposedProduct<T, TScalar>(RecurrentRows(layer, shape, 0, resetAndUpdate), cache.Slice(0, resetAndUpdate), dh, vectors);
                AddTransposedProduct<T, TScalar>(RecurrentRows(layer, shape, resetAndUpdate, units), cache.Slice(rows, units), dh, vectors);
            }

            if (!dx.IsEmpty)
            {
                dx.Clear();
                AddTransposedProduct<T, TScalar>(InputRows(layer, shape, 0, rows), cache.Slice(0, rows), dx, vectors);
            }
        }

        /// <summary>
        /// The gate deltas over the cache, unit by unit in place: r, z, n and W_hn·h + b_hn become δr, δz, δn
        /// and r·δn (n's recurrent row sees r·δn, since r scales W_hn·h + b_hn only); unless dh is empty,
        /// dh ← z ⊙ ∂J/∂h′, the share of ∂J/∂h that reaches h′ through z ⊙ h, before the transposed products
        /// add theirs. With <paramref name="vectors"/> a vector of units at a time, the rest unit by unit, both
        /// in the same order of operations.
        /// </summary>
        private static void GruGateDeltas<T, TScalar>(ReadOnlySpan<T> h, Span<T> cache, ReadOnlySpan<T> dhNext, Span<T> dh, bool vectors)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int units = h.Length, j = 0;
#if NET8_0_OR_GREATER
            if (vectors)
            {
                ref T c = ref MemoryMarshal.GetReference(cache);
                ref T state = ref MemoryMarshal.GetReference(h);
                ref T next = ref MemoryMarshal.GetReference(dhNext);
                ref T back = ref MemoryMarshal.GetReference(dh);
                Vector256<T> ones = Vector256<T>.One;
                nuint u = (nuint)units;
                bool wantDh = !dh.IsEmpty;
                for (; j + Vector256<T>.Count <= units; j += Vector256<T>.Count)
                {
                    nuint at = (nuint)j;
                    Vector256<T> dNext = Vector256.LoadUnsafe(ref next, at);
                    Vector256<T> r = Vector256.LoadUnsafe(ref c, at), z = Vector256.LoadUnsafe(ref c, u + at);
                    Vector256<T> n = Vector256.LoadUnsafe(ref c, (2 * u) + at), hiddenCandidate = Vector256.LoadUnsafe(ref c, (3 * u) + at);
                    Vector256<T> dn = dNext * (ones - z) * (ones - (n * n));
                    Vector256<T> dz = dNext * (Vector256.LoadUnsafe(ref state, at) - n) * z * (ones - z);
                    Vector256<T> dr = dn * hiddenCandidate * r * (ones - r);
                    dr.StoreUnsafe(ref c, at);
                    dz.StoreUnsafe(ref c, u + at);
                    dn.StoreUnsafe(ref c, (2 * u) + at);
                    (dn * r).StoreUnsafe(ref c, (3 * u) + at);
                    if (wantDh)
                    {
                        (dNext * z).StoreUnsafe(ref back, at);
                    }
                }
            }
#endif
            TScalar s = default;
            T one = s.FromDouble(1);
            for (; j < units; j++)
            {
                T next = dhNext[j], r = cache[j], z = cache[units + j], n = cache[(2 * units) + j], hiddenCandidate = cache[(3 * units) + j];
                T dn = s.Multiply(s.Multiply(next, s.Subtract(one, z)), s.Subtract(one, s.Multiply(n, n)));
                T dz = s.Multiply(s.Multiply(s.Multiply(next, s.Subtract(h[j], n)), z), s.Subtract(one, z));
                T dr = s.Multiply(s.Multiply(s.Multiply(dn, hiddenCandidate), r), s.Subtract(one, r));
                cache[j] = dr;
                cache[units + j] = dz;
                cache[(2 * units) + j] = dn;
                cache[(3 * units) + j] = s.Multiply(dn, r);
                if (!dh.IsEmpty)
                {
                    dh[j] = s.Multiply(next, z);
                }
            }
        }
    }
}
