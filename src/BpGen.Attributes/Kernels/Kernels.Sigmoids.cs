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
    /// computed eight neurons at a time from the vector exponential, within a few ulp.
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
        /// <summary>σ(z) from t = e^−|z| ≤ 1, which never overflows: 1 / (1 + t) for z ≥ 0, t / (1 + t) below.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> SigmoidAvx(Vector256<float> z)
        {
            Vector256<float> t = ExpOfNonPositive(-Vector256.Abs(z));
            Vector256<float> positive = Vector256<float>.One / (Vector256<float>.One + t);
            return Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256<float>.Zero), t * positive, positive);
        }

        /// <summary>
        /// tanh z: below |z| = 0.625 the odd minimax polynomial of the Cephes library,
        /// z + z³·P(z²); above, (1 − t) / (1 + t) with t = e^−2|z|, where 1 − t no longer cancels.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> TanhAvx(Vector256<float> z)
        {
            Vector256<float> magnitude = Vector256.Abs(z);
            Vector256<float> squared = z * z;
            Vector256<float> p = Vector256.Create(-5.70498872745e-3f);
            p = Fma.MultiplyAdd(p, squared, Vector256.Create(2.06390887954e-2f));
            p = Fma.MultiplyAdd(p, squared, Vector256.Create(-5.37397155531e-2f));
            p = Fma.MultiplyAdd(p, squared, Vector256.Create(1.33314422036e-1f));
            p = Fma.MultiplyAdd(p, squared, Vector256.Create(-3.33332819422e-1f));
            Vector256<float> small = Fma.MultiplyAdd(p * squared, z, z);

            Vector256<float> t = ExpOfNonPositive(Vector256.Create(-2f) * magnitude);
            Vector256<float> large = (Vector256<float>.One - t) / (Vector256<float>.One + t);
            large = Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256<float>.Zero), -large, large);
            return Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(0.625f)), small, large);
        }
#endif
    }
}
