using System;
using System.Buffers;
#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
#endif

namespace BpGen
{
    /// <summary>
    /// One GRU or LSTM step of many independent streams at once (a game's agents in one frame), stream
    /// after stream in every span. Float with AVX2 and FMA (the net8.0 build) steps sixteen streams at a
    /// time in vector lanes (Kernels.RecurrentLanes.cs) where their values fit 32 KiB of stack; the rest,
    /// and double, run their gate products with AVX a pair of streams at a time, so that each load of the
    /// weights serves both, where the weights overflow the level-1 cache, else one stream at a time
    /// (<c>StreamsTogether</c>); elsewhere stream after stream through the one-stream step. Stream s
    /// gets what the one-stream step gives it, up to the order of the sums.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// One GRU step of <paramref name="streams"/> streams: stream s reads x from
        /// xs[s·n_in …] and h from hs[s·H …], writes h′ into hNexts[s·H …] and its
        /// <see cref="GruCachePerUnit"/>·H cache values into caches[s·4H …], as
        /// <see cref="GruStep(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
        /// would for it alone; n_in = xs.Length / streams and H = hs.Length / streams. A caller that keeps no
        /// cache (inference) passes an empty <paramref name="caches"/>, which also spares the step the copy out
        /// of vector lanes. It takes at most 32 KiB of stack and allocates nothing, except that without caches
        /// a layer of over 1,024 units (float) or 512 (double) rents its scratch from the shared array pool.
        /// The outputs must not overlap the inputs.
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
        /// would for it alone; n_in = xs.Length / streams and H = hs.Length / streams. A caller that keeps no
        /// cache (inference) passes an empty <paramref name="caches"/>, which also spares the step the copy out
        /// of vector lanes. It takes at most 32 KiB of stack and allocates nothing, except that without caches
        /// a layer of over 819 units (float) or 409 (double) rents its scratch from the shared array pool.
        /// The outputs must not overlap the inputs.
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

#if NET8_0_OR_GREATER
        [SkipLocalsInit] // the spare caches are written before they are read
#endif
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
            int cacheSize = GruCachePerUnit * units;
            CheckOptionalCaches(streams, cacheSize, caches.Length);
            int s = 0;
#if NET8_0_OR_GREATER
            if (StepsInLanes<T>(streams, inputs, units, GruCachePerUnit, GruLanesStates))
            {
                for (; s + StreamLanes <= streams; s += StreamLanes)
                {
                    GruStepOfStreamLanes(
                        MemoryMarshal.Cast<T, float>(layer), shape, MemoryMarshal.Cast<T, float>(xs.Slice(s * inputs, StreamLanes * inputs)),
                        MemoryMarshal.Cast<T, float>(hs.Slice(s * units, StreamLanes * units)), MemoryMarshal.Cast<T, float>(hNexts.Slice(s * units, StreamLanes * units)),
                        MemoryMarshal.Cast<T, float>(KeptCaches(caches, s, StreamLanes, cacheSize)));
                }
            }
#endif
            if (s == streams)
            {
                return;
            }

