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
    /// The layout of a block of samples for the batched kernels, and the kernels that need no matrix.
    /// In lanes, a block of <c>width</c> samples is stored neuron by neuron: value k of sample s at
    /// <c>k·width + s</c>. A vector then holds one neuron of several samples, so a weight is broadcast
    /// once and multiplied into all of them, activations apply to the whole block, and softmax runs
    /// across the neurons of every sample at once, none of it needing a horizontal sum. Inputs arrive
    /// one sample after another (<c>s·size + k</c>); <see cref="ToLanes(ReadOnlySpan{float}, int, Span{float}, int)"/>
    /// and <see cref="FromLanes(ReadOnlySpan{float}, int, Span{float}, int)"/> convert. A block may hold
    /// fewer samples than its width: the lanes after them are zero on the way in and ignored on the way out.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// lanes[k·width + s] ← samples[s·size + k] for the samples.Length / size samples s, and 0 in the
        /// lanes after them.
        /// </summary>
        public static void ToLanes(ReadOnlySpan<float> samples, int size, Span<float> lanes, int width) =>
            ToLanes<float>(samples, size, lanes, width);

        /// <inheritdoc cref="ToLanes(ReadOnlySpan{float}, int, Span{float}, int)"/>
        public static void ToLanes(ReadOnlySpan<double> samples, int size, Span<double> lanes, int width) =>
            ToLanes<double>(samples, size, lanes, width);

        /// <summary>samples[s·size + k] ← lanes[k·width + s] for the samples.Length / size samples s.</summary>
        public static void FromLanes(ReadOnlySpan<float> lanes, int size, Span<float> samples, int width) =>
            FromLanes<float>(lanes, size, samples, width);

        /// <inheritdoc cref="FromLanes(ReadOnlySpan{float}, int, Span{float}, int)"/>
        public static void FromLanes(ReadOnlySpan<double> lanes, int size, Span<double> samples, int width) =>
            FromLanes<double>(lanes, size, samples, width);

        /// <summary>
        /// sums[k] ← sums[k] + Σ lanes[k·width + s] over the first <paramref name="count"/> samples s: the
        /// bias gradient Σ_s δ^l of a block.
        /// </summary>
        public static void AddLaneSums(ReadOnlySpan<float> lanes, int count, Span<float> sums, int width) =>
            AddLaneSums<float, SingleScalar>(lanes, count, sums, width);

        /// <inheritdoc cref="AddLaneSums(ReadOnlySpan{float}, int, Span{float}, int)"/>
        public static void AddLaneSums(ReadOnlySpan<double> lanes, int count, Span<double> sums, int width) =>
            AddLaneSums<double, DoubleScalar>(lanes, count, sums, width);

        /// <summary>
        /// Softmax of every sample in a block: z[·, s] ← e^(z[·, s] − max) / Σ e^(z[·, s] − max) over the
        /// z.Length / width neurons of each lane s. A NaN in a sample makes that sample's values NaN.
        /// </summary>
        public static void SoftmaxLanes(Span<float> z, int width) => SoftmaxLanes<float, SingleScalar>(z, width);

        /// <inheritdoc cref="SoftmaxLanes(Span{float}, int)"/>
        public static void SoftmaxLanes(Span<double> z, int width) => SoftmaxLanes<double, DoubleScalar>(z, width);

        private static void ToLanes<T>(ReadOnlySpan<T> samples, int size, Span<T> lanes, int width)
            where T : unmanaged
        {
            int count = CheckBlock(nameof(samples), samples.Length, size, nameof(lanes), lanes.Length, width);
            if (count < width)
            {
                lanes.Clear(); // the lanes after the samples: one pass over the block rather than one per value
            }

            Transpose(samples, size, lanes, width, count, size);
        }

        private static void FromLanes<T>(ReadOnlySpan<T> lanes, int size, Span<T> samples, int width)
            where T : unmanaged
        {
            int count = CheckBlock(nameof(samples), samples.Length, size, nameof(lanes), lanes.Length, width);
            Transpose(lanes, width, samples, size, size, count);
        }

        /// <summary>
        /// destination[c·destinationStride + r] ← source[r·sourceStride + c] for r &lt; rows, c &lt; columns.
        /// With AVX, float moves in blocks of 8 × 8, transposed in registers; the edges and double, value by value.
        /// </summary>
        private static void Transpose<T>(ReadOnlySpan<T> source, int sourceStride, Span<T> destination, int destinationStride, int rows, int columns)
            where T : unmanaged
        {
            int blockRows = 0, blockColumns = 0;
#if NET8_0_OR_GREATER
            if (typeof(T) == typeof(float) && Avx.IsSupported)
            {
                blockRows = rows - (rows % 8);
                blockColumns = columns - (columns % 8);
                ref float from = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(source));
                ref float to = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(destination));
                for (int r = 0; r < blockRows; r += 8)
                {
                    for (int c = 0; c < blockColumns; c += 8)
                    {
                        Transpose8x8(ref Unsafe.Add(ref from, (r * sourceStride) + c), sourceStride, ref Unsafe.Add(ref to, (c * destinationStride) + r), destinationStride);
                    }
                }
            }
