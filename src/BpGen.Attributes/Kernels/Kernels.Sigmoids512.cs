#if NET8_0_OR_GREATER
using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BpGen
{
    /// <summary>
    /// σ and tanh sixteen floats at a time with AVX-512, for the kernels' loops over units (the cell updates
    /// and the activation kernels) where the runtime accelerates 512-bit vectors
    /// (<see cref="Vector512.IsHardwareAccelerated"/>, false on CPUs that slow down for them). Each is the 256-bit function of
    /// Kernels.Sigmoids.cs and Kernels.Softmax.cs operation for operation, so a lane gets the same bits
    /// either way. The functions are dominated by their instruction count rather than by the arithmetic
    /// units: on a Zen 4 EPYC, which runs a 512-bit operation as two 256-bit halves, a vector of σ cost
    /// 2.9 to 3.2 ns per eight floats against 4.4 to 5.5 ns in 256 bits (Stopwatch).
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>σ as <see cref="SigmoidAvx"/>, in sixteen lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> SigmoidAvx512(Vector512<float> z)
        {
            Vector512<float> t = ExpOfNonPositiveAvx512(-Vector512.Abs(z));
            Vector512<float> numerator = Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512<float>.Zero), t, Vector512<float>.One);
            return numerator / (Vector512<float>.One + t);
        }

        /// <summary>tanh as <see cref="TanhAvx"/>, in sixteen lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> TanhAvx512(Vector512<float> z)
        {
            Vector512<float> signBit = Vector512.Create(-0f);
            Vector512<float> q = ExpMinusOnePartsAvx512(Vector512.Create(-2f) * Vector512.Abs(z), out Vector512<float> twoToN);
            Vector512<float> u = Avx512F.FusedMultiplyAdd(twoToN, q, twoToN - Vector512<float>.One);
            Vector512<float> magnitude = Vector512.Abs(u / (Vector512.Create(2f) + u));
            return magnitude | (z & signBit);
        }

        /// <summary>e^x for x ≤ 0 as <see cref="ExpOfNonPositive"/>, in sixteen lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> ExpOfNonPositiveAvx512(Vector512<float> x)
        {
            Vector512<float> q = ExpMinusOnePartsAvx512(x, out Vector512<float> twoToN);
            Vector512<float> result = Avx512F.FusedMultiplyAdd(q, twoToN, twoToN);
            return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(SmallestExponent)), Vector512<float>.Zero, result);
        }

        /// <summary><see cref="ExpMinusOneParts"/> in sixteen lanes, with the same constants and the same order of operations.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> ExpMinusOnePartsAvx512(Vector512<float> x, out Vector512<float> twoToN)
        {
            Vector512<float> clamped = Avx512F.Max(Vector512.Create(SmallestExponent), x); // x second: a NaN x stays NaN
            Vector512<float> shifter = Vector512.Create(RoundingShifter);
            Vector512<float> shifted = Avx512F.FusedMultiplyAdd(clamped, Vector512.Create(Log2E), shifter);
            Vector512<float> n = shifted - shifter;
            Vector512<float> r = Avx512F.FusedMultiplyAddNegated(n, Vector512.Create(Ln2High), clamped);
            r = Avx512F.FusedMultiplyAddNegated(n, Vector512.Create(Ln2Low), r);
            Vector512<float> squared = r * r;
            Vector512<float> low = Avx512F.FusedMultiplyAdd(Vector512.Create(ExpP1), r, Vector512.Create(ExpP0));
            Vector512<float> middle = Avx512F.FusedMultiplyAdd(Vector512.Create(ExpP3), r, Vector512.Create(ExpP2));
            Vector512<float> high = Avx512F.FusedMultiplyAdd(Vector512.Create(ExpP5), r, Vector512.Create(ExpP4));
            Vector512<float> p = Avx512F.FusedMultiplyAdd(Avx512F.FusedMultiplyAdd(high, squared, middle), squared, low);
            twoToN = Avx512F.ShiftLeftLogical(shifted.AsInt32() + Vector512.Create(127), 23).AsSingle();
            return Avx512F.FusedMultiplyAdd(p, squared, r);
        }
    }
}
#endif