            // The rest write their caches where the caller keeps them, else into scratch for a pair (taken
            // here, after the lanes steps have given their stack back).
            int spareLength = caches.IsEmpty ? PairOfStreams * cacheSize : 0;
            using SpareCaches<T> spare = new(spareLength, FitsTheStack<T>(spareLength) ? stackalloc T[spareLength] : default);
#if NET8_0_OR_GREATER
            if (Avx.IsSupported)
            {
                // A pair (or one) at a time from the products to the update, while its inputs, states and caches are in the level-1 cache.
                for (int pair; s < streams; s += pair)
                {
                    pair = StreamsTogether<T>(shape, streams - s);
                    Span<T> pairCaches = CachesOf(caches, spare.Values, s, pair, cacheSize);
                    if (pair == PairOfStreams)
                    {
                        GruGateSumsOfStreams<T, TScalar>(layer, shape, pair, xs.Slice(s * inputs, pair * inputs), hs.Slice(s * units, pair * units), pairCaches);
                    }
                    else
                    {
                        GruGateSums<T, TScalar>(layer, shape, xs.Slice(s * inputs, inputs), hs.Slice(s * units, units), pairCaches);
                    }

                    for (int t = 0; t < pair; t++)
                    {
                        GruUpdate<T, TScalar>(hs.Slice((s + t) * units, units), hNexts.Slice((s + t) * units, units), pairCaches.Slice(t * cacheSize, cacheSize));
                    }
                }

                return;
            }
#endif
            for (; s < streams; s++)
            {
                GruStepPortable<T, TScalar>(
                    layer, shape, xs.Slice(s * inputs, inputs), hs.Slice(s * units, units), hNexts.Slice(s * units, units), CachesOf(caches, spare.Values, s, 1, cacheSize));
            }
        }

#if NET8_0_OR_GREATER
        [SkipLocalsInit] // the spare caches are written before they are read
#endif
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
            int cacheSize = LstmCachePerUnit * units;
            CheckOptionalCaches(streams, cacheSize, caches.Length);
            int s = 0;
#if NET8_0_OR_GREATER
            if (StepsInLanes<T>(streams, inputs, units, LstmCachePerUnit, LstmLanesStates))
            {
                for (; s + StreamLanes <= streams; s += StreamLanes)
                {
                    LstmStepOfStreamLanes(
                        MemoryMarshal.Cast<T, float>(layer), shape, MemoryMarshal.Cast<T, float>(xs.Slice(s * inputs, StreamLanes * inputs)),
                        MemoryMarshal.Cast<T, float>(hs.Slice(s * units, StreamLanes * units)), MemoryMarshal.Cast<T, float>(cs.Slice(s * units, StreamLanes * units)),
                        MemoryMarshal.Cast<T, float>(hNexts.Slice(s * units, StreamLanes * units)), MemoryMarshal.Cast<T, float>(cNexts.Slice(s * units, StreamLanes * units)),
                        MemoryMarshal.Cast<T, float>(KeptCaches(caches, s, StreamLanes, cacheSize)));
                }
            }
#endif
            if (s == streams)
            {
                return;
            }

            // As GruStepBatch: the caller's caches, else scratch for a pair.
            int spareLength = caches.IsEmpty ? PairOfStreams * cacheSize : 0;
            using SpareCaches<T> spare = new(spareLength, FitsTheStack<T>(spareLength) ? stackalloc T[spareLength] : default);
#if NET8_0_OR_GREATER
            if (Avx.IsSupported)
            {
                for (int pair; s < streams; s += pair)
                {
                    pair = StreamsTogether<T>(shape, streams - s);
                    Span<T> pairCaches = CachesOf(caches, spare.Values, s, pair, cacheSize);
                    if (pair == PairOfStreams)
                    {
                        LstmGateSumsOfStreams<T, TScalar>(layer, shape, pair, xs.Slice(s * inputs, pair * inputs), hs.Slice(s * units, pair * units), pairCaches);
                    }
                    else
                    {
                        LstmGateSums<T, TScalar>(layer, shape, xs.Slice(s * inputs, inputs), hs.Slice(s * units, units), pairCaches);
                    }

                    for (int t = 0; t < pair; t++)
                    {
                        int u = (s + t) * units;
                        LstmUpdate<T, TScalar>(cs.Slice(u, units), hNexts.Slice(u, units), cNexts.Slice(u, units), pairCaches.Slice(t * cacheSize, cacheSize));
                    }
                }

                return;
            }
