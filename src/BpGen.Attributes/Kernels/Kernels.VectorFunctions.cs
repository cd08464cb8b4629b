using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace BpGen
{
    /// <summary>
    /// The functions of a neuron over a whole <see cref="Vector{T}"/>, one sample per lane, for the
    /// batched methods of unrolled networks. Float vectors eight wide with AVX2 and FMA (the net8.0
    /// build) use the polynomial functions of the activation kernels, within a few ulp; elsewhere each
    /// lane goes through the scalar function, the same arithmetic as the one-sample code.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>e^x in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Exp(Vector<float> x)
        {
#if NET8_0_OR_GREATER
            if (Vector<float>.Count == Vector256<float>.Count && Avx2.IsSupported && Fma.IsSupported)
            {
                // Above 0, e^x = (1 / e^(−x/2))², whose e^(−x/2) stays a normal float up to the largest result.
                Vector256<float> v = x.AsVector256();
                Vector256<float> positive = Vector256.GreaterThan(v, Vector256<float>.Zero);
                Vector256<float> t = ExpOfNonPositive(Vector256.ConditionalSelect(positive, v * Vector256.Create(-0.5f), v));
                Vector256<float> root = Vector256<float>.One / t;
                return Vector256.ConditionalSelect(positive, root * root, t).AsVector();
            }
#endif
            return EachLane(x, ScalarMath.Exp);
        }

        /// <inheritdoc cref="Exp(Vector{float})"/>
        public static Vector<double> Exp(Vector<double> x) => EachLane(x, Math.Exp);

        /// <summary>
        /// e^x in every lane for x ≤ 0, as softmax's e^(z − max z): Exp without the branch for positive x
        /// and its division. Positive x are outside its range.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> ExpNonPositive(Vector<float> x)
        {
#if NET8_0_OR_GREATER
            if (Vector<float>.Count == Vector256<float>.Count && Avx2.IsSupported && Fma.IsSupported)
            {
                return ExpOfNonPositive(x.AsVector256()).AsVector();
            }
#endif
            return EachLane(x, ScalarMath.Exp);
        }

        /// <inheritdoc cref="ExpNonPositive(Vector{float})"/>
        public static Vector<double> ExpNonPositive(Vector<double> x) => EachLane(x, Math.Exp);

        /// <summary>ln x in every lane: NaN below 0, −∞ at 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Log(Vector<float> x)
        {
#if NET8_0_OR_GREATER
            if (Vector<float>.Count == Vector256<float>.Count && Avx2.IsSupported && Fma.IsSupported)
            {
                return LogAvx(x.AsVector256()).AsVector();
            }
#endif
            return EachLane(x, ScalarMath.Log);
        }

        /// <inheritdoc cref="Log(Vector{float})"/>
        public static Vector<double> Log(Vector<double> x) => EachLane(x, Math.Log);

        /// <summary>tanh z in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Tanh(Vector<float> z)
        {
#if NET8_0_OR_GREATER
            if (Vector<float>.Count == Vector256<float>.Count && Avx2.IsSupported && Fma.IsSupported)
            {
                return TanhAvx(z.AsVector256()).AsVector();
            }
#endif
            return EachLane(z, ScalarMath.Tanh);
        }

        /// <inheritdoc cref="Tanh(Vector{float})"/>
        public static Vector<double> Tanh(Vector<double> z) => EachLane(z, Math.Tanh);

        /// <summary>σ(z) = 1 / (1 + e^−z) in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Sigmoid(Vector<float> z)
        {
#if NET8_0_OR_GREATER
            if (Vector<float>.Count == Vector256<float>.Count && Avx2.IsSupported && Fma.IsSupported)
            {
                return SigmoidAvx(z.AsVector256()).AsVector();
            }
#endif
            return Vector<float>.One / (Vector<float>.One + Exp(-z));
        }

        /// <inheritdoc cref="Sigmoid(Vector{float})"/>
        public static Vector<double> Sigmoid(Vector<double> z) => Vector<double>.One / (Vector<double>.One + Exp(-z));

        /// <summary>max(0, z) in every lane; NaN stays NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> ReLU(Vector<float> z) => Vector.ConditionalSelect(Vector.LessThan(z, Vector<float>.Zero), Vector<float>.Zero, z);

        /// <inheritdoc cref="ReLU(Vector{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> ReLU(Vector<double> z) => Vector.ConditionalSelect(Vector.LessThan(z, Vector<double>.Zero), Vector<double>.Zero, z);

        /// <summary>slope·z below 0, z elsewhere, in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> LeakyReLU(Vector<float> z, float slope) => Vector.ConditionalSelect(Vector.LessThan(z, Vector<float>.Zero), z * slope, z);

        /// <inheritdoc cref="LeakyReLU(Vector{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> LeakyReLU(Vector<double> z, double slope) => Vector.ConditionalSelect(Vector.LessThan(z, Vector<double>.Zero), z * slope, z);

        /// <summary>e^z − 1 below 0 (<see cref="ExpM1(Vector{float})"/>), z elsewhere, in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Elu(Vector<float> z) => Vector.ConditionalSelect(Vector.LessThan(z, Vector<float>.Zero), ExpM1(Vector.Min(z, Vector<float>.Zero)), z);

        /// <inheritdoc cref="Elu(Vector{float})"/>
        public static Vector<double> Elu(Vector<double> z) => Vector.ConditionalSelect(Vector.LessThan(z, Vector<double>.Zero), ExpM1(Vector.Min(z, Vector<double>.Zero)), z);

        /// <summary>ln(1 + x) in every lane, as <see cref="ScalarMath.Log1P(float)"/> computes it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Log1P(Vector<float> x)
        {
            Vector<float> u = Vector<float>.One + x;
            Vector<float> quotient = Log(u) * (x / (u - Vector<float>.One)); // x / (u − 1) first: near 1, and no overflow for huge x
            return Vector.ConditionalSelect(Vector.Equals(u, Vector<float>.One), x, Vector.ConditionalSelect(Vector.Equals(u, new Vector<float>(float.PositiveInfinity)), u, quotient));
        }

        /// <inheritdoc cref="Log1P(Vector{float})"/>
        public static Vector<double> Log1P(Vector<double> x) => EachLane(x, ScalarMath.Log1P);

        /// <summary>
        /// e^x − 1 in every lane, as <see cref="ScalarMath.ExpM1(float)"/> computes it; the logarithm only
        /// where a lane lies within ½ of 0.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> ExpM1(Vector<float> x)
        {
            Vector<float> u = Exp(x);
            Vector<float> difference = u - Vector<float>.One;
            Vector<int> near = Vector.LessThanOrEqual(Vector.Abs(x), new Vector<float>(0.5f));
            if (Vector.EqualsAll(near, Vector<int>.Zero))
            {
                return difference;
            }

            Vector<float> quotient = Vector.ConditionalSelect(Vector.Equals(u, Vector<float>.One), x, difference * x / Log(u));
            return Vector.ConditionalSelect(near, quotient, difference);
        }

        /// <inheritdoc cref="ExpM1(Vector{float})"/>
        public static Vector<double> ExpM1(Vector<double> x) => EachLane(x, ScalarMath.ExpM1);

        /// <summary>A rectifier's f′ from its output a: 1 where a &gt; 0, <paramref name="slope"/> elsewhere (ReLU: 0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> RectifierDerivative(Vector<float> a, float slope) =>
            Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<float>.Zero), Vector<float>.One, new Vector<float>(slope));

        /// <inheritdoc cref="RectifierDerivative(Vector{float}, float)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> RectifierDerivative(Vector<double> a, double slope) =>
            Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<double>.Zero), Vector<double>.One, new Vector<double>(slope));

        /// <summary>ELU′ from its output a: 1 where a &gt; 0, a + 1 elsewhere.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> EluDerivative(Vector<float> a) =>
            Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<float>.Zero), Vector<float>.One, a + Vector<float>.One);

        /// <inheritdoc cref="EluDerivative(Vector{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> EluDerivative(Vector<double> a) =>
            Vector.ConditionalSelect(Vector.GreaterThan(a, Vector<double>.Zero), Vector<double>.One, a + Vector<double>.One);

        /// <summary>f applied to each lane by the scalar function: where no vector form is faster.</summary>
        private static Vector<T> EachLane<T>(Vector<T> x, Func<T, T> f)
            where T : unmanaged
        {
            Span<T> values = stackalloc T[Vector<T>.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = f(x[i]);
            }

            return MemoryMarshal.Cast<T, Vector<T>>(values)[0];
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// ln x, within a few ulp for normal x: x = m·2^e with m in [√½, √2), ln x = e·ln 2 + ln m, with
        /// ln(1 + f) = f − f²/2 + f³·P(f) by the minimax polynomial P of the Cephes library. Subnormal x
        /// count as the smallest normal float; below 0 the result is NaN, at 0 −∞, at +∞ +∞.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> LogAvx(Vector256<float> x)
        {
            Vector256<float> normal = Avx.Max(x, Vector256.Create(1.17549435e-38f));
            Vector256<int> bits = normal.AsInt32();
            Vector256<float> exponent = Avx.ConvertToVector256Single(Avx2.ShiftRightLogical(bits, 23) - Vector256.Create(126));
            Vector256<float> m = (bits & Vector256.Create(0x007FFFFF) | Vector256.Create(0x3F000000)).AsSingle(); // in [½, 1)

            // m below √½ doubles (and the exponent drops by one), so that f = m − 1 lies in [√½ − 1, √2 − 1).
            Vector256<float> small = Vector256.LessThan(m, Vector256.Create(0.707106781186547524f));
            exponent -= small & Vector256<float>.One;
            Vector256<float> f = m + (small & m) - Vector256<float>.One;

            Vector256<float> f2 = f * f;
            Vector256<float> p = Vector256.Create(7.0376836292e-2f);
            p = Fma.MultiplyAdd(p, f, Vector256.Create(-1.1514610310e-1f));
            p = Fma.MultiplyAdd(p, f, Vector256.Create(1.1676998740e-1f));
            p = Fma.MultiplyAdd(p, f, Vector256.Create(-1.2420140846e-1f));
            p = Fma.MultiplyAdd(p, f, Vector256.Create(1.4249322787e-1f));
            p = Fma.MultiplyAdd(p, f, Vector256.Create(-1.6668057665e-1f));
            p = Fma.MultiplyAdd(p, f, Vector256.Create(2.0000714765e-1f));
            p = Fma.MultiplyAdd(p, f, Vector256.Create(-2.4999993993e-1f));
            p = Fma.MultiplyAdd(p, f, Vector256.Create(3.3333331174e-1f));
            Vector256<float> y = p * f * f2;
            y = Fma.MultiplyAdd(exponent, Vector256.Create(Ln2Low), y);
            y = Fma.MultiplyAdd(f2, Vector256.Create(-0.5f), y);
            Vector256<float> result = Fma.MultiplyAdd(exponent, Vector256.Create(Ln2High), f + y);

            result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(float.NegativeInfinity), result);
            result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.PositiveInfinity)), x, result);
            return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero) | ~Vector256.Equals(x, x), Vector256.Create(float.NaN), result);
        }
#endif
    }
}
