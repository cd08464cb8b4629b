using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace BpGen
{
    /// <summary>
    /// Softmax and the exponentials of the cross-entropy loss. With AVX2 and FMA (the net8.0 build),
    /// float exponentials are computed eight at a time; a scalar e^x costs a call each, which made
    /// softmax a third of a 64-64-10 forward pass.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>z ← softmax(z) = e^(z − max z) / Σ e^(z − max z); shifted, so no exponent overflows.</summary>
        public static void Softmax(Span<float> z) => Softmax<float, SingleScalar>(z);

        /// <inheritdoc cref="Softmax(Span{float})"/>
        public static void Softmax(Span<double> z) => Softmax<double, DoubleScalar>(z);

        /// <summary>
        /// e ← e^(z − max z) element by element; returns Σ e and, in <paramref name="max"/>, max z. A NaN
        /// in z makes every e NaN, as it should.
        /// </summary>
        public static float ExpMinusMax(ReadOnlySpan<float> z, Span<float> e, out float max) =>
            ExpMinusMax<float, SingleScalar>(z, e, out max);

        /// <inheritdoc cref="ExpMinusMax(ReadOnlySpan{float}, Span{float}, out float)"/>
        public static double ExpMinusMax(ReadOnlySpan<double> z, Span<double> e, out double max) =>
            ExpMinusMax<double, DoubleScalar>(z, e, out max);

        private static void Softmax<T, TScalar>(Span<T> z)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            T sum = ExpMinusMax<T, TScalar>(z, z, out _);
            for (int i = 0; i < z.Length; i++)
            {
                z[i] = default(TScalar).Divide(z[i], sum);
            }
        }

        private static T ExpMinusMax<T, TScalar>(ReadOnlySpan<T> z, Span<T> e, out T max)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            max = Max<T, TScalar>(z, e);
            TScalar s = default;
            T sum = default;
            int i = 0;
#if NET8_0_OR_GREATER
            if (typeof(T) == typeof(float) && Avx2.IsSupported && Fma.IsSupported)
            {
                i = z.Length - z.Length % Vector256<float>.Count;
                float vectorSum = ExpMinusMaxAvx(MemoryMarshal.Cast<T, float>(z.Slice(0, i)), MemoryMarshal.Cast<T, float>(e), (float)(object)max);
                sum = (T)(object)vectorSum;
            }
#endif
            for (; i < z.Length; i++)
            {
                e[i] = s.Exp(s.Subtract(z[i], max));
                sum = s.Add(sum, e[i]);
            }

            return sum;
        }

        /// <summary>The largest value (NaN if there is one), after checking that e can hold z.</summary>
        private static T Max<T, TScalar>(ReadOnlySpan<T> z, Span<T> e)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            if (z.Length == 0)
            {
                throw new ArgumentException("z must hold at least one value, but is empty.", nameof(z));
            }

            CheckLength(nameof(e), z.Length, e.Length);
            T max = z[0];
            for (int i = 1; i < z.Length; i++)
            {
                max = default(TScalar).Max(max, z[i]);
            }

            return max;
        }

#if NET8_0_OR_GREATER
        /// <summary>e ← e^(z − max) over whole vectors; returns the sum.</summary>
        private static float ExpMinusMaxAvx(ReadOnlySpan<float> z, Span<float> e, float max)
        {
            ref float zs = ref MemoryMarshal.GetReference(z);
            ref float es = ref MemoryMarshal.GetReference(e);
            Vector256<float> maxima = Vector256.Create(max);
            Vector256<float> sums = Vector256<float>.Zero;
            for (int i = 0; i < z.Length; i += Vector256<float>.Count)
            {
                Vector256<float> exp = ExpOfNonPositive(Vector256.LoadUnsafe(ref zs, (nuint)i) - maxima);
                exp.StoreUnsafe(ref es, (nuint)i);
                sums += exp;
            }

            return Vector256.Sum(sums);
        }

        /// <summary>
        /// e^x for x ≤ 0 (and NaN), within 2 ulp: e^x = 2^n · e^r with n = round(x·log₂e) and
        /// r = x − n·ln 2 in [−ln 2 / 2, ln 2 / 2], where e^r = 1 + r + r²·P(r) with the degree-5
        /// minimax polynomial P of the Cephes library. Below −87.33 (the smallest normal float) the
        /// result is 0.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> ExpOfNonPositive(Vector256<float> x)
        {
            Vector256<float> smallest = Vector256.Create(-87.33654f);
            Vector256<float> clamped = Avx.Max(x, smallest); // a NaN becomes −87.33 here and NaN again below
            Vector256<float> n = Avx.RoundToNearestInteger(clamped * Vector256.Create(1.44269504088896341f));

            // ln 2 in two parts, the first exact in few bits, so n·ln 2 is subtracted without rounding error.
            Vector256<float> r = Fma.MultiplyAddNegated(n, Vector256.Create(0.693359375f), clamped);
            r = Fma.MultiplyAddNegated(n, Vector256.Create(-2.12194440e-4f), r);

            Vector256<float> p = Vector256.Create(1.9875691500e-4f);
            p = Fma.MultiplyAdd(p, r, Vector256.Create(1.3981999507e-3f));
            p = Fma.MultiplyAdd(p, r, Vector256.Create(8.3334519073e-3f));
            p = Fma.MultiplyAdd(p, r, Vector256.Create(4.1665795894e-2f));
            p = Fma.MultiplyAdd(p, r, Vector256.Create(1.6666665459e-1f));
            p = Fma.MultiplyAdd(p, r, Vector256.Create(5.0000001201e-1f));
            Vector256<float> expR = Fma.MultiplyAdd(p, r * r, r) + Vector256<float>.One;

            // 2^n, built in the exponent bits: n ≥ −126 after the clamp, so it is a normal float.
            Vector256<float> twoToN = Avx2.ShiftLeftLogical(Avx.ConvertToVector256Int32(n) + Vector256.Create(127), 23).AsSingle();
            Vector256<float> result = expR * twoToN;
            result = Vector256.ConditionalSelect(Vector256.LessThan(x, smallest), Vector256<float>.Zero, result);
            return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
        }
#endif
    }
}
