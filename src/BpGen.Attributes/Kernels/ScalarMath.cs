using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace BpGen
{
    /// <summary>
    /// e^x, tanh x and ln x for one float, which generated float code calls per neuron: the runtime's
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
    }
}
