using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif

namespace BpGen
{
    /// <summary>
    /// e^x, tanh x and ln x for one float, which generated unrolled code calls per neuron. The
    /// exponential is the scalar form of the kernels' vector one (range reduction and the Cephes
    /// minimax polynomial), small enough to inline: a library call per neuron cost more than the
    /// rest of a 2-3-2 forward pass. It is also what makes the generated code compile for .NET
    /// Framework, which has no <c>System.MathF</c>: every target runs the same exponential and tanh,
    /// and ln is <c>MathF.Log</c> where the target has it.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ScalarMath
    {
        /// <summary>
        /// e^x within 1.5 ulp: e^x = 2^n · e^r with n = round(x·log₂e) and r = x − n·ln 2 in
        /// [−ln 2 / 2, ln 2 / 2], where e^r = 1 + r + r²·P(r) with the degree-5 minimax polynomial P of
        /// the Cephes library. No call and no branch beyond two clamps: a call, even on a path never
        /// taken, would make the JIT keep the caller's values on the stack rather than in registers.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x)
        {
            // Beyond these bounds e^x is 0 or ∞ in float; the clamps keep n small and an infinite x out
            // of the reduction, and let NaN through (every comparison with it is false).
            x = x < -104f ? -104f : x;
            x = x > 89f ? 89f : x;

            // Round to nearest: adding 1.5·2^23 pushes the fraction out of the float; the cast makes
            // sure the sum is rounded to float even where the runtime computes in more precision.
            float n = (float)MultiplyAdd(x, 1.44269504088896341f, 12582912f) - 12582912f;

            // ln 2 in two parts, the first exact in few bits, so n·ln 2 is subtracted without rounding error.
            float r = MultiplyAdd(n, -0.693359375f, x);
            r = MultiplyAdd(n, 2.12194440e-4f, r);

            // P(r) = c0 + c1·r + … + c5·r⁵ by Estrin's scheme, pairs of terms side by side: one sample
            // waits for each exponential, so the length of the chain of operations is what costs.
            float r2 = r * r;
            float c01 = MultiplyAdd(1.6666665459e-1f, r, 5.0000001201e-1f);
            float c23 = MultiplyAdd(8.3334519073e-3f, r, 4.1665795894e-2f);
            float c45 = MultiplyAdd(1.9875691500e-4f, r, 1.3981999507e-3f);
            float p = MultiplyAdd(r2 * r2, c45, MultiplyAdd(r2, c23, c01));
            float expR = MultiplyAdd(p, r2, r) + 1f;

            // 2^n as two factors built in the exponent bits: −150 ≤ n ≤ 128, so each is a normal float,
            // and the last product rounds once, to ∞ above the floats and to a subnormal or 0 below.
            int k = (int)n;
            int half = k >> 1;
            return expR * PowerOfTwo(half) * PowerOfTwo(k - half);
        }

        /// <summary>
        /// tanh x as the kernels compute it, within 2 ulp: below |x| = 0.625 the odd minimax polynomial of the Cephes
        /// library, x + x³·P(x²); above, (1 − t) / (1 + t) with t = e^−2|x|, where 1 − t no longer cancels.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x)
        {
            float magnitude = Math.Abs(x);
            if (magnitude < 0.625f)
            {
                float squared = x * x;
                float p = -5.70498872745e-3f;
                p = p * squared + 2.06390887954e-2f;
                p = p * squared + -5.37397155531e-2f;
                p = p * squared + 1.33314422036e-1f;
                p = p * squared + -3.33332819422e-1f;
                return p * squared * x + x;
            }

            float t = Exp(-2f * magnitude);
            float large = (1f - t) / (1f + t);
            return x < 0f ? -large : large;
        }

        /// <summary>ln x: the runtime's float logarithm, or the double one rounded where there is none.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NETSTANDARD2_0
        public static float Log(float x) => (float)Math.Log(x);
#else
        public static float Log(float x) => MathF.Log(x);
#endif

        /// <summary>a·b + c, in one fused operation (one rounding) where the processor has it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float MultiplyAdd(float a, float b, float c) =>
#if NET8_0_OR_GREATER
            Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : a * b + c;
#else
            a * b + c;
#endif

        /// <summary>2^k for −126 ≤ k ≤ 127, from its exponent bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float PowerOfTwo(int k) => SingleFromBits((k + 127) << 23);

#if NETSTANDARD2_0
        private static unsafe float SingleFromBits(int bits) => *(float*)&bits;
#else
        private static float SingleFromBits(int bits) => BitConverter.Int32BitsToSingle(bits);
#endif
    }
}
