#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BpGen
{
    /// <summary>
    /// The batch step of eight float streams at once with the streams in the lanes of a vector: value k of
    /// stream s at k·8 + s. Every weight is then broadcast once and multiplied into all eight streams, so a
    /// gate row costs one fused multiply-add per column for the eight, with no horizontal sum; the one-stream
    /// step spends most of its time on those sums and on one vector of nonlinearities per call at small H.
    /// In lanes the cache of eight streams, gate after gate and unit after unit, has the layout of one
    /// stream's cache with 8H units, so the cell's update is the one-stream update called once.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>The streams one lanes step takes.</summary>
        private const int StreamLanes = 8;

        /// <summary>The most floats a lanes step keeps on the stack (24 KiB): a GRU or LSTM of up to 64 units on 64 inputs.</summary>
        private const int StreamLanesStackLimit = 6144;

        /// <summary>
        /// Whether a batch steps blocks of eight streams in lanes: float with AVX2 and FMA, vector lanes on
        /// (<see cref="VectorLanesEnabled"/>), at least eight streams, and x, h, h′ (and the LSTM's c and c′)
        /// with the cache of eight streams within the stack limit.
        /// </summary>
        private static bool StepsInLanes<T>(int streams, int inputs, int units, int cachePerUnit, int statesPerUnit) =>
            typeof(T) == typeof(float) && Avx2.IsSupported && Fma.IsSupported && VectorLanesEnabled && streams >= StreamLanes &&
            LanesScratchLength(inputs, units, cachePerUnit, statesPerUnit) <= StreamLanesStackLimit;

        /// <summary>The floats a lanes step keeps: x, the states it reads and writes, and the cache, each for eight streams.</summary>
        private static int LanesScratchLength(int inputs, int units, int cachePerUnit, int statesPerUnit) =>
            StreamLanes * (inputs + ((cachePerUnit + statesPerUnit) * units));

        /// <summary>The GRU's states in a lanes step: h and h′.</summary>
        private const int GruLanesStates = 2;

        /// <summary>The LSTM's states in a lanes step: h, c, h′ and c′.</summary>
        private const int LstmLanesStates = 4;

        /// <summary>
        /// One GRU step of eight streams in lanes: xs and hs hold the eight streams one after another, as
        /// <see cref="GruStepBatch(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/> takes them.
        /// </summary>
        [SkipLocalsInit] // every scratch value is written before it is read
        private static void GruStepOfEightStreams(ReadOnlySpan<float> layer, RecurrentShape shape, ReadOnlySpan<float> xs, ReadOnlySpan<float> hs, Span<float> hNexts, Span<float> caches)
        {
            int inputs = shape.Inputs, units = shape.Hidden, lanes = StreamLanes * units;
            Span<float> scratch = stackalloc float[LanesScratchLength(inputs, units, GruCachePerUnit, GruLanesStates)];
            Span<float> x = scratch.Slice(0, StreamLanes * inputs), h = scratch.Slice(x.Length, lanes);
            Span<float> hNext = scratch.Slice(x.Length + lanes, lanes), cache = scratch.Slice(x.Length + (2 * lanes));
            ToLanes<float>(xs, inputs, x, StreamLanes);
            ToLanes<float>(hs, units, h, StreamLanes);

            // As GruGateSums: r and z with both products and both biases, then W_in·x + b_in and W_hn·h + b_hn apart.
            GateSumsInLanes(
                InputRows(layer, shape, 0, 2 * units), x, RecurrentRows(layer, shape, 0, 2 * units), h,
                layer.Slice(shape.InputBiases, 2 * units), layer.Slice(shape.RecurrentBiases, 2 * units), cache.Slice(0, 2 * lanes));
            GateSumsInLanes(InputRows(layer, shape, 2 * units, units), x, default, default, layer.Slice(shape.InputBiases + (2 * units), units), default, cache.Slice(2 * lanes, lanes));
            GateSumsInLanes(RecurrentRows(layer, shape, 2 * units, units), h, default, default, layer.Slice(shape.RecurrentBiases + (2 * units), units), default, cache.Slice(3 * lanes, lanes));

            GruUpdate<float, SingleScalar>(h, hNext, cache);
            FromLanes<float>(hNext, units, hNexts, StreamLanes);
            FromLanes<float>(cache, GruCachePerUnit * units, caches, StreamLanes);
        }

        /// <summary>One LSTM step of eight streams in lanes, the spans as <see cref="LstmStepBatch(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/> takes them.</summary>
        [SkipLocalsInit] // every scratch value is written before it is read
        private static void LstmStepOfEightStreams(
            ReadOnlySpan<float> layer, RecurrentShape shape, ReadOnlySpan<float> xs, ReadOnlySpan<float> hs, ReadOnlySpan<float> cs, Span<float> hNexts, Span<float> cNexts, Span<float> caches)
        {
            int inputs = shape.Inputs, units = shape.Hidden, lanes = StreamLanes * units;
            Span<float> scratch = stackalloc float[LanesScratchLength(inputs, units, LstmCachePerUnit, LstmLanesStates)];
            Span<float> x = scratch.Slice(0, StreamLanes * inputs), h = scratch.Slice(x.Length, lanes), c = scratch.Slice(x.Length + lanes, lanes);
            Span<float> hNext = scratch.Slice(x.Length + (2 * lanes), lanes), cNext = scratch.Slice(x.Length + (3 * lanes), lanes);
            Span<float> cache = scratch.Slice(x.Length + (4 * lanes));
            ToLanes<float>(xs, inputs, x, StreamLanes);
            ToLanes<float>(hs, units, h, StreamLanes);
            ToLanes<float>(cs, units, c, StreamLanes);

            // Every gate row adds both products and both biases, as LstmGateSums does.
            int rows = LstmGates * units;
            GateSumsInLanes(
                InputRows(layer, shape, 0, rows), x, RecurrentRows(layer, shape, 0, rows), h,
                layer.Slice(shape.InputBiases, rows), layer.Slice(shape.RecurrentBiases, rows), cache.Slice(0, LstmGates * lanes));

            LstmUpdate<float, SingleScalar>(c, hNext, cNext, cache);
            FromLanes<float>(hNext, units, hNexts, StreamLanes);
            FromLanes<float>(cNext, units, cNexts, StreamLanes);
            FromLanes<float>(cache, LstmCachePerUnit * units, caches, StreamLanes);
        }

        /// <summary>
        /// pre[r·8 + s] ← bias[r] + secondBias[r] + W_a[r]·a_s + W_b[r]·b_s for the eight streams s in the
        /// lanes of a and b (b and secondBias empty where a gate keeps its products apart): eight rows at a
        /// time, each column of a (then b) loaded once and multiplied by the eight rows' broadcast weights;
        /// the rows past the last eight one at a time.
        /// </summary>
        private static void GateSumsInLanes(
            ReadOnlySpan<float> wa, ReadOnlySpan<float> a, ReadOnlySpan<float> wb, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, ReadOnlySpan<float> secondBias, Span<float> pre)
        {
            int rows = bias.Length, na = a.Length / StreamLanes, nb = b.Length / StreamLanes, i = 0;
            ref float output = ref MemoryMarshal.GetReference(pre);
            for (; i + 8 <= rows; i += 8)
            {
                Vector256<float> s0 = Biases(bias, secondBias, i), s1 = Biases(bias, secondBias, i + 1), s2 = Biases(bias, secondBias, i + 2), s3 = Biases(bias, secondBias, i + 3);
                Vector256<float> s4 = Biases(bias, secondBias, i + 4), s5 = Biases(bias, secondBias, i + 5), s6 = Biases(bias, secondBias, i + 6), s7 = Biases(bias, secondBias, i + 7);
                for (int part = 0; part < 2; part++)
                {
                    int columns = part == 0 ? na : nb;
                    ref float v = ref MemoryMarshal.GetReference(part == 0 ? a : b);
                    ref float r0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(part == 0 ? wa : wb), i * columns);
                    ref float r1 = ref Unsafe.Add(ref r0, columns);
                    ref float r2 = ref Unsafe.Add(ref r1, columns);
                    ref float r3 = ref Unsafe.Add(ref r2, columns);
                    ref float r4 = ref Unsafe.Add(ref r3, columns);
                    ref float r5 = ref Unsafe.Add(ref r4, columns);
                    ref float r6 = ref Unsafe.Add(ref r5, columns);
                    ref float r7 = ref Unsafe.Add(ref r6, columns);
                    for (nuint k = 0; k < (nuint)columns; k++)
                    {
                        Vector256<float> vk = Vector256.LoadUnsafe(ref v, k * StreamLanes);
                        s0 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref r0, k)), vk, s0);
                        s1 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref r1, k)), vk, s1);
                        s2 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref r2, k)), vk, s2);
                        s3 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref r3, k)), vk, s3);
                        s4 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref r4, k)), vk, s4);
                        s5 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref r5, k)), vk, s5);
                        s6 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref r6, k)), vk, s6);
                        s7 = Fma.MultiplyAdd(Vector256.Create(Unsafe.Add(ref r7, k)), vk, s7);
                    }
                }

                ref float row = ref Unsafe.Add(ref output, i * StreamLanes);
                s0.StoreUnsafe(ref row);
                s1.StoreUnsafe(ref row, StreamLanes);
                s2.StoreUnsafe(ref row, 2 * StreamLanes);
                s3.StoreUnsafe(ref row, 3 * StreamLanes);
                s4.StoreUnsafe(ref row, 4 * StreamLanes);
                s5.StoreUnsafe(ref row, 5 * StreamLanes);
                s6.StoreUnsafe(ref row, 6 * StreamLanes);
                s7.StoreUnsafe(ref row, 7 * StreamLanes);
            }

            for (; i < rows; i++)
            {
                Vector256<float> s = Biases(bias, secondBias, i);
                for (int part = 0; part < 2; part++)
                {
                    int columns = part == 0 ? na : nb;
                    ReadOnlySpan<float> v = part == 0 ? a : b, w = (part == 0 ? wa : wb).Slice(i * columns, columns);
                    for (int k = 0; k < columns; k++)
                    {
                        s = Fma.MultiplyAdd(Vector256.Create(w[k]), Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(v), (nuint)(k * StreamLanes)), s);
                    }
                }

                s.StoreUnsafe(ref output, (nuint)(i * StreamLanes));
            }
        }

        /// <summary>bias[i] + secondBias[i] (bias[i] alone when secondBias is empty) in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Biases(ReadOnlySpan<float> bias, ReadOnlySpan<float> secondBias, int i) =>
            Vector256.Create(secondBias.IsEmpty ? bias[i] : bias[i] + secondBias[i]);
    }
}
#endif
