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
    /// σ and tanh over a whole layer. A scalar exponential or tanh costs a call per neuron, more than
    /// the matrix product of a narrow layer; with AVX2 and FMA (the net8.0 build) float layers are
    /// computed eight neurons at a time from the vector exponential, within a few ulp, and sixteen at a
    /// time with AVX-512 (the same bits, Kernels.Sigmoids512.cs).
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>a ← σ(a) = 1 / (1 + e^−a), element by element.</summary>
        public static void Sigmoid(Span<float> a) => Squash<float, SingleScalar>(a, tanh: false);

        /// <inheritdoc cref="Sigmoid(Span{float})"/>
        public static void Sigmoid(Span<double> a) => Squash<double, DoubleScalar>(a, tanh: false);

        /// <summary>a ← tanh(a), element by element.</summary>
        public static void Tanh(Span<float> a) => Squash<float, SingleScalar>(a, tanh: true);

        /// <inheritdoc cref="Tanh(Span{float})"/>
        public static void Tanh(Span<double> a) => Squash<double, DoubleScalar>(a, tanh: true);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Squash<T, TScalar>(Span<T> a, bool tanh)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int k = 0;
#if NET8_0_OR_GREATER
            if (typeof(T) == typeof(float) && Avx2.IsSupported && Fma.IsSupported)
            {
                ref float values = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(a));
                for (; Vector512.IsHardwareAccelerated && k + Vector512<float>.Count <= a.Length; k += Vector512<float>.Count)
                {
                    Vector512<float> z = Vector512.LoadUnsafe(ref values, (nuint)k);
                    (tanh ? TanhAvx512(z) : SigmoidAvx512(z)).StoreUnsafe(ref values, (nuint)k);
                }

                for (; k + Vector256<float>.Count <= a.Length; k += Vector256<float>.Count)
                {
                    Vector256<float> z = Vector256.LoadUnsafe(ref values, (nuint)k);
                    (tanh ? TanhAvx(z) : SigmoidAvx(z)).StoreUnsafe(ref values, (nuint)k);
                }
            }
#endif
            TScalar s = default;
            T one = s.FromDouble(1);
            for (; k < a.Length; k++)
            {
                a[k] = tanh ? s.Tanh(a[k]) : s.Divide(one, s.Add(one, s.Exp(s.Subtract(default, a[k]))));
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// σ(z) from t = e^−|z| ≤ 1, which never overflows: 1 / (1 + t) for z ≥ 0, t / (1 + t) below,
        /// the numerator chosen before the one division.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> SigmoidAvx(Vector256<float> z)
        {
            Vector256<float> t = ExpOfNonPositive(-Vector256.Abs(z));
            Vector256<float> numerator = Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256<float>.Zero), t, Vector256<float>.One);
            return numerator / (Vector256<float>.One + t);
        }

        /// <summary>
        /// tanh z = −u / (2 + u) · sign z with u = e^−2|z| − 1 in (−1, 0], taken as 2^n·q + (2^n − 1) from
        /// the parts of the exponential: near 0, u ≈ −2|z| keeps its relative accuracy, so one formula
        /// holds everywhere without a second polynomial. Past |z| = 43.7 the clamp gives u = −1 and
        /// tanh = ±1; NaN stays NaN (u is NaN, see <see cref="ExpMinusOneParts"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> TanhAvx(Vector256<float> z)
        {
            Vector256<float> signBit = Vector256.Create(-0f);
            Vector256<float> q = ExpMinusOneParts(Vector256.Create(-2f) * Vector256.Abs(z), out Vector256<float> twoToN);
            Vector256<float> u = Fma.MultiplyAdd(twoToN, q, twoToN - Vector256<float>.One);

            // u / (2 + u) ≤ 0 is −tanh|z|; the result takes its magnitude and z's sign (so ±0 stay ±0).
            Vector256<float> magnitude = Vector256.Abs(u / (Vector256.Create(2f) + u));
            return magnitude | (z & signBit);
        }
#endif
    }
}
