using System;
#if NET8_0_OR_GREATER
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
#endif

namespace BpGen
{
    /// <summary>
    /// One GRU or LSTM step of many independent streams at once (a game's agents in one frame), stream
    /// after stream in every span. Float with AVX2 and FMA (the net8.0 build) steps sixteen streams at a
    /// time in vector lanes (Kernels.RecurrentLanes.cs) where their values fit 32 KiB of stack; the rest,
    /// and double, run their gate products a pair of streams at a time with AVX, so that each load of the
    /// weights serves both; elsewhere stream after stream through the one-stream step. Stream s gets what
    /// the one-stream step gives it, up to the order of the sums.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// One GRU step of <paramref name="streams"/> streams: stream s reads x from
        /// xs[s·n_in …] and h from hs[s·H …], writes h′ into hNexts[s·H …] and its
        /// <see cref="GruCachePerUnit"/>·H cache values into caches[s·4H …], as
        /// <see cref="GruStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        /// would for it alone; n_in = xs.Length / streams and H = hs.Length / streams. It allocates nothing and
        /// takes at most 32 KiB of stack; a caller that keeps no cache passes any span of streams·4H values as
        /// scratch. The outputs must not overlap the inputs.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="streams"/> is negative.</exception>
        /// <exception cref="ArgumentException">A span does not hold its streams' values.</exception>
        public static void GruStepBatch(ReadOnlySpan<float> layer, int streams, ReadOnlySpan<float> xs, ReadOnlySpan<float> hs, Span<float> hNexts, Span<float> caches) =>
            GruStepBatch<float, SingleScalar>(layer, streams, xs, hs, hNexts, caches);

        /// <inheritdoc cref="GruStepBatch(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        public static void GruStepBatch(ReadOnlySpan<double> layer, int streams, ReadOnlySpan<double> xs, ReadOnlySpan<double> hs, Span<double> hNexts, Span<double> caches) =>
            GruStepBatch<double, DoubleScalar>(layer, streams, xs, hs, hNexts, caches);

        /// <summary>
        /// One LSTM step of <paramref name="streams"/> streams: stream s reads x from xs[s·n_in …], h and c
        /// from hs[s·H …] and cs[s·H …], writes h′ and c′ into hNexts[s·H …] and cNexts[s·H …] and its
        /// <see cref="LstmCachePerUnit"/>·H cache values into caches[s·5H …], as
        /// <see cref="LstmStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/>
        /// would for it alone; n_in = xs.Length / streams and H = hs.Length / streams. It allocates nothing and
        /// takes at most 32 KiB of stack; a caller that keeps no cache passes any span of streams·5H values as
        /// scratch. The outputs must not overlap the inputs.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="streams"/> is negative.</exception>
        /// <exception cref="ArgumentException">A span does not hold its streams' values.</exception>
        public static void LstmStepBatch(
            ReadOnlySpan<float> layer, int streams, ReadOnlySpan<float> xs, ReadOnlySpan<float> hs, ReadOnlySpan<float> cs, Span<float> hNexts, Span<float> cNexts, Span<float> caches) =>
            LstmStepBatch<float, SingleScalar>(layer, streams, xs, hs, cs, hNexts, cNexts, caches);

        /// <inheritdoc cref="LstmStepBatch(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/>
        public static void LstmStepBatch(
            ReadOnlySpan<double> layer, int streams, ReadOnlySpan<double> xs, ReadOnlySpan<double> hs, ReadOnlySpan<double> cs, Span<double> hNexts, Span<double> cNexts, Span<double> caches) =>
            LstmStepBatch<double, DoubleScalar>(layer, streams, xs, hs, cs, hNexts, cNexts, caches);

        private static void GruStepBatch<T, TScalar>(ReadOnlySpan<T> layer, int streams, ReadOnlySpan<T> xs, ReadOnlySpan<T> hs, Span<T> hNexts, Span<T> caches)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            if (!CheckStreams(streams, xs.Length, hs.Length, out int inputs, out int units))
            {
                CheckLength(nameof(hNexts), 0, hNexts.Length);
                CheckLength(nameof(caches), 0, caches.Length);
                return;
            }

