#if NET8_0_OR_GREATER
using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BpGen
{
    /// <summary>
    /// The vector functions behind the float activation kernels, one vector at a time, checked for AVX2
    /// and FMA (and AVX-512 for the sixteen-lane forms): internal, for the tests of their accuracy (the kernels call the unchecked forms on the
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

        /// <summary>σ in sixteen lanes with AVX-512, which the kernels' loops over units take where the CPU has it.</summary>
        internal static Vector512<float> Sigmoid(Vector512<float> z)
        {
            RequireAvx512();
            return SigmoidAvx512(z);
        }

        /// <summary>tanh in sixteen lanes with AVX-512.</summary>
        internal static Vector512<float> Tanh(Vector512<float> z)
        {
            RequireAvx512();
            return TanhAvx512(z);
        }

        /// <summary>e^x for x ≤ 0 in sixteen lanes with AVX-512.</summary>
        internal static Vector512<float> ExpNonPositive(Vector512<float> x)
        {
            RequireAvx512();
            return ExpOfNonPositiveAvx512(x);
        }

        private static void RequireAvx512()
        {
            if (!Avx512F.IsSupported)
            {
                throw new PlatformNotSupportedException("The 512-bit vector activations need AVX-512; test Avx512F.IsSupported first.");
            }
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