#endif
            for (; s < streams; s++)
            {
                LstmStepPortable<T, TScalar>(
                    layer, shape, xs.Slice(s * inputs, inputs), hs.Slice(s * units, units), cs.Slice(s * units, units),
                    hNexts.Slice(s * units, units), cNexts.Slice(s * units, units), CachesOf(caches, spare.Values, s, 1, cacheSize));
            }
        }

        /// <summary>The streams a batch step takes together when not in lanes: one load of the weights serves both.</summary>
        private const int PairOfStreams = 2;

        /// <summary>The bytes of weights beyond which a pair's shared loads pay: the level-1 data cache of the CPUs measured.</summary>
        private const int PairedWeightsBytes = 32 * 1024;

#if NET8_0_OR_GREATER
        /// <summary>
        /// How many of the <paramref name="left"/> streams a batch step takes through its gate products at
        /// once: a pair where the layer's weights overflow the level-1 cache, so that each load from beyond
        /// it serves two streams; else one, through the one-stream products, which were the faster there (a
        /// GRU of 8 to 32 units took 1.2 to 1.5 times as long a stream in pairs on a Zen 4, one of 64 units
        /// 0.8). A last lone stream always goes alone.
        /// </summary>
        private static int StreamsTogether<T>(RecurrentShape shape, int left)
            where T : unmanaged =>
            left >= PairOfStreams && (long)shape.Rows * (shape.Inputs + shape.Hidden) * Unsafe.SizeOf<T>() > PairedWeightsBytes ? PairOfStreams : 1;
#endif

        /// <summary>The most bytes of stack a batch step takes for the caches of a pair its caller does not keep, as its lanes step does.</summary>
        private const int SpareCachesStackBytes = 32 * 1024;

        /// <summary>Checks that <c>caches</c> is empty (not kept) or holds the streams' caches.</summary>
        private static void CheckOptionalCaches(int streams, int cacheSize, int length)
        {
            if (length != 0 && length != (long)streams * cacheSize)
            {
                throw new ArgumentException(
                    $"caches must be empty (not kept) or hold {streams} streams of {cacheSize} cache values each ({(long)streams * cacheSize} values), but holds {length}.", "caches");
            }
        }

        /// <summary>Whether <paramref name="length"/> values fit <see cref="SpareCachesStackBytes"/>.</summary>
        private static bool FitsTheStack<T>(int length)
            where T : unmanaged =>
            length <= SpareCachesStackBytes / (typeof(T) == typeof(double) ? sizeof(double) : sizeof(float));

        /// <summary>
        /// Where the pair path of a batch step writes the caches of a pair its caller does not keep: the stack
        /// scratch the step took when they fit <see cref="SpareCachesStackBytes"/>, else an array rented from
        /// the shared pool and returned by <see cref="Dispose"/>. Empty where the caller keeps its caches.
        /// </summary>
        private readonly ref struct SpareCaches<T>
        {
            private readonly T[]? _rented;

            public SpareCaches(int length, Span<T> stack)
            {
                _rented = stack.Length < length ? ArrayPool<T>.Shared.Rent(length) : null;
                Values = _rented is null ? stack : _rented.AsSpan(0, length);
            }

            public Span<T> Values { get; }

            public void Dispose()
            {
                if (_rented != null)
                {
                    ArrayPool<T>.Shared.Return(_rented);
                }
            }
        }

        /// <summary>The caches of <paramref name="count"/> streams from stream <paramref name="first"/> on; empty where the caller keeps none.</summary>
        private static Span<T> KeptCaches<T>(Span<T> caches, int first, int count, int cacheSize) =>
            caches.IsEmpty ? default : caches.Slice(first * cacheSize, count * cacheSize);

        /// <summary>Where <paramref name="count"/> streams from stream <paramref name="first"/> on write their caches: the caller's, or the spare scratch where it keeps none.</summary>
        private static Span<T> CachesOf<T>(Span<T> caches, Span<T> spare, int first, int count, int cacheSize) =>
            caches.IsEmpty ? spare.Slice(0, count * cacheSize) : caches.Slice(first * cacheSize, count * cacheSize);

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
