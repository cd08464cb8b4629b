using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace BpGen
{
    /// <summary>
    /// What the batched methods of unrolled networks call: they hold one sample per lane of a
    /// <see cref="Vector{T}"/> (every neuron a vector local), so the runtime supplies the move of a block
    /// of samples into and out of lanes, the sums over lanes, and each activation over a whole vector.
    /// Where <see cref="Vector{T}"/> is not hardware-accelerated (Mono, IL2CPP) those methods run one
    /// sample after another instead, decided by <see cref="SamplesInVectorLanes"/> alone.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// Whether blocks of samples go through vector lanes: where <see cref="Vector{T}"/> is hardware-
        /// accelerated. The tests turn it off to run the one-sample fallback that Mono and IL2CPP take.
        /// </summary>
        internal static bool VectorLanesEnabled = Vector.IsHardwareAccelerated;

        /// <summary>
        /// How many of <paramref name="count"/> samples to run in lanes of vectors <paramref name="width"/>
        /// wide: whole vectors of them where vectors are hardware-accelerated, none elsewhere; the rest
        /// run one sample at a time.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is less than 1.</exception>
        public static int SamplesInVectorLanes(int count, int width) =>
            width < 1 ? throw new ArgumentOutOfRangeException(nameof(width), width, $"A vector holds at least 1 lane, but width is {width}.")
            : VectorLanesEnabled ? count - (count % width) : 0;

        /// <summary>
        /// lanes[k][s] ← samples[s·size + k]: Vector&lt;float&gt;.Count samples of lanes.Length values each,
        /// into one vector per value. Inlined into the generated code, where the shuffles for pairs and
        /// quads cost a few instructions per block and the other sizes one call.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void ToVectorLanes(ReadOnlySpan<float> samples, Span<Vector<float>> lanes)
        {
            int size = lanes.Length, width = Vector<float>.Count;
            CheckLength(nameof(samples), size * width, samples.Length);
#if NET8_0_OR_GREATER
            if (width == Vector256<float>.Count && Avx2.IsSupported && (size == 2 || size == 4))
            {
                ref float from = ref MemoryMarshal.GetReference(samples);
                ref float to = ref Unsafe.As<Vector<float>, float>(ref MemoryMarshal.GetReference(lanes));
                if (size == 2)
                {
                    PairsToLanes(ref from, ref to);
                }
                else
                {
                    QuadsToLanes(ref from, ref to);
                }

                return;
            }
#endif
            SamplesToLanes(samples, MemoryMarshal.Cast<Vector<float>, float>(lanes), size);
        }

        /// <summary>Any sample size into lanes: gathers or transposes, one call per block.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void SamplesToLanes(ReadOnlySpan<float> samples, Span<float> lanes, int size)
        {
            int width = Vector<float>.Count;
#if NET8_0_OR_GREATER
            if (width == Vector256<float>.Count && Avx2.IsSupported && size % 8 != 0)
            {
                GatherToLanes(samples, size, lanes);
                return;
            }
#endif
            Transpose(samples, size, lanes, width, width, size);
        }

        /// <inheritdoc cref="ToVectorLanes(ReadOnlySpan{float}, Span{Vector{float}})"/>
        public static void ToVectorLanes(ReadOnlySpan<double> samples, Span<Vector<double>> lanes)
        {
            int width = Vector<double>.Count;
            CheckLength(nameof(samples), lanes.Length * width, samples.Length);
            Transpose(samples, lanes.Length, MemoryMarshal.Cast<Vector<double>, double>(lanes), width, width, lanes.Length);
        }

        /// <summary>samples[s·size + k] ← lanes[k][s]: the reverse of <see cref="ToVectorLanes(ReadOnlySpan{float}, Span{Vector{float}})"/>, inlined the same way.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void FromVectorLanes(ReadOnlySpan<Vector<float>> lanes, Span<float> samples)
        {
            int size = lanes.Length, width = Vector<float>.Count;
            CheckLength(nameof(samples), size * width, samples.Length);
#if NET8_0_OR_GREATER
            if (width == Vector256<float>.Count && Avx.IsSupported && (size == 2 || size == 4))
            {
                ref float from = ref Unsafe.As<Vector<float>, float>(ref MemoryMarshal.GetReference(lanes));
                ref float to = ref MemoryMarshal.GetReference(samples);
                if (size == 2)
                {
                    PairsFromLanes(ref from, ref to);
                }
                else
                {
                    QuadsFromLanes(ref from, ref to);
                }

                return;
            }
#endif
            SamplesFromLanes(MemoryMarshal.Cast<Vector<float>, float>(lanes), samples, size);
        }

        /// <summary>Any sample size out of lanes by a transpose, one call per block.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void SamplesFromLanes(ReadOnlySpan<float> lanes, Span<float> samples, int size)
        {
            int width = Vector<float>.Count;
            Transpose(lanes, width, samples, size, size, width);
        }

        /// <inheritdoc cref="FromVectorLanes(ReadOnlySpan{Vector{float}}, Span{float})"/>
        public static void FromVectorLanes(ReadOnlySpan<Vector<double>> lanes, Span<double> samples)
        {
            int width = Vector<double>.Count;
            CheckLength(nameof(samples), lanes.Length * width, samples.Length);
            Transpose(MemoryMarshal.Cast<Vector<double>, double>(lanes), width, samples, lanes.Length, lanes.Length, width);
        }

        /// <summary>
        /// <see cref="ToVectorLanes(ReadOnlySpan{float}, Span{Vector{float}})"/> for samples of two values,
        /// the two vectors returned rather than stored: (first[s], second[s]) = (samples[2s], samples[2s + 1]).
        /// Generated code then keeps them in registers, off the stack, on the pass's longest chain.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static (Vector<float> First, Vector<float> Second) PairsToVectorLanes(ReadOnlySpan<float> samples)
        {
            CheckLength(nameof(samples), 2 * Vector<float>.Count, samples.Length);
#if NET8_0_OR_GREATER
            if (Vector<float>.Count == Vector256<float>.Count && Avx2.IsSupported)
            {
                ref float from = ref MemoryMarshal.GetReference(samples);
                (Vector256<float> first, Vector256<float> second) = PairsToLanes(Vector256.LoadUnsafe(ref from), Vector256.LoadUnsafe(ref from, 8));
                return (first.AsVector(), second.AsVector());
            }
#endif
            return PairsThroughMemory(samples);
        }

        /// <inheritdoc cref="PairsToVectorLanes(ReadOnlySpan{float})"/>
        public static (Vector<double> First, Vector<double> Second) PairsToVectorLanes(ReadOnlySpan<double> samples)
        {
            CheckLength(nameof(samples), 2 * Vector<double>.Count, samples.Length);
            return PairsThroughMemory(samples);
        }

        /// <summary>
        /// <see cref="FromVectorLanes(ReadOnlySpan{Vector{float}}, Span{float})"/> for samples of two values,
        /// from the two vectors themselves: samples[2s] ← first[s], samples[2s + 1] ← second[s].
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void PairsFromVectorLanes(Vector<float> first, Vector<float> second, Span<float> samples)
        {
            CheckLength(nameof(samples), 2 * Vector<float>.Count, samples.Length);
#if NET8_0_OR_GREATER
            if (Vector<float>.Count == Vector256<float>.Count && Avx.IsSupported)
            {
                ref float to = ref MemoryMarshal.GetReference(samples);
                (Vector256<float> low, Vector256<float> high) = PairsFromLanes(first.AsVector256(), second.AsVector256());
                low.StoreUnsafe(ref to);
                high.StoreUnsafe(ref to, 8);
                return;
            }
#endif
            PairsThroughMemory(first, second, samples);
        }

        /// <inheritdoc cref="PairsFromVectorLanes(Vector{float}, Vector{float}, Span{float})"/>
        public static void PairsFromVectorLanes(Vector<double> first, Vector<double> second, Span<double> samples)
        {
            CheckLength(nameof(samples), 2 * Vector<double>.Count, samples.Length);
            PairsThroughMemory(first, second, samples);
        }

        /// <summary>Pairs into two vectors through the general move, where no shuffle does it in registers.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (Vector<T> First, Vector<T> Second) PairsThroughMemory<T>(ReadOnlySpan<T> samples)
            where T : unmanaged
        {
            Span<Vector<T>> lanes = stackalloc Vector<T>[2];
            Transpose(samples, 2, MemoryMarshal.Cast<Vector<T>, T>(lanes), Vector<T>.Count, Vector<T>.Count, 2);
            return (lanes[0], lanes[1]);
        }

        /// <summary>Two vectors back into pairs through the general move.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void PairsThroughMemory<T>(Vector<T> first, Vector<T> second, Span<T> samples)
            where T : unmanaged
        {
            Span<Vector<T>> lanes = stackalloc Vector<T>[] { first, second };
            Transpose(MemoryMarshal.Cast<Vector<T>, T>(lanes), Vector<T>.Count, samples, 2, 2, Vector<T>.Count);
        }

        /// <summary>sums[k] ← sums[k] + the sum of lanes[k]'s lanes: a gradient summed per lane, added into the gradient.</summary>
        public static void AddLaneTotals(ReadOnlySpan<Vector<float>> lanes, Span<float> sums)
        {
            CheckLength(nameof(sums), lanes.Length, sums.Length);
            for (int k = 0; k < lanes.Length; k++)
            {
                sums[k] += Vector.Dot(lanes[k], Vector<float>.One);
            }
        }

        /// <inheritdoc cref="AddLaneTotals(ReadOnlySpan{Vector{float}}, Span{float})"/>
        public static void AddLaneTotals(ReadOnlySpan<Vector<double>> lanes, Span<double> sums)
        {
            CheckLength(nameof(sums), lanes.Length, sums.Length);
            for (int k = 0; k < lanes.Length; k++)
            {
                sums[k] += Vector.Dot(lanes[k], Vector<double>.One);
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>Eight pairs into two vectors: the shuffles leave the samples in the order 0 1 4 5 2 3 6 7; the permute restores it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void PairsToLanes(ref float from, ref float to)
        {
            (Vector256<float> first, Vector256<float> second) = PairsToLanes(Vector256.LoadUnsafe(ref from), Vector256.LoadUnsafe(ref from, 8));
            first.StoreUnsafe(ref to);
            second.StoreUnsafe(ref to, 8);
        }

        /// <summary>Eight pairs held in two vectors, as two vectors of one value each.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector256<float> First, Vector256<float> Second) PairsToLanes(Vector256<float> v0, Vector256<float> v1) =>
            (Avx2.Permute4x64(Avx.Shuffle(v0, v1, 0x88).AsDouble(), 0xD8).AsSingle(), Avx2.Permute4x64(Avx.Shuffle(v0, v1, 0xDD).AsDouble(), 0xD8).AsSingle());

        /// <summary>Eight quads into four vectors: 128-bit halves exchanged, then a 4 × 4 transpose in each half.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void QuadsToLanes(ref float from, ref float to)
        {
            Vector256<float> v0 = Vector256.LoadUnsafe(ref from), v1 = Vector256.LoadUnsafe(ref from, 8);
            Vector256<float> v2 = Vector256.LoadUnsafe(ref from, 16), v3 = Vector256.LoadUnsafe(ref from, 24);
            Vector256<float> u0 = Avx.Permute2x128(v0, v2, 0x20), u1 = Avx.Permute2x128(v0, v2, 0x31); // samples 0 | 4, 1 | 5
            Vector256<float> u2 = Avx.Permute2x128(v1, v3, 0x20), u3 = Avx.Permute2x128(v1, v3, 0x31); // samples 2 | 6, 3 | 7
            Vector256<float> t0 = Avx.UnpackLow(u0, u1), t1 = Avx.UnpackLow(u2, u3), t2 = Avx.UnpackHigh(u0, u1), t3 = Avx.UnpackHigh(u2, u3);
            Avx.Shuffle(t0, t1, 0x44).StoreUnsafe(ref to);
            Avx.Shuffle(t0, t1, 0xEE).StoreUnsafe(ref to, 8);
            Avx.Shuffle(t2, t3, 0x44).StoreUnsafe(ref to, 16);
            Avx.Shuffle(t2, t3, 0xEE).StoreUnsafe(ref to, 24);
        }

        /// <summary>Eight samples of any size that is not a multiple of eight into lanes, one gather per value (multiples of eight: 8 × 8 transposes).</summary>
        private static unsafe void GatherToLanes(ReadOnlySpan<float> samples, int size, Span<float> lanes)
        {
            ref float to = ref MemoryMarshal.GetReference(lanes);
            Vector256<int> rows = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * size;
            fixed (float* source = samples)
            {
                for (int k = 0; k < size; k++)
                {
                    Avx2.GatherVector256(source + k, rows, 4).StoreUnsafe(ref to, (nuint)(k * 8));
                }
            }
        }

        /// <summary>Two vectors back into eight pairs.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void PairsFromLanes(ref float from, ref float to)
        {
            (Vector256<float> low, Vector256<float> high) = PairsFromLanes(Vector256.LoadUnsafe(ref from), Vector256.LoadUnsafe(ref from, 8));
            low.StoreUnsafe(ref to);
            high.StoreUnsafe(ref to, 8);
        }

        /// <summary>Two vectors of one value each as eight pairs: samples 0 to 3, then 4 to 7.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static (Vector256<float> Low, Vector256<float> High) PairsFromLanes(Vector256<float> e0, Vector256<float> e1)
        {
            Vector256<float> low = Avx.UnpackLow(e0, e1), high = Avx.UnpackHigh(e0, e1); // samples 0 1 | 4 5, 2 3 | 6 7
            return (Avx.Permute2x128(low, high, 0x20), Avx.Permute2x128(low, high, 0x31));
        }

        /// <summary>Four vectors back into eight quads.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void QuadsFromLanes(ref float from, ref float to)
        {
            Vector256<float> e0 = Vector256.LoadUnsafe(ref from), e1 = Vector256.LoadUnsafe(ref from, 8);
            Vector256<float> e2 = Vector256.LoadUnsafe(ref from, 16), e3 = Vector256.LoadUnsafe(ref from, 24);
            Vector256<float> t0 = Avx.UnpackLow(e0, e1), t1 = Avx.UnpackLow(e2, e3), t2 = Avx.UnpackHigh(e0, e1), t3 = Avx.UnpackHigh(e2, e3);
            Vector256<float> u0 = Avx.Shuffle(t0, t1, 0x44), u1 = Avx.Shuffle(t0, t1, 0xEE); // samples 0 | 4, 1 | 5
            Vector256<float> u2 = Avx.Shuffle(t2, t3, 0x44), u3 = Avx.Shuffle(t2, t3, 0xEE); // samples 2 | 6, 3 | 7
            Avx.Permute2x128(u0, u1, 0x20).StoreUnsafe(ref to);
            Avx.Permute2x128(u2, u3, 0x20).StoreUnsafe(ref to, 8);
            Avx.Permute2x128(u0, u1, 0x31).StoreUnsafe(ref to, 16);
            Avx.Permute2x128(u2, u3, 0x31).StoreUnsafe(ref to, 24);
        }
#endif
    }
}