            RecurrentShape shape = CheckRecurrentLayer(nameof(layer), "a GRU", GruGates, layer.Length, inputs, units, "hs.Length / streams", "xs.Length / streams");
            CheckLength(nameof(hNexts), streams * units, hNexts.Length);
            CheckLength(nameof(caches), streams * GruCachePerUnit * units, caches.Length);
            int cacheSize = GruCachePerUnit * units;
#if NET8_0_OR_GREATER
            if (Avx.IsSupported)
            {
                int s = 0;
                if (StepsInLanes<T>(streams, inputs, units, GruCachePerUnit, GruLanesStates))
                {
                    for (; s + StreamLanes <= streams; s += StreamLanes)
                    {
                        GruStepOfStreamLanes(
                            MemoryMarshal.Cast<T, float>(layer), shape, MemoryMarshal.Cast<T, float>(xs.Slice(s * inputs, StreamLanes * inputs)),
                            MemoryMarshal.Cast<T, float>(hs.Slice(s * units, StreamLanes * units)), MemoryMarshal.Cast<T, float>(hNexts.Slice(s * units, StreamLanes * units)),
                            MemoryMarshal.Cast<T, float>(caches.Slice(s * cacheSize, StreamLanes * cacheSize)));
                    }
                }

                // The rest a pair at a time from the products to the update, while its inputs, states and caches are in the level-1 cache.
                for (; s < streams; s += 2)
                {
                    int pair = Math.Min(2, streams - s);
                    GruGateSumsOfStreams<T, TScalar>(
                        layer, shape, pair, xs.Slice(s * inputs, pair * inputs), hs.Slice(s * units, pair * units), caches.Slice(s * cacheSize, pair * cacheSize));
                    for (int t = s; t < s + pair; t++)
                    {
                        GruUpdate<T, TScalar>(hs.Slice(t * units, units), hNexts.Slice(t * units, units), caches.Slice(t * cacheSize, cacheSize));
                    }
                }

                return;
            }
#endif
            for (int s = 0; s < streams; s++)
            {
                GruStepPortable<T, TScalar>(layer, shape, xs.Slice(s * inputs, inputs), hs.Slice(s * units, units), hNexts.Slice(s * units, units), caches.Slice(s * cacheSize, cacheSize));
            }
        }

        private static void LstmStepBatch<T, TScalar>(
            ReadOnlySpan<T> layer, int streams, ReadOnlySpan<T> xs, ReadOnlySpan<T> hs, ReadOnlySpan<T> cs, Span<T> hNexts, Span<T> cNexts, Span<T> caches)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            if (!CheckStreams(streams, xs.Length, hs.Length, out int inputs, out int units))
            {
                CheckLength(nameof(cs), 0, cs.Length);
                CheckLength(nameof(hNexts), 0, hNexts.Length);
                CheckLength(nameof(cNexts), 0, cNexts.Length);
                CheckLength(nameof(caches), 0, caches.Length);
                return;
            }

            RecurrentShape shape = CheckRecurrentLayer(nameof(layer), "an LSTM", LstmGates, layer.Length, inputs, units, "hs.Length / streams", "xs.Length / streams");
            CheckLength(nameof(cs), streams * units, cs.Length);
            CheckLength(nameof(hNexts), streams * units, hNexts.Length);
            CheckLength(nameof(cNexts), streams * units, cNexts.Length);
            CheckLength(nameof(caches), streams * LstmCachePerUnit * units, caches.Length);
            int cacheSize = LstmCachePerUnit * units;
#if NET8_0_OR_GREATER
            if (Avx.IsSupported)
            {
                int s = 0;
                if (StepsInLanes<T>(streams, inputs, units, LstmCachePerUnit, LstmLanesStates))
                {
                    for (; s + StreamLanes <= streams; s += StreamLanes)
                    {
                        LstmStepOfStreamLanes(
                            MemoryMarshal.Cast<T, float>(layer), shape, MemoryMarshal.Cast<T, float>(xs.Slice(s * inputs, StreamLanes * inputs)),
                            MemoryMarshal.Cast<T, float>(hs.Slice(s * units, StreamLanes * units)), MemoryMarshal.Cast<T, float>(cs.Slice(s * units, StreamLanes * units)),
                            MemoryMarshal.Cast<T, float>(hNexts.Slice(s * units, StreamLanes * units)), MemoryMarshal.Cast<T, float>(cNexts.Slice(s * units, StreamLanes * units)),
                            MemoryMarshal.Cast<T, float>(caches.Slice(s * cacheSize, StreamLanes * cacheSize)));
                    }
                }

                for (; s < streams; s += 2)
                {
                    int pair = Math.Min(2, streams - s);
                    LstmGateSumsOfStreams<T, TScalar>(
                        layer, shape, pair, xs.Slice(s * inputs, pair * inputs), hs.Slice(s * units, pair * units), caches.Slice(s * cacheSize, pair * cacheSize));
                    for (int t = s; t < s + pair; t++)
                    {
                        LstmUpdate<T, TScalar>(cs.Slice(t * units, units), hNexts.Slice(t * units, units), cNexts.Slice(t * units, units), caches.Slice(t * cacheSize, cacheSize));
                    }
                }

                return;
            }
#endif
            for (int s = 0; s < streams; s++)
            {
                LstmStepPortable<T, TScalar>(
                    layer, shape, xs.Slice(s * inputs, inputs), hs.Slice(s * units, units), cs.Slice(s * units, units),
                    hNexts.Slice(s * units, units), cNexts.Slice(s * units, units), caches.Slice(s * cacheSize, cacheSize));
            }
        }

        /// <summary>
        /// n_in and H from a batch's xs and hs, after checking that both hold whole streams; false when there
        /// are no streams (then xs and hs must be empty).
        /// </summary>
        private static bool CheckStreams(int streams, int xsLength, int hsLength, out int inputs, out int units)
        {
            if (streams < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(streams), streams, "The number of streams must be 0 or more.");
            }

            inputs = units = 0;
            if (streams == 0)
            {
                CheckLength("xs", 0, xsLength);
                CheckLength("hs", 0, hsLength);
                return false;
            }

            CheckWholeStreams("xs", "n_in", streams, xsLength);
            CheckWholeStreams("hs", "H", streams, hsLength);
            inputs = xsLength / streams;
            units = hsLength / streams;
            return true;
        }

        private static void CheckWholeStreams(string name, string size, int streams, int length)
        {
            if (length % streams != 0)
            {
                throw new ArgumentException(
                    $"{name} must hold {streams} streams of {size} values each, stream after stream (a multiple of {streams} values), but holds {length}.", name);
            }
        }
    }
}
