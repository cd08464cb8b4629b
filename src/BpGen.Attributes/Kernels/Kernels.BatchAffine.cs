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
    /// The matrix products of a layer for a block of samples in lanes (see
    /// <see cref="ToLanes(ReadOnlySpan{float}, int, Span{float}, int)"/>): W·A + b forward, Wᵀ·Δ back.
    /// Both are one loop, y[o, ·] = b[o] + Σ_k W(o, k)·x[k, ·], reading W along its rows or its columns.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// Z ← W·A + b for a block of samples in lanes: W has bias.Length rows, A holds a row of
        /// <paramref name="width"/> lanes per column of W, Z a row per row of W. z[i, s] = b[i] + Σ_j W[i, j]·a[j, s].
        /// </summary>
        public static void AffineLanes(ReadOnlySpan<float> matrix, ReadOnlySpan<float> bias, ReadOnlySpan<float> a, Span<float> z, int width) =>
            AffineLanes<float, SingleScalar>(matrix, bias, a, z, width);

        /// <inheritdoc cref="AffineLanes(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
        public static void AffineLanes(ReadOnlySpan<double> matrix, ReadOnlySpan<double> bias, ReadOnlySpan<double> a, Span<double> z, int width) =>
            AffineLanes<double, DoubleScalar>(matrix, bias, a, z, width);

        /// <summary>
        /// The error one layer down for a block of samples in lanes, before the activation's derivative:
        /// result[j, s] ← Σ_i W[i, j]·d[i, s], for W with d.Length / width rows of result.Length / width values.
        /// </summary>
        public static void MultiplyTransposedLanes(ReadOnlySpan<float> matrix, ReadOnlySpan<float> d, Span<float> result, int width) =>
            MultiplyTransposedLanes<float, SingleScalar>(matrix, d, result, width);

        /// <inheritdoc cref="MultiplyTransposedLanes(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
        public static void MultiplyTransposedLanes(ReadOnlySpan<double> matrix, ReadOnlySpan<double> d, Span<double> result, int width) =>
            MultiplyTransposedLanes<double, DoubleScalar>(matrix, d, result, width);

        private static void AffineLanes<T, TScalar>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> bias, ReadOnlySpan<T> a, Span<T> z, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = bias.Length;
            CheckLength(nameof(z), (long)rows * width, z.Length);
            int columns = RowsOfLanes(nameof(a), a.Length, width);
            CheckShape(matrix.Length, rows, columns);
            MultiplyLanes<T, TScalar>(matrix, columns, 1, bias, a, z, rows, columns, width);
        }

        private static void MultiplyTransposedLanes<T, TScalar>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> d, Span<T> result, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = RowsOfLanes(nameof(d), d.Length, width);
            int columns = RowsOfLanes(nameof(result), result.Length, width);
            CheckShape(matrix.Length, rows, columns);
            MultiplyLanes<T, TScalar>(matrix, 1, columns, default, d, result, columns, rows, width);
        }

        /// <summary>
        /// y[o, s] ← b[o] + Σ_k W(o, k)·x[k, s] for <paramref name="outputs"/> rows of y and
        /// <paramref name="inputs"/> rows of x, with W(o, k) at o·<paramref name="outputStride"/> +
        /// k·<paramref name="inputStride"/> and b = 0 where <paramref name="bias"/> is empty.
        /// </summary>
        private static void MultiplyLanes<T, TScalar>(
            ReadOnlySpan<T> matrix, int outputStride, int inputStride, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> y, int outputs, int inputs, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
#if NET8_0_OR_GREATER
            if (Avx.IsSupported && outputs >= 4 && width >= 2 * Vector256<T>.Count)
            {
                MultiplyLanesAvx(matrix, outputStride, inputStride, bias, x, y, outputs, inputs, width);
                return;
            }
#endif
            MultiplyLanesPortable<T, TScalar>(matrix, outputStride, inputStride, bias, x, y, outputs, inputs, width);
        }

        /// <summary>
        /// <see cref="Vector{T}"/> code for every runtime: one output row and one vector of samples at a
        /// time, the last vector of a row moved back to end at the row's end (its lanes computed twice,
        /// to the same values) rather than finished lane by lane; blocks narrower than a vector, scalar.
        /// </summary>
        internal static void MultiplyLanesPortable<T, TScalar>(
            ReadOnlySpan<T> matrix, int outputStride, int inputStride, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> y, int outputs, int inputs, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            bool vectors = Vector.IsHardwareAccelerated && width >= Vector<T>.Count;
            for (int o = 0; o < outputs; o++)
            {
                T start = bias.IsEmpty ? default : bias[o];
                ReadOnlySpan<T> weights = matrix.Slice(o * outputStride);
                Span<T> row = y.Slice(o * width, width);
                if (vectors)
                {
                    for (int lane = 0; lane < width; lane += Vector<T>.Count)
                    {
                        int s = Math.Min(lane, width - Vector<T>.Count);
                        var sum = new Vector<T>(start);
                        for (int k = 0; k < inputs; k++)
                        {
                            sum += new Vector<T>(weights[k * inputStride]) * Load(x, (k * width) + s);
                        }

                        Store(sum, row, s);
                    }
                }
                else
                {
                    for (int s = 0; s < width; s++)
                    {
                        T sum = start;
                        for (int k = 0; k < inputs; k++)
                        {
                            sum = scalar.Add(sum, scalar.Multiply(weights[k * inputStride], x[(k * width) + s]));
                        }

                        row[s] = sum;
                    }
                }
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// AVX: tiles of four output rows by two vectors of samples, eight sums in registers. Each step
        /// loads two vectors of x and broadcasts four weights into eight fused multiply-adds, so one load
        /// of a weight serves two vectors of samples and one load of x serves four rows. The last tile of
        /// rows and of lanes is moved back to end at the edge (some sums computed twice, to the same
        /// values), so every shape with four rows and two vectors runs here alone. The shapes were
        /// checked, so the loops read through references without bounds checks.
        /// </summary>
        private static void MultiplyLanesAvx<T>(
            ReadOnlySpan<T> matrix, int outputStride, int inputStride, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> y, int outputs, int inputs, int width)
            where T : unmanaged
        {
            int n = Vector256<T>.Count;
            ref T xs = ref MemoryMarshal.GetReference(x);
            ref T ys = ref MemoryMarshal.GetReference(y);
            for (int block = 0; block < outputs; block += 4)
            {
                int o = Math.Min(block, outputs - 4);
                ref T w0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(matrix), o * outputStride);
                ref T w1 = ref Unsafe.Add(ref w0, outputStride);
                ref T w2 = ref Unsafe.Add(ref w1, outputStride);
                ref T w3 = ref Unsafe.Add(ref w2, outputStride);
                Vector256<T> b0 = default, b1 = default, b2 = default, b3 = default;
                if (!bias.IsEmpty)
                {
                    b0 = Vector256.Create(bias[o]);
                    b1 = Vector256.Create(bias[o + 1]);
                    b2 = Vector256.Create(bias[o + 2]);
                    b3 = Vector256.Create(bias[o + 3]);
                }

                for (int lane = 0; lane < width; lane += 2 * n)
                {
                    int s = Math.Min(lane, width - (2 * n));
                    Vector256<T> y00 = b0, y01 = b0, y10 = b1, y11 = b1, y20 = b2, y21 = b2, y30 = b3, y31 = b3;
                    ref T xk = ref Unsafe.Add(ref xs, s);
                    int offset = 0;
                    for (int k = 0; k < inputs; k++)
                    {
                        Vector256<T> x0 = Vector256.LoadUnsafe(ref xk), x1 = Vector256.LoadUnsafe(ref xk, (nuint)n);
                        Vector256<T> w = Vector256.Create(Unsafe.Add(ref w0, offset));
                        y00 = FusedMultiplyAdd(w, x0, y00);
                        y01 = FusedMultiplyAdd(w, x1, y01);
                        w = Vector256.Create(Unsafe.Add(ref w1, offset));
                        y10 = FusedMultiplyAdd(w, x0, y10);
                        y11 = FusedMultiplyAdd(w, x1, y11);
                        w = Vector256.Create(Unsafe.Add(ref w2, offset));
                        y20 = FusedMultiplyAdd(w, x0, y20);
                        y21 = FusedMultiplyAdd(w, x1, y21);
                        w = Vector256.Create(Unsafe.Add(ref w3, offset));
                        y30 = FusedMultiplyAdd(w, x0, y30);
                        y31 = FusedMultiplyAdd(w, x1, y31);
                        xk = ref Unsafe.Add(ref xk, width);
                        offset += inputStride;
                    }

                    ref T row = ref Unsafe.Add(ref ys, (o * width) + s);
                    y00.StoreUnsafe(ref row);
                    y01.StoreUnsafe(ref row, (nuint)n);
                    row = ref Unsafe.Add(ref row, width);
                    y10.StoreUnsafe(ref row);
                    y11.StoreUnsafe(ref row, (nuint)n);
                    row = ref Unsafe.Add(ref row, width);
                    y20.StoreUnsafe(ref row);
                    y21.StoreUnsafe(ref row, (nuint)n);
                    row = ref Unsafe.Add(ref row, width);
                    y30.StoreUnsafe(ref row);
                    y31.StoreUnsafe(ref row, (nuint)n);
                }
            }
        }
#endif
    }
}
