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
    /// <summary>The weight gradient of a block of samples: ∂J/∂W^l summed over them, Σ_s δ^l_s·(a^(l−1)_s)ᵀ.</summary>
    public static partial class Kernels
    {
        /// <summary>
        /// W ← W + Σ_s d_s·a_sᵀ over the a.Length / columns samples of a block: d in lanes (d.Length / width
        /// rows of <paramref name="width"/> lanes, one row per row of W), a one sample after another
        /// (columns values each, columns = matrix.Length / rows). W[i, j] += Σ_s d[i, s]·a[s, j]. The
        /// samples stay one after another because each step adds a row of a, contiguous in j, into a row
        /// of W; the layer's inputs are already in that order, a hidden layer's outputs go through
        /// <see cref="FromLanes(ReadOnlySpan{float}, int, Span{float}, int)"/>.
        /// </summary>
        public static void AddOuterProductsOfBlock(ReadOnlySpan<float> d, ReadOnlySpan<float> a, Span<float> matrix, int width) =>
            AddOuterProductsOfBlock<float, SingleScalar>(d, a, matrix, width);

        /// <inheritdoc cref="AddOuterProductsOfBlock(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
        public static void AddOuterProductsOfBlock(ReadOnlySpan<double> d, ReadOnlySpan<double> a, Span<double> matrix, int width) =>
            AddOuterProductsOfBlock<double, DoubleScalar>(d, a, matrix, width);

        private static void AddOuterProductsOfBlock<T, TScalar>(ReadOnlySpan<T> d, ReadOnlySpan<T> a, Span<T> matrix, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = RowsOfLanes(nameof(d), d.Length, width);
            if (rows == 0 || matrix.Length % rows != 0)
            {
                throw new ArgumentException($"The matrix must hold whole rows, one per row of d ({rows}), but holds {matrix.Length} values.", nameof(matrix));
            }

            int columns = matrix.Length / rows;
            int count = CountSamples(nameof(a), a.Length, columns, width);
#if NET8_0_OR_GREATER
            if (Avx.IsSupported)
            {
                int vectorColumns = columns - (columns % (2 * Vector256<T>.Count));
                AddOuterProductsOfBlockAvx(d, a, matrix, rows, vectorColumns, count, width);
                for (int i = 0; i < rows && vectorColumns < columns; i++)
                {
                    AddOuterProductsOfBlockRow<T, TScalar>(d, a, matrix, i, vectorColumns, count, width); // the columns after the tiles
                }

                return;
            }
#endif
            for (int row = 0; row < rows; row++)
            {
                AddOuterProductsOfBlockRow<T, TScalar>(d, a, matrix, row, 0, count, width);
            }
        }

        /// <summary>
        /// Row i of W from column <paramref name="first"/> on, in <see cref="Vector{T}"/> code for every
        /// runtime: four vectors of W at a time (four sums, so that each multiply-add need not wait for
        /// the one before), then one vector at a time, then the columns left one by one.
        /// </summary>
        internal static void AddOuterProductsOfBlockRow<T, TScalar>(ReadOnlySpan<T> d, ReadOnlySpan<T> a, Span<T> matrix, int i, int first, int count, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int columns = matrix.Length / (d.Length / width);
            ReadOnlySpan<T> di = d.Slice(i * width, count);
            Span<T> weights = matrix.Slice(i * columns, columns);
            int j = first;
            if (Vector.IsHardwareAccelerated)
            {
                int n = Vector<T>.Count;
                for (; j + (4 * n) <= columns; j += 4 * n)
                {
                    Vector<T> sum0 = Load<T>(weights, j), sum1 = Load<T>(weights, j + n), sum2 = Load<T>(weights, j + (2 * n)), sum3 = Load<T>(weights, j + (3 * n));
                    for (int s = 0; s < count; s++)
                    {
                        var dis = new Vector<T>(di[s]);
                        int at = (s * columns) + j;
                        sum0 += dis * Load(a, at);
                        sum1 += dis * Load(a, at + n);
                        sum2 += dis * Load(a, at + (2 * n));
                        sum3 += dis * Load(a, at + (3 * n));
                    }

                    Store(sum0, weights, j);
                    Store(sum1, weights, j + n);
                    Store(sum2, weights, j + (2 * n));
                    Store(sum3, weights, j + (3 * n));
                }

                for (; j + n <= columns; j += n)
                {
                    Vector<T> sum = Load<T>(weights, j);
                    for (int s = 0; s < count; s++)
                    {
                        sum += new Vector<T>(di[s]) * Load(a, (s * columns) + j);
                    }

                    Store(sum, weights, j);
                }
            }

            TScalar scalar = default;
            for (; j < columns; j++)
            {
                T sum = weights[j];
                for (int s = 0; s < count; s++)
                {
                    sum = scalar.Add(sum, scalar.Multiply(di[s], a[(s * columns) + j]));
                }

                weights[j] = sum;
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// AVX: tiles of four rows of W by two vectors of columns, eight sums in registers for the whole
        /// block of samples. Each sample loads two vectors of its a and broadcasts four values of d into
        /// eight fused multiply-adds. The rows after the last four go one at a time, two sums each (their
        /// sums cannot overlap a tile, as the forward kernels' do, since they add into W). The first
        /// <paramref name="columns"/> columns only, whole pairs of vectors; the caller finishes the rest.
        /// </summary>
        private static void AddOuterProductsOfBlockAvx<T>(ReadOnlySpan<T> d, ReadOnlySpan<T> a, Span<T> matrix, int rows, int columns, int count, int width)
            where T : unmanaged
        {
            int n = Vector256<T>.Count;
            int stride = matrix.Length / rows;
            ref T ds = ref MemoryMarshal.GetReference(d);
            ref T w = ref MemoryMarshal.GetReference(matrix);
            int tiled = rows - (rows % 4);
            for (int i = tiled; i < rows; i++)
            {
                ref T di = ref Unsafe.Add(ref ds, i * width);
                for (int j = 0; j < columns; j += 2 * n)
                {
                    ref T wi = ref Unsafe.Add(ref w, (i * stride) + j);
                    Vector256<T> g0 = Vector256.LoadUnsafe(ref wi), g1 = Vector256.LoadUnsafe(ref wi, (nuint)n);
                    ref T aj = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), j);
                    for (int s = 0; s < count; s++)
                    {
                        Vector256<T> v = Vector256.Create(Unsafe.Add(ref di, s));
                        g0 = FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref aj), g0);
                        g1 = FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref aj, (nuint)n), g1);
                        aj = ref Unsafe.Add(ref aj, stride);
                    }

                    g0.StoreUnsafe(ref wi);
                    g1.StoreUnsafe(ref wi, (nuint)n);
                }
            }

            for (int i = 0; i < tiled; i += 4)
            {
                ref T d0 = ref Unsafe.Add(ref ds, i * width);
                ref T d1 = ref Unsafe.Add(ref d0, width);
                ref T d2 = ref Unsafe.Add(ref d1, width);
                ref T d3 = ref Unsafe.Add(ref d2, width);
                for (int j = 0; j < columns; j += 2 * n)
                {
                    ref T w0 = ref Unsafe.Add(ref w, (i * stride) + j);
                    ref T w1 = ref Unsafe.Add(ref w0, stride);
                    ref T w2 = ref Unsafe.Add(ref w1, stride);
                    ref T w3 = ref Unsafe.Add(ref w2, stride);
                    Vector256<T> g00 = Vector256.LoadUnsafe(ref w0), g01 = Vector256.LoadUnsafe(ref w0, (nuint)n);
                    Vector256<T> g10 = Vector256.LoadUnsafe(ref w1), g11 = Vector256.LoadUnsafe(ref w1, (nuint)n);
                    Vector256<T> g20 = Vector256.LoadUnsafe(ref w2), g21 = Vector256.LoadUnsafe(ref w2, (nuint)n);
                    Vector256<T> g30 = Vector256.LoadUnsafe(ref w3), g31 = Vector256.LoadUnsafe(ref w3, (nuint)n);
                    ref T aj = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), j);
                    for (int s = 0; s < count; s++)
                    {
                        Vector256<T> a0 = Vector256.LoadUnsafe(ref aj), a1 = Vector256.LoadUnsafe(ref aj, (nuint)n);
                        Vector256<T> v = Vector256.Create(Unsafe.Add(ref d0, s));
                        g00 = FusedMultiplyAdd(v, a0, g00);
                        g01 = FusedMultiplyAdd(v, a1, g01);
                        v = Vector256.Create(Unsafe.Add(ref d1, s));
                        g10 = FusedMultiplyAdd(v, a0, g10);
                        g11 = FusedMultiplyAdd(v, a1, g11);
                        v = Vector256.Create(Unsafe.Add(ref d2, s));
                        g20 = FusedMultiplyAdd(v, a0, g20);
                        g21 = FusedMultiplyAdd(v, a1, g21);
                        v = Vector256.Create(Unsafe.Add(ref d3, s));
                        g30 = FusedMultiplyAdd(v, a0, g30);
                        g31 = FusedMultiplyAdd(v, a1, g31);
                        aj = ref Unsafe.Add(ref aj, stride);
                    }

                    g00.StoreUnsafe(ref w0);
                    g01.StoreUnsafe(ref w0, (nuint)n);
                    g10.StoreUnsafe(ref w1);
                    g11.StoreUnsafe(ref w1, (nuint)n);
                    g20.StoreUnsafe(ref w2);
                    g21.StoreUnsafe(ref w2, (nuint)n);
                    g30.StoreUnsafe(ref w3);
                    g31.StoreUnsafe(ref w3, (nuint)n);
                }
            }
        }
#endif
    }
}
