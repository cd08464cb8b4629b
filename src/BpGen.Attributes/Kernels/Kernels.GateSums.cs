#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BpGen
{
    /// <summary>
    /// The gate pre-activations of a recurrent step with AVX, for one stream or two at once:
    /// pre[r] = bias[r] + W_a[r]·a + W_b[r]·b over a run of gate rows, both products of a row in one
    /// sum (a = x and b = h where a gate adds W_i·x and W_h·h; b empty where PyTorch keeps them apart,
    /// as the GRU's n gate does). One load of a vector of a serves several rows, and one tree of
    /// horizontal additions turns the accumulators of several rows into their sums at once. Columns past
    /// the last whole vector are added one by one after the vector sums, as the dense product does.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// pre[r] ← bias[r] + W_a[r]·a + W_b[r]·b for one stream, eight rows at a time (the last block of
        /// eight moved back to end at the run's end, its rows computed twice to the same values); runs of
        /// fewer than eight rows one row at a time.
        /// </summary>
        private static void GateSums<T, TScalar>(
            ReadOnlySpan<T> wa, ReadOnlySpan<T> a, ReadOnlySpan<T> wb, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> pre)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = pre.Length, na = a.Length, nb = b.Length;
            ref T w0 = ref MemoryMarshal.GetReference(wa);
            ref T v0 = ref MemoryMarshal.GetReference(a);
            ref T w1 = ref MemoryMarshal.GetReference(wb);
            ref T v1 = ref MemoryMarshal.GetReference(b);
            ref T biases = ref MemoryMarshal.GetReference(bias);
            ref T sums = ref MemoryMarshal.GetReference(pre);
            if (rows < 8)
            {
                for (int i = 0; i < rows; i++)
                {
                    pre[i] = RowSum<T, TScalar>(wa, a, wb, b, bias[i], i);
                }

                return;
            }

            for (int block = 0; block < rows; block += 8)
            {
                int i = Math.Min(block, rows - 8);
                Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
                AddEightRowProducts(ref Unsafe.Add(ref w0, i * na), na, ref v0, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                AddEightRowProducts(ref Unsafe.Add(ref w1, i * nb), nb, ref v1, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                StoreSumsPlusBias(s0, s1, s2, s3, s4, s5, s6, s7, ref Unsafe.Add(ref biases, i), ref Unsafe.Add(ref sums, i));
                AddColumnTails<T, TScalar>(wa, a, wb, b, pre, i, 8);
            }
        }

        /// <summary>
        /// s_r += W[r]·v over the whole vectors of v for the eight rows of W from <paramref name="first"/> on,
        /// <paramref name="columns"/> values each: one load of v serves the eight rows.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddEightRowProducts<T>(
            ref T first, int columns, ref T v,
            ref Vector256<T> s0, ref Vector256<T> s1, ref Vector256<T> s2, ref Vector256<T> s3, ref Vector256<T> s4, ref Vector256<T> s5, ref Vector256<T> s6, ref Vector256<T> s7)
            where T : unmanaged
        {
            // Rows 0–3 at p, p + c, p + 2c and p + 3c, rows 4–7 the same from q: two pointers and three
            // strides in registers. Eight row pointers, beside what GateSums keeps live around the loop,
            // did not all fit: the JIT reloaded three of them from the stack on every pass.
            nint c = columns, c2 = 2 * c, c3 = 3 * c;
            ref T p = ref first;
            ref T q = ref Unsafe.Add(ref first, 4 * c);
            ref T vk = ref v;
            for (int k = columns / Vector256<T>.Count; k > 0; k--)
            {
                Vector256<T> x = Vector256.LoadUnsafe(ref vk);
                s0 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref p), x, s0);
                s1 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref p, c)), x, s1);
                s2 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref p, c2)), x, s2);
                s3 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref p, c3)), x, s3);
                s4 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref q), x, s4);
                s5 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref q, c)), x, s5);
                s6 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref q, c2)), x, s6);
                s7 = FusedMultiplyAdd(Vector256.LoadUnsafe(ref Unsafe.Add(ref q, c3)), x, s7);
                p = ref Unsafe.Add(ref p, Vector256<T>.Count);
                q = ref Unsafe.Add(ref q, Vector256<T>.Count);
                vk = ref Unsafe.Add(ref vk, Vector256<T>.Count);
            }
        }

        /// <summary>
        /// The same sums for a few streams, stream s reading a from as[s·n_a …] and b from bs[s·n_b …] and
        /// writing its rows at pres[s·stride …]: a pair of streams at a time, four rows at a time, each step
        /// loading a vector of both streams' a (or b) and four of W into eight fused multiply-adds, so that
        /// one load of the weights serves two streams; <paramref name="streams"/> is even.
        /// </summary>
        private static void GateSumsOfStreams<T, TScalar>(
            ReadOnlySpan<T> wa, ReadOnlySpan<T> @as, ReadOnlySpan<T> wb, ReadOnlySpan<T> bs, ReadOnlySpan<T> bias, Span<T> pres, int stride, int streams)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = bias.Length, na = @as.Length / streams, nb = bs.Length / streams, n = Vector256<T>.Count;
            if (rows < 4)
            {
                for (int s = 0; s < streams; s++)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        pres[(s * stride) + i] = RowSum<T, TScalar>(wa, @as.Slice(s * na, na), wb, bs.Slice(s * nb, nb), bias[i], i);
                    }
                }

                return;
            }

            ref T wFirst = ref MemoryMarshal.GetReference(wa);
            ref T wSecond = ref MemoryMarshal.GetReference(wb);
            ref T aFirst = ref MemoryMarshal.GetReference(@as);
            ref T bFirst = ref MemoryMarshal.GetReference(bs);
            for (int s = 0; s < streams; s += 2)
            {
                int t = s + 1;
                for (int block = 0; block < rows; block += 4)
                {
                    int i = Math.Min(block, rows - 4);
                    ref T bi = ref Unsafe.Add(ref MemoryMarshal.GetReference(bias), i);
                    Vector256<T> p0 = default, p1 = default, p2 = default, p3 = default, q0 = default, q1 = default, q2 = default, q3 = default;
                    for (int part = 0; part < 2; part++)
                    {
                        int columns = part == 0 ? na : nb;
                        ref T w0 = ref Unsafe.Add(ref part == 0 ? ref wFirst : ref wSecond, i * columns);
                        ref T w1 = ref Unsafe.Add(ref w0, columns);
                        ref T w2 = ref Unsafe.Add(ref w1, columns);
                        ref T w3 = ref Unsafe.Add(ref w2, columns);
                        ref T x0 = ref Unsafe.Add(ref part == 0 ? ref aFirst : ref bFirst, s * columns);
                        ref T x1 = ref Unsafe.Add(ref part == 0 ? ref aFirst : ref bFirst, t * columns);
                        nuint whole = (nuint)(columns - (columns % n));
                        for (nuint k = 0; k < whole; k += (nuint)n)
                        {
                            Vector256<T> u = Vector256.LoadUnsafe(ref x0, k), v = Vector256.LoadUnsafe(ref x1, k);
                            Vector256<T> wk = Vector256.LoadUnsafe(ref w0, k);
                            p0 = FusedMultiplyAdd(wk, u, p0);
                            q0 = FusedMultiplyAdd(wk, v, q0);
                            wk = Vector256.LoadUnsafe(ref w1, k);
                            p1 = FusedMultiplyAdd(wk, u, p1);
                            q1 = FusedMultiplyAdd(wk, v, q1);
                            wk = Vector256.LoadUnsafe(ref w2, k);
                            p2 = FusedMultiplyAdd(wk, u, p2);
                            q2 = FusedMultiplyAdd(wk, v, q2);
                            wk = Vector256.LoadUnsafe(ref w3, k);
                            p3 = FusedMultiplyAdd(wk, u, p3);
                            q3 = FusedMultiplyAdd(wk, v, q3);
                        }
                    }

                    Span<T> pre0 = pres.Slice(s * stride, rows), pre1 = pres.Slice(t * stride, rows);
                    StoreFourSumsPlusBias(p0, p1, p2, p3, ref bi, ref pre0[i]);
                    StoreFourSumsPlusBias(q0, q1, q2, q3, ref bi, ref pre1[i]);
                    AddColumnTails<T, TScalar>(wa, @as.Slice(s * na, na), wb, bs.Slice(s * nb, nb), pre0, i, 4);
                    AddColumnTails<T, TScalar>(wa, @as.Slice(t * na, na), wb, bs.Slice(t * nb, nb), pre1, i, 4);
                }
            }
        }

        /// <summary>bias + W_a[i]·a + W_b[i]·b for one row, one accumulator.</summary>
        private static T RowSum<T, TScalar>(ReadOnlySpan<T> wa, ReadOnlySpan<T> a, ReadOnlySpan<T> wb, ReadOnlySpan<T> b, T bias, int i)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            Vector256<T> s = default;
            for (int part = 0; part < 2; part++)
            {
                ReadOnlySpan<T> v = part == 0 ? a : b;
                ref T row = ref MemoryMarshal.GetReference((part == 0 ? wa : wb).Slice(i * v.Length));
                ref T vs = ref MemoryMarshal.GetReference(v);
                for (int k = 0; k + Vector256<T>.Count <= v.Length; k += Vector256<T>.Count)
                {
                    s = FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, (nuint)k), Vector256.LoadUnsafe(ref vs, (nuint)k), s);
                }
            }

            T sum = default(TScalar).Add(Vector256.Sum(s), bias);
            return AddTails<T, TScalar>(sum, wa, a, wb, b, i);
        }

        /// <summary>Adds the columns past the last whole vector of a and of b to rows i to i + count − 1 of pre.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddColumnTails<T, TScalar>(ReadOnlySpan<T> wa, ReadOnlySpan<T> a, ReadOnlySpan<T> wb, ReadOnlySpan<T> b, Span<T> pre, int i, int count)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            if ((a.Length | b.Length) % Vector256<T>.Count == 0)
            {
                return;
            }

            for (int r = i; r < i + count; r++)
            {
                pre[r] = AddTails<T, TScalar>(pre[r], wa, a, wb, b, r);
            }
        }

        /// <summary>sum plus row r's products with the columns of a and b past their last whole vector.</summary>
        private static T AddTails<T, TScalar>(T sum, ReadOnlySpan<T> wa, ReadOnlySpan<T> a, ReadOnlySpan<T> wb, ReadOnlySpan<T> b, int r)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int n = Vector256<T>.Count;
            sum = DotTail<T, TScalar>(sum, wa.Slice(r * a.Length, a.Length), a, a.Length - (a.Length % n));
            return DotTail<T, TScalar>(sum, wb.Slice(r * b.Length, b.Length), b, b.Length - (b.Length % n));
        }

        /// <summary>y[r] ← (lane sum of s_r) + b[r] for the four rows r of a block.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreFourSumsPlusBias<T>(Vector256<T> s0, Vector256<T> s1, Vector256<T> s2, Vector256<T> s3, ref T bias, ref T y)
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                // Each 128-bit half holds rows 0–3 summed over that half of every accumulator.
                Vector256<float> halves = Avx.HorizontalAdd(
                    Avx.HorizontalAdd(s0.AsSingle(), s1.AsSingle()), Avx.HorizontalAdd(s2.AsSingle(), s3.AsSingle()));
                Vector128<float> sums = halves.GetLower() + halves.GetUpper();
                (sums + Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref bias))).StoreUnsafe(ref Unsafe.As<T, float>(ref y));
            }
            else
            {
                (SumFour(s0.AsDouble(), s1.AsDouble(), s2.AsDouble(), s3.AsDouble()) + Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref bias)))
                    .StoreUnsafe(ref Unsafe.As<T, double>(ref y));
            }
        }
    }
}
#endif
