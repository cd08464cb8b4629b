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
    /// <summary>The forward product W·x + b: one dot product per row of W.</summary>
    public static partial class Kernels
    {
        private static void Affine<T, TScalar>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> result)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            CheckShape(matrix.Length, result.Length, x.Length);
            CheckLength(nameof(bias), result.Length, bias.Length);
#if NET8_0_OR_GREATER
            if (Avx.IsSupported)
            {
                AffineAvx<T, TScalar>(matrix, bias, x, result);
                return;
            }
#endif
            AffinePortable<T, TScalar>(matrix, bias, x, result);
        }

        /// <summary>
        /// <see cref="Vector{T}"/> code for every runtime: four rows at a time share each load of x, and
        /// each row ends in its own horizontal sum.
        /// </summary>
        internal static void AffinePortable<T, TScalar>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> result)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int columns = x.Length;
            int vectors = Vector.IsHardwareAccelerated ? columns / Vector<T>.Count : 0;
            int tail = vectors * Vector<T>.Count;
            ReadOnlySpan<Vector<T>> xs = MemoryMarshal.Cast<T, Vector<T>>(x).Slice(0, vectors);
            int i = 0;
            for (; i + 4 <= result.Length; i += 4)
            {
                ReadOnlySpan<T> row0 = matrix.Slice(i * columns, columns), row1 = matrix.Slice((i + 1) * columns, columns);
                ReadOnlySpan<T> row2 = matrix.Slice((i + 2) * columns, columns), row3 = matrix.Slice((i + 3) * columns, columns);
                ReadOnlySpan<Vector<T>> w0 = MemoryMarshal.Cast<T, Vector<T>>(row0), w1 = MemoryMarshal.Cast<T, Vector<T>>(row1);
                ReadOnlySpan<Vector<T>> w2 = MemoryMarshal.Cast<T, Vector<T>>(row2), w3 = MemoryMarshal.Cast<T, Vector<T>>(row3);
                Vector<T> s0 = Vector<T>.Zero, s1 = Vector<T>.Zero, s2 = Vector<T>.Zero, s3 = Vector<T>.Zero;
                for (int k = 0; k < xs.Length; k++)
                {
                    Vector<T> xk = xs[k];
                    s0 += w0[k] * xk;
                    s1 += w1[k] * xk;
                    s2 += w2[k] * xk;
                    s3 += w3[k] * xk;
                }

                result[i] = DotTail<T, TScalar>(default(TScalar).Add(Vector.Dot(s0, Vector<T>.One), bias[i]), row0, x, tail);
                result[i + 1] = DotTail<T, TScalar>(default(TScalar).Add(Vector.Dot(s1, Vector<T>.One), bias[i + 1]), row1, x, tail);
                result[i + 2] = DotTail<T, TScalar>(default(TScalar).Add(Vector.Dot(s2, Vector<T>.One), bias[i + 2]), row2, x, tail);
                result[i + 3] = DotTail<T, TScalar>(default(TScalar).Add(Vector.Dot(s3, Vector<T>.One), bias[i + 3]), row3, x, tail);
            }

            for (; i < result.Length; i++)
            {
                ReadOnlySpan<T> row = matrix.Slice(i * columns, columns);
                ReadOnlySpan<Vector<T>> w = MemoryMarshal.Cast<T, Vector<T>>(row);
                Vector<T> s = Vector<T>.Zero;
                for (int k = 0; k < xs.Length; k++)
                {
                    s += w[k] * xs[k];
                }

                result[i] = DotTail<T, TScalar>(default(TScalar).Add(Vector.Dot(s, Vector<T>.One), bias[i]), row, x, tail);
            }
        }

        /// <summary><paramref name="sum"/> plus Σ row[j]·x[j] for j from <paramref name="start"/> on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T DotTail<T, TScalar>(T sum, ReadOnlySpan<T> row, ReadOnlySpan<T> x, int start)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            for (int j = start; j < row.Length; j++)
            {
                sum = default(TScalar).Add(sum, default(TScalar).Multiply(row[j], x[j]));
            }

            return sum;
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// AVX: eight rows at a time, eight accumulators, and one tree of horizontal additions that turns
        /// them into the eight row sums at once (one vector of float, two of double), where separate
        /// reductions would cost several times as many instructions. The shapes were checked on entry,
        /// so the loops read through references without bounds checks.
        /// </summary>
        private static void AffineAvx<T, TScalar>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> result)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int columns = x.Length;
            int tail = columns - columns % Vector256<T>.Count;
            ref T w = ref MemoryMarshal.GetReference(matrix);
            ref T xs = ref MemoryMarshal.GetReference(x);
            ref T b = ref MemoryMarshal.GetReference(bias);
            ref T y = ref MemoryMarshal.GetReference(result);
            int i = 0;
            for (; i + 8 <= result.Length; i += 8)
            {
                ref T rows = ref Unsafe.Add(ref w, i * columns);
                Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
                for (int k = 0; k < tail; k += Vector256<T>.Count)
                {
                    Vector256<T> xk = Vector256.LoadUnsafe(ref xs, (nuint)k);
                    s0 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, (nuint)k), xk, s0);
                    s1 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, (nuint)(k + columns)), xk, s1);
                    s2 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, (nuint)(k + 2 * columns)), xk, s2);
                    s3 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, (nuint)(k + 3 * columns)), xk, s3);
                    s4 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, (nuint)(k + 4 * columns)), xk, s4);
                    s5 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, (nuint)(k + 5 * columns)), xk, s5);
                    s6 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, (nuint)(k + 6 * columns)), xk, s6);
                    s7 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref rows, (nuint)(k + 7 * columns)), xk, s7);
                }

                StoreSumsPlusBias(s0, s1, s2, s3, s4, s5, s6, s7, ref Unsafe.Add(ref b, i), ref Unsafe.Add(ref y, i));
                if (tail < columns)
                {
                    for (int r = i; r < i + 8; r++)
                    {
                        result[r] = DotTail<T, TScalar>(result[r], matrix.Slice(r * columns, columns), x, tail);
                    }
                }
            }

            for (; i < result.Length; i++)
            {
                ref T row = ref Unsafe.Add(ref w, i * columns);
                Vector256<T> s = default;
                for (int k = 0; k < tail; k += Vector256<T>.Count)
                {
                    s = FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)k), Vector256.LoadUnsafe(ref xs, (nuint)k), s);
                }

                result[i] = DotTail<T, TScalar>(default(TScalar).Add(Vector256.Sum(s), bias[i]), matrix.Slice(i * columns, columns), x, tail);
            }
        }

        /// <summary>a·b + c, fused (one rounding) where the hardware has FMA.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> FusedMultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
            where T : unmanaged
        {
            if (Fma.IsSupported && typeof(T) == typeof(float))
            {
                return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }

            if (Fma.IsSupported && typeof(T) == typeof(double))
            {
                return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }

            return (a * b) + c;
        }

        /// <summary>y[r] ← (lane sum of s_r) + b[r] for the eight rows r of a block.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreSumsPlusBias<T>(
            Vector256<T> s0, Vector256<T> s1, Vector256<T> s2, Vector256<T> s3,
            Vector256<T> s4, Vector256<T> s5, Vector256<T> s6, Vector256<T> s7,
            ref T bias, ref T y)
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                // Each 128-bit half of h0 holds rows 0–3, summed over that half of every accumulator;
                // h1 the same for rows 4–7. Adding each one's two halves gives rows 0–3 and 4–7, set side
                // by side without a permute across the halves (dearer on CPUs that split 256-bit
                // operations in two, as first-generation Zen does).
                Vector256<float> h0 = Avx.HorizontalAdd(
                    Avx.HorizontalAdd(s0.AsSingle(), s1.AsSingle()), Avx.HorizontalAdd(s2.AsSingle(), s3.AsSingle()));
                Vector256<float> h1 = Avx.HorizontalAdd(
                    Avx.HorizontalAdd(s4.AsSingle(), s5.AsSingle()), Avx.HorizontalAdd(s6.AsSingle(), s7.AsSingle()));
                Vector256<float> sums = Vector256.Create(h0.GetLower() + h0.GetUpper(), h1.GetLower() + h1.GetUpper());
                ref float b = ref Unsafe.As<T, float>(ref bias);
                (sums + Vector256.LoadUnsafe(ref b)).StoreUnsafe(ref Unsafe.As<T, float>(ref y));
            }
            else
            {
                // Four doubles per vector: each pair of accumulators gives two lanes per half, rows 0–3 and 4–7.
                ref double b = ref Unsafe.As<T, double>(ref bias);
                ref double sums = ref Unsafe.As<T, double>(ref y);
                (SumFour(s0.AsDouble(), s1.AsDouble(), s2.AsDouble(), s3.AsDouble()) + Vector256.LoadUnsafe(ref b)).StoreUnsafe(ref sums);
                (SumFour(s4.AsDouble(), s5.AsDouble(), s6.AsDouble(), s7.AsDouble()) + Vector256.LoadUnsafe(ref b, 4)).StoreUnsafe(ref sums, 4);
            }
        }

        /// <summary>The lane sums of four double accumulators, in order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> SumFour(Vector256<double> s0, Vector256<double> s1, Vector256<double> s2, Vector256<double> s3)
        {
            Vector256<double> h01 = Avx.HorizontalAdd(s0, s1), h23 = Avx.HorizontalAdd(s2, s3);
            return Avx.Permute2x128(h01, h23, 0x20) + Avx.Permute2x128(h01, h23, 0x31);
        }
#endif
    }
}