#endif
            // The edges value by value: the rows past the last whole block in every column, then the
            // columns past it in the blocks' rows. Where the blocks cover everything, no loop runs at all.
            if (blockRows < rows)
            {
                for (int c = 0; c < columns; c++)
                {
                    for (int r = blockRows; r < rows; r++)
                    {
                        destination[(c * destinationStride) + r] = source[(r * sourceStride) + c];
                    }
                }
            }

            for (int c = blockColumns; c < columns; c++)
            {
                for (int r = 0; r < blockRows; r++)
                {
                    destination[(c * destinationStride) + r] = source[(r * sourceStride) + c];
                }
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// An 8 × 8 block of floats transposed in registers. Each vector is built from two half rows, r and
        /// r + 4, so that pairs and then quads (shuffles within 128-bit halves) finish the transpose: no
        /// shuffle crosses the halves, which on CPUs that split 256-bit operations costs several times more.
        /// </summary>
        private static void Transpose8x8(ref float source, int sourceStride, ref float destination, int destinationStride)
        {
            Vector256<float> r0 = HalfRows(ref source, 0, sourceStride), r1 = HalfRows(ref source, sourceStride, sourceStride);
            Vector256<float> r2 = HalfRows(ref source, 2 * sourceStride, sourceStride), r3 = HalfRows(ref source, 3 * sourceStride, sourceStride);
            Vector256<float> r4 = HalfRows(ref source, 4, sourceStride), r5 = HalfRows(ref source, sourceStride + 4, sourceStride);
            Vector256<float> r6 = HalfRows(ref source, (2 * sourceStride) + 4, sourceStride), r7 = HalfRows(ref source, (3 * sourceStride) + 4, sourceStride);

            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

            Avx.Shuffle(t0, t2, 0x44).StoreUnsafe(ref destination);
            Avx.Shuffle(t0, t2, 0xEE).StoreUnsafe(ref destination, (nuint)destinationStride);
            Avx.Shuffle(t1, t3, 0x44).StoreUnsafe(ref destination, (nuint)(2 * destinationStride));
            Avx.Shuffle(t1, t3, 0xEE).StoreUnsafe(ref destination, (nuint)(3 * destinationStride));
            Avx.Shuffle(t4, t6, 0x44).StoreUnsafe(ref destination, (nuint)(4 * destinationStride));
            Avx.Shuffle(t4, t6, 0xEE).StoreUnsafe(ref destination, (nuint)(5 * destinationStride));
            Avx.Shuffle(t5, t7, 0x44).StoreUnsafe(ref destination, (nuint)(6 * destinationStride));
            Avx.Shuffle(t5, t7, 0xEE).StoreUnsafe(ref destination, (nuint)(7 * destinationStride));
        }

        /// <summary>The four floats at <paramref name="at"/>, and in the upper half the four at the same place four rows further on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> HalfRows(ref float source, int at, int sourceStride) =>
            Vector256.Create(Vector128.LoadUnsafe(ref source, (nuint)at), Vector128.LoadUnsafe(ref source, (nuint)(at + (4 * sourceStride))));
#endif

        private static void AddLaneSums<T, TScalar>(ReadOnlySpan<T> lanes, int count, Span<T> sums, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            CheckWidth(width);
            CheckLength(nameof(lanes), (long)sums.Length * width, lanes.Length);
            if ((uint)count > (uint)width)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, $"A block of width {width} holds 0 to {width} samples.");
            }

            TScalar scalar = default;
            int k = 0;
#if NET8_0_OR_GREATER
            if (Avx.IsSupported && count == width && width % Vector256<T>.Count == 0)
            {
                // Full blocks, eight rows at a time: each row's vectors added, then one horizontal sum for the eight.
                for (; k + 8 <= sums.Length; k += 8)
                {
                    ref T first = ref Unsafe.AsRef(in lanes[k * width]);
                    ref T sum = ref sums[k];
                    StoreSumsPlusBias(
                        SumOfRow(ref first, width), SumOfRow(ref Unsafe.Add(ref first, width), width),
                        SumOfRow(ref Unsafe.Add(ref first, 2 * width), width), SumOfRow(ref Unsafe.Add(ref first, 3 * width), width),
                        SumOfRow(ref Unsafe.Add(ref first, 4 * width), width), SumOfRow(ref Unsafe.Add(ref first, 5 * width), width),
                        SumOfRow(ref Unsafe.Add(ref first, 6 * width), width), SumOfRow(ref Unsafe.Add(ref first, 7 * width), width),
                        ref sum, ref sum);
                }
            }
