#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BpGen
{
    /// <summary>
    /// The batch step of sixteen float streams at once with the streams in vector lanes, two vectors of
    /// eight: value k of stream s at k·16 + s. Every weight is then broadcast once and multiplied into both
    /// vectors, so a gate row costs two fused multiply-adds per column for the sixteen, with no horizontal
    /// sum; the one-stream step spends most of its time on those sums and on one vector of nonlinearities
    /// per call at small H. (Eight streams, one vector per broadcast, ran the sums at 0.75 of a multiply-add
    /// a cycle on a first-generation Zen; sixteen at 0.95.) In lanes the cache of the sixteen streams, gate
    /// after gate and unit after unit, has the layout of one stream's cache with 16H units, so the cell's
    /// update is the one-stream update called once.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>The streams one lanes step takes.</summary>
        private const int StreamLanes = 16;

        /// <summary>The most floats a lanes step keeps on the stack (32 KiB): a GRU or LSTM of up to 64 units on 64 inputs.</summary>
        private const int StreamLanesStackLimit = 8192;

        /// <summary>The GRU's states in a lanes step: h, with h′ written over it.</summary>
        private const int GruLanesStates = 1;

        /// <summary>The LSTM's states in a lanes step: h and c, with h′ and c′ written over them.</summary>
        private const int LstmLanesStates = 2;

        /// <summary>
        /// Whether a batch steps blocks of sixteen streams in lanes: float with AVX2 and FMA, vector lanes on
        /// (<see cref="VectorLanesEnabled"/>), at least sixteen streams, and their x, states and cache within
        /// the stack limit.
        /// </summary>
        private static bool StepsInLanes<T>(int streams, int inputs, int units, int cachePerUnit, int statesPerUnit) =>
            typeof(T) == typeof(float) && Avx2.IsSupported && Fma.IsSupported && VectorLanesEnabled && streams >= StreamLanes && inputs >= 1 && units >= 1 &&
            LanesScratchLength(inputs, units, cachePerUnit, statesPerUnit) <= StreamLanesStackLimit;

        /// <summary>The floats a lanes step keeps: x, the states and the cache, each for the block's streams.</summary>
        private static long LanesScratchLength(int inputs, int units, int cachePerUnit, int statesPerUnit) =>
            StreamLanes * (inputs + ((long)(cachePerUnit + statesPerUnit) * units));

        /// <summary>
        /// One GRU step of sixteen streams in lanes: xs and hs hold the streams one after another, as
        /// <see cref="GruStepBatch(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/> takes them
        /// (caches empty where the caller keeps none).
        /// </summary>
        [SkipLocalsInit] // every scratch value is written before it is read
        private static void GruStepOfStreamLanes(ReadOnlySpan<float> layer, RecurrentShape shape, ReadOnlySpan<float> xs, ReadOnlySpan<float> hs, Span<float> hNexts, Span<float> caches)
        {
            int inputs = shape.Inputs, units = shape.Hidden, lanes = StreamLanes * units;
            Span<float> scratch = stackalloc float[(int)LanesScratchLength(inputs, units, GruCachePerUnit, GruLanesStates)]; // at most StreamLanesStackLimit: StepsInLanes
            Span<float> x = scratch.Slice(0, StreamLanes * inputs), h = scratch.Slice(x.Length, lanes), cache = scratch.Slice(x.Length + lanes);
            ToLanes<float>(xs, inputs, x, StreamLanes);
            ToLanes<float>(hs, units, h, StreamLanes);

            // As GruGateSums: r and z with both products and both biases, then W_in·x + b_in and W_hn·h + b_hn apart.
            GateSumsInLanes(
                InputRows(layer, shape, 0, 2 * units), x, RecurrentRows(layer, shape, 0, 2 * units), h,
                layer.Slice(shape.InputBiases, 2 * units), layer.Slice(shape.RecurrentBiases, 2 * units), cache.Slice(0, 2 * lanes));
            GateSumsInLanes(InputRows(layer, shape, 2 * units, units), x, default, default, layer.Slice(shape.InputBiases + (2 * units), units), default, cache.Slice(2 * lanes, lanes));
            GateSumsInLanes(RecurrentRows(layer, shape, 2 * units, units), h, default, default, layer.Slice(shape.RecurrentBiases + (2 * units), units), default, cache.Slice(3 * lanes, lanes));

            GruUpdate<float, SingleScalar>(h, h, cache); // h′ over h: the update reads each h_j just before it writes h′_j
            FromLanes<float>(h, units, hNexts, StreamLanes);
            FromLanes<float>(cache, GruCachePerUnit * units, caches, StreamLanes); // none where caches is empty (not kept)
        }

        /// <summary>One LSTM step of sixteen streams in lanes, the spans as <see cref="LstmStepBatch(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/> takes them.</summary>
        [SkipLocalsInit] // every scratch value is written before it is read
        private static void LstmStepOfStreamLanes(
            ReadOnlySpan<float> layer, RecurrentShape shape, ReadOnlySpan<float> xs, ReadOnlySpan<float> hs, ReadOnlySpan<float> cs, Span<float> hNexts, Span<float> cNexts, Span<float> caches)
        {
            int inputs = shape.Inputs, units = shape.Hidden, lanes = StreamLanes * units;
            Span<float> scratch = stackalloc float[(int)LanesScratchLength(inputs, units, LstmCachePerUnit, LstmLanesStates)]; // at most StreamLanesStackLimit: StepsInLanes
            Span<float> x = scratch.Slice(0, StreamLanes * inputs), h = scratch.Slice(x.Length, lanes), c = scratch.Slice(x.Length + lanes, lanes);
            Span<float> cache = scratch.Slice(x.Length + (2 * lanes));
            ToLanes<float>(xs, inputs, x, StreamLanes);
            ToLanes<float>(hs, units, h, StreamLanes);
            ToLanes<float>(cs, units, c, StreamLanes);

            // Every gate row adds both products and both biases, as LstmGateSums does.
            int rows = LstmGates * units;
            GateSumsInLanes(
                InputRows(layer, shape, 0, rows), x, RecurrentRows(layer, shape, 0, rows), h,
                layer.Slice(shape.InputBiases, rows), layer.Slice(shape.RecurrentBiases, rows), cache.Slice(0, LstmGates * lanes));

            // h′ over h, which the update does not read, and c′ over c, each c_j read just before c′_j is written.
            LstmUpdate<float, SingleScalar>(c, h, c, cache);
            FromLanes<float>(h, units, hNexts, StreamLanes);
            FromLanes<float>(c, units, cNexts, StreamLanes);
            FromLanes<float>(cache, LstmCachePerUnit * units, caches, StreamLanes); // none where caches is empty (not kept)
        }

        /// <summary>
        /// pre[r·16 + s] ← bias[r] + secondBias[r] + W_a[r]·a_s + W_b[r]·b_s for the sixteen streams s in the
        /// lanes of a and b (b and secondBias empty where a gate keeps its products apart): four rows at a
        /// time, each column of a (then b) loaded as two vectors, each of the four rows' weights broadcast
        /// once into both; the rows past the last four one at a time.
        /// </summary>
        private static void GateSumsInLanes(
            ReadOnlySpan<float> wa, ReadOnlySpan<float> a, ReadOnlySpan<float> wb, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, ReadOnlySpan<float> secondBias, Span<float> pre)
        {
            const int Half = StreamLanes / 2;
            int rows = bias.Length, na = a.Length / StreamLanes, nb = b.Length / StreamLanes, i = 0;
            ref float output = ref MemoryMarshal.GetReference(pre);
            for (; i + 4 <= rows; i += 4)
            {
                Vector256<float> s0 = Biases(bias, secondBias, i), s1 = Biases(bias, secondBias, i + 1), s2 = Biases(bias, secondBias, i + 2), s3 = Biases(bias, secondBias, i + 3);
                Vector256<float> t0 = s0, t1 = s1, t2 = s2, t3 = s3;
                for (int part = 0; part < 2; part++)
                {
                    int columns = part == 0 ? na : nb;
                    ref float v = ref MemoryMarshal.GetReference(part == 0 ? a : b);
                    ref float r0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(part == 0 ? wa : wb), i * columns);
                    ref float r1 = ref Unsafe.Add(ref r0, columns);
                    ref float r2 = ref Unsafe.Add(ref r1, columns);
                    ref float r3 = ref Unsafe.Add(ref r2, columns);
                    for (nuint k = 0; k < (nuint)columns; k++)
                    {
                        Vector256<float> low = Vector256.LoadUnsafe(ref v, k * StreamLanes), high = Vector256.LoadUnsafe(ref v, (k * StreamLanes) + Half);
                        Vector256<float> w = Vector256.Create(Unsafe.Add(ref r0, k));
                        s0 = Fma.MultiplyAdd(w, low, s0);
                        t0 = Fma.MultiplyAdd(w, high, t0);
                        w = Vector256.Create(Unsafe.Add(ref r1, k));
                        s1 = Fma.MultiplyAdd(w, low, s1);
                        t1 = Fma.MultiplyAdd(w, high, t1);
                        w = Vector256.Create(Unsafe.Add(ref r2, k));
                        s2 = Fma.MultiplyAdd(w, low, s2);
                        t2 = Fma.MultiplyAdd(w, high, t2);
                        w = Vector256.Create(Unsafe.Add(ref r3, k));
                        s3 = Fma.MultiplyAdd(w, low, s3);
                        t3 = Fma.MultiplyAdd(w, high, t3);
                    }
                }

                ref float row = ref Unsafe.Add(ref output, i * StreamLanes);
                s0.StoreUnsafe(ref row);
                t0.StoreUnsafe(ref row, Half);
                s1.StoreUnsafe(ref row, StreamLanes);
                t1.StoreUnsafe(ref row, StreamLanes + Half);
                s2.StoreUnsafe(ref row, 2 * StreamLanes);
                t2.StoreUnsafe(ref row, (2 * StreamLanes) + Half);
                s3.StoreUnsafe(ref row, 3 * StreamLanes);
                t3.StoreUnsafe(ref row, (3 * StreamLanes) + Half);
            }

            for (; i < rows; i++)
            {
                Vector256<float> s = Biases(bias, secondBias, i), t = s;
                for (int part = 0; part < 2; part++)
                {
                    int columns = part == 0 ? na : nb;
                    ref float v = ref MemoryMarshal.GetReference(part == 0 ? a : b);
                    ReadOnlySpan<float> w = (part == 0 ? wa : wb).Slice(i * columns, columns);
                    for (int k = 0; k < columns; k++)
                    {
                        Vector256<float> weight = Vector256.Create(w[k]);
                        s = Fma.MultiplyAdd(weight, Vector256.LoadUnsafe(ref v, (nuint)(k * StreamLanes)), s);
                        t = Fma.MultiplyAdd(weight, Vector256.LoadUnsafe(ref v, (nuint)((k * StreamLanes) + Half)), t);
                    }
                }

                s.StoreUnsafe(ref output, (nuint)(i * StreamLanes));
                t.StoreUnsafe(ref output, (nuint)((i * StreamLanes) + Half));
            }
        }

        /// <summary>bias[i] + secondBias[i] (bias[i] alone when secondBias is empty) in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Biases(ReadOnlySpan<float> bias, ReadOnlySpan<float> secondBias, int i) =>
            Vector256.Create(secondBias.IsEmpty ? bias[i] : bias[i] + secondBias[i]);
    }
}
#endif
