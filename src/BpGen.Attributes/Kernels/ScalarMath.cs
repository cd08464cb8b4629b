using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace BpGen
{
    /// <summary>
    /// e^x, tanh x and ln x for one float, which generated float code calls per neuron (and ln(1 + x) and
    /// e^x − 1 for softplus and ELU, float and double, which System.Math lacks): the runtime's
    /// <c>MathF</c> where the target has it, the double functions rounded to float on netstandard2.0,
    /// because .NET Framework has no <c>System.MathF</c> and generated code must compile wherever this
    /// assembly loads. The kernels' polynomial exponential, written out as a scalar and inlined, was
    /// slower than a call here: a 2-3-2 forward pass took 30.5 ns with it against 24.0 ns with
    /// <c>MathF.Exp</c> on .NET 10, and 271 against 107 ns with the double exponential on Mono.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ScalarMath
    {
#if NETSTANDARD2_0
        /// <summary>e^x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x) => (float)Math.Exp(x);

        /// <summary>tanh x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x) => (float)Math.Tanh(x);

        /// <summary>ln x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log(float x) => (float)Math.Log(x);
#else
        /// <summary>e^x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x) => MathF.Exp(x);

        /// <summary>tanh x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x) => MathF.Tanh(x);

        /// <summary>ln x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log(float x) => MathF.Log(x);
#endif

        /// <summary>
        /// ln(1 + x), to a few ulp where 1 + x rounds (a softplus far below 0): ln u · x / (u − 1) with
        /// u = 1 + x, whose rounding the quotient cancels (Goldberg), and x itself where u rounds to 1.
        /// </summary>
        public static float Log1P(float x)
        {
            float u = 1 + x;
            return u == 1 ? x : float.IsPositiveInfinity(u) ? u : Log(u) * (x / (u - 1));
        }

        /// <inheritdoc cref="Log1P(float)"/>
        public static double Log1P(double x)
        {
            double u = 1 + x;
            return u == 1 ? x : double.IsPositiveInfinity(u) ? u : Math.Log(u) * (x / (u - 1));
        }

        /// <summary>
        /// e^x − 1, to a few ulp near 0 (an ELU just below 0): within ½ of 0, (u − 1) · x / ln u with u = e^x,
        /// whose rounding the quotient cancels (Kahan), and x itself where u rounds to 1; beyond, where
        /// e^x ≤ 0.61 or ≥ 1.64 leaves e^x − 1 its digits, that difference, without the logarithm's cost.
        /// </summary>
        public static float ExpM1(float x)
        {
            float u = Exp(x);
            return !(x >= -0.5f && x <= 0.5f) ? u - 1 : u == 1 ? x : (u - 1) * x / Log(u);
        }

        /// <inheritdoc cref="ExpM1(float)"/>
        public static double ExpM1(double x)
        {
            double u = Math.Exp(x);
            return !(x >= -0.5 && x <= 0.5) ? u - 1 : u == 1 ? x : (u - 1) * x / Math.Log(u);
        }
    }
}