#endif
            for (; k < sums.Length; k++)
            {
                ReadOnlySpan<T> row = lanes.Slice(k * width, count);
                int s = 0;
                T sum = default;
                if (Vector.IsHardwareAccelerated && count >= Vector<T>.Count)
                {
                    ReadOnlySpan<Vector<T>> vectors = MemoryMarshal.Cast<T, Vector<T>>(row);
                    Vector<T> total = vectors[0];
                    for (int v = 1; v < vectors.Length; v++)
                    {
                        total += vectors[v];
                    }

                    sum = Vector.Dot(total, Vector<T>.One);
                    s = vectors.Length * Vector<T>.Count;
                }

                for (; s < count; s++)
                {
                    sum = scalar.Add(sum, row[s]);
                }

                sums[k] = scalar.Add(sums[k], sum);
            }
        }

        private static void SoftmaxLanes<T, TScalar>(Span<T> z, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int size = RowsOfLanes(nameof(z), z.Length, width);
            if (size == 0)
            {
                throw new ArgumentException("z must hold at least one neuron per sample, but is empty.", nameof(z));
            }

            int s = 0;
#if NET8_0_OR_GREATER
            if (typeof(T) == typeof(float) && Avx2.IsSupported && Fma.IsSupported)
            {
                ref float values = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(z));
                for (; s + Vector256<float>.Count <= width; s += Vector256<float>.Count)
                {
                    SoftmaxAvx(ref Unsafe.Add(ref values, s), size, width);
                }
            }
#endif
            TScalar scalar = default;
            for (; s < width; s++)
            {
                T max = z[s];
                for (int k = 1; k < size; k++)
                {
                    max = scalar.Max(max, z[(k * width) + s]);
                }

                T sum = default;
                for (int k = 0; k < size; k++)
                {
                    ref T value = ref z[(k * width) + s];
                    value = scalar.Exp(scalar.Subtract(value, max));
                    sum = scalar.Add(sum, value);
                }

                for (int k = 0; k < size; k++)
                {
                    ref T value = ref z[(k * width) + s];
                    value = scalar.Divide(value, sum);
                }
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// Softmax of the eight samples whose first value <paramref name="z"/> is: the maximum, the
        /// exponentials and their sum, one vector per neuron. A NaN makes its own exponential NaN
        /// whatever the maximum, and through the sum the whole sample.
        /// </summary>
        private static void SoftmaxAvx(ref float z, int size, int width)
        {
            Vector256<float> max = Vector256.LoadUnsafe(ref z);
            for (int k = 1; k < size; k++)
            {
                max = Avx.Max(max, Vector256.LoadUnsafe(ref z, (nuint)(k * width)));
            }

            Vector256<float> sum = Vector256<float>.Zero;
            for (int k = 0; k < size; k++)
            {
                Vector256<float> e = ExpOfNonPositive(Vector256.LoadUnsafe(ref z, (nuint)(k * width)) - max);
                e.StoreUnsafe(ref z, (nuint)(k * width));
                sum += e;
            }

            Vector256<float> reciprocal = Vector256<float>.One / sum;
            for (int k = 0; k < size; k++)
            {
                (Vector256.LoadUnsafe(ref z, (nuint)(k * width)) * reciprocal).StoreUnsafe(ref z, (nuint)(k * width));
            }
        }
#endif

#if NET8_0_OR_GREATER
        /// <summary>The <paramref name="width"/> values from <paramref name="row"/> on, added a vector at a time into one vector.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> SumOfRow<T>(ref T row, int width)
            where T : unmanaged
        {
            Vector256<T> sum = Vector256.LoadUnsafe(ref row);
            for (int s = Vector256<T>.Count; s < width; s += Vector256<T>.Count)
            {
                sum += Vector256.LoadUnsafe(ref row, (nuint)s);
            }

            return sum;
        }
#endif

        /// <summary>Checks a block of samples and its lanes; returns the number of samples.</summary>
        private static int CheckBlock(string samplesName, int samplesLength, int size, string lanesName, int lanesLength, int width)
        {
            int count = CountSamples(samplesName, samplesLength, size, width);
            CheckLength(lanesName, (long)size * width, lanesLength);
            return count;
        }

        /// <summary>The number of samples of the given size in a span, checked to fit a block of the given width.</summary>
        private static int CountSamples(string name, int length, int size, int width)
        {
            if (size < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(size), size, "A sample must hold at least one value.");
            }

            CheckWidth(width);
            if (length % size != 0 || length > (long)size * width)
            {
                throw new ArgumentException($"{name} must hold 0 to {width} samples of {size} values, but holds {length} values.", name);
            }

            return length / size;
        }

        /// <summary>The number of rows of width lanes a span of the given length holds, checked.</summary>
        private static int RowsOfLanes(string name, int length, int width)
        {
            CheckWidth(width);
            if (length % width != 0)
            {
                throw new ArgumentException($"{name} must hold whole rows of {width} lanes, but holds {length} values.", name);
            }

            return length / width;
        }

        private static void CheckWidth(int width)
        {
            if (width < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(width), width, "A block must be at least one sample wide.");
            }
        }
    }
}
