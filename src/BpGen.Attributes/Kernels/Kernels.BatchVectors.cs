#if NET8_0_OR_GREATER
using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BpGen
{
    /// <summary>
    /// The vector functions behind the float activation kernels, one vector at a time, checked for AVX2
    /// and FMA: internal, for the tests of their accuracy (the kernels call the unchecked forms on the
    /// path that has tested <c>Avx2.IsSupported &amp;&amp; Fma.IsSupported</c>, a constant to the JIT).
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>σ(z) = 1 / (1 + e^−z) in every lane, within a few ulp, never overflowing.</summary>
        internal static Vector256<float> Sigmoid(Vector256<float> z)
        {
            RequireAvx2AndFma();
            return SigmoidAvx(z);
        }

        /// <summary>tanh z in every lane, within a few ulp.</summary>
        internal static Vector256<float> Tanh(Vector256<float> z)
        {
            RequireAvx2AndFma();
            return TanhAvx(z);
        }

        /// <summary>
        /// e^x in every lane for x ≤ 0 (softmax's e^(z − max z)), within 2 ulp; 0 below −87.3, NaN for NaN.
        /// Positive x are outside its range.
        /// </summary>
        internal static Vector256<float> ExpNonPositive(Vector256<float> x)
        {
            RequireAvx2AndFma();
            return ExpOfNonPositive(x);
        }

        private static void RequireAvx2AndFma()
        {
            if (!Avx2.IsSupported || !Fma.IsSupported)
            {
                throw new PlatformNotSupportedException("The vector activations need AVX2 and FMA; test Avx2.IsSupported && Fma.IsSupported first.");
            }
        }
    }
}
#endif
