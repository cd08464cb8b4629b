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
        /// e^x for x ≤ 0 (and NaN), within 2 ulp: 2^n·(1 + q) from <see cref="ExpMinusOneParts"/>, one
        /// rounding. Below −87.33 (the smallest normal float) the result is 0; NaN stays NaN through the
        /// arithmetic.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> ExpOfNonPositive(Vector256<float> x)
        {
            Vector256<float> q = ExpMinusOneParts(x, out Vector256<float> twoToN);
            Vector256<float> result = Fma.MultiplyAdd(q, twoToN, twoToN);
            return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(SmallestExponent)), Vector256<float>.Zero, result);
        }

        /// <summary>Below this, e^x is smaller than the smallest normal float.</summary>
        private const float SmallestExponent = -87.33654f;

        /// <summary>1.5·2²³: added to a float below 2²² and subtracted again, it rounds it to an integer.</summary>
        private const float RoundingShifter = 12582912f;

        /// <summary>log₂ e.</summary>
        private const float Log2E = 1.44269504088896341f;

        /// <summary>ln 2 in two parts, the first exact in few bits, so n·ln 2 is subtracted without rounding error.</summary>
        private const float Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;

        /// <summary>The coefficients p0 … p5 of the Cephes library's minimax polynomial P in e^r − 1 = r + r²·P(r).</summary>
        private const float ExpP0 = 5.0000001201e-1f, ExpP1 = 1.6666665459e-1f, ExpP2 = 4.1665795894e-2f, ExpP3 = 8.3334519073e-3f, ExpP4 = 1.3981999507e-3f, ExpP5 = 1.9875691500e-4f;

        /// <summary>
        /// e^x = 2^n·(1 + q) for x ≤ 0: n = round(x·log₂e), rounded by adding and subtracting 1.5·2²³ (no
        /// conversion to integers), into <paramref name="twoToN"/> as the float 2^n,
        /// and q = e^r − 1 = r + r²·P(r) returned, where r = x − n·ln 2 lies in [−ln 2 / 2, ln 2 / 2] and P
        /// is the degree-5 minimax polynomial of the Cephes library, evaluated in Estrin's scheme (three
        /// multiply-adds deep rather than Horner's six). q is exact to about an ulp of itself, so
        /// 2^n·q + (2^n − 1) gives e^x − 1 without cancellation near 0, which tanh needs. x is clamped at
        /// −87.33 first (n ≥ −126, so 2^n is a normal float). The clamp passes a NaN on (vmaxps returns its
        /// second operand when either is NaN), so q is NaN, and so is every result built from it: callers
        /// need no test for NaN.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> ExpMinusOneParts(Vector256<float> x, out Vector256<float> twoToN)
        {
            Vector256<float> clamped = Avx.Max(Vector256.Create(SmallestExponent), x); // x second: a NaN x stays NaN
            // x·log₂e + 1.5·2²³ rounds to an integer in the last place, so subtracting it again leaves n,
            // and the low bits of the sum hold n + 2²² (whose shift below drops the 2²²).
            Vector256<float> shifter = Vector256.Create(RoundingShifter);
            Vector256<float> shifted = Fma.MultiplyAdd(clamped, Vector256.Create(Log2E), shifter);
            Vector256<float> n = shifted - shifter;

            Vector256<float> r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2High), clamped);
            r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Low), r);

            // P(r) = p0 + p1·r + … + p5·r⁵ as (p0 + p1·r) + r²·((p2 + p3·r) + r²·(p4 + p5·r)).
            Vector256<float> squared = r * r;
            Vector256<float> low = Fma.MultiplyAdd(Vector256.Create(ExpP1), r, Vector256.Create(ExpP0));
            Vector256<float> middle = Fma.MultiplyAdd(Vector256.Create(ExpP3), r, Vector256.Create(ExpP2));
            Vector256<float> high = Fma.MultiplyAdd(Vector256.Create(ExpP5), r, Vector256.Create(ExpP4));
            Vector256<float> p = Fma.MultiplyAdd(Fma.MultiplyAdd(high, squared, middle), squared, low);

            // 2^n, built in the exponent bits.
            twoToN = Avx2.ShiftLeftLogical(shifted.AsInt32() + Vector256.Create(127), 23).AsSingle();
            return Fma.MultiplyAdd(p, squared, r);
        }
#endif
    }
}
