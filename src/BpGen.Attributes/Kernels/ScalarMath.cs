using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

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
        /// the Cephes library. Where 2^n is not a normal float (x outside about [−87.3, 88.0]) and for
        /// NaN, the double exponential rounded to float: a subnormal or 0, a large value or ∞, NaN.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x)
        {
            float scaled = x * 1.44269504088896341f;
            if (!(scaled >= -126f && scaled <= 127f))
            {
                return ExpOutsideNormalRange(x);
            }

            // Round to nearest: adding 1.5·2^23 pushes the fraction out of the float; the cast makes
            // sure the sum is rounded to float even where the runtime computes in more precision.
            float n = (float)(scaled + 12582912f) - 12582912f;

            // ln 2 in two parts, the first exact in few bits, so n·ln 2 is subtracted without rounding error.
            float r = x - n * 0.693359375f;
            r -= n * -2.12194440e-4f;

            float p = 1.9875691500e-4f;
            p = p * r + 1.3981999507e-3f;
            p = p * r + 8.3334519073e-3f;
            p = p * r + 4.1665795894e-2f;
            p = p * r + 1.6666665459e-1f;
            p = p * r + 5.0000001201e-1f;
            float expR = p * (r * r) + r + 1f;

            // 2^n, built in the exponent bits: −126 ≤ n ≤ 127, so it is a normal float.
            return expR * SingleFromBits(((int)n + 127) << 23);
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

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static float ExpOutsideNormalRange(float x) => (float)Math.Exp(x);

#if NETSTANDARD2_0
        private static unsafe float SingleFromBits(int bits) => *(float*)&bits;
#else
        private static float SingleFromBits(int bits) => BitConverter.Int32BitsToSingle(bits);
#endif
    }
}
