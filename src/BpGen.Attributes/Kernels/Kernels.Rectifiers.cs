using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// ReLU and LeakyReLU over a whole layer, and their derivatives. Scalar code pays a mispredicted
    /// branch for every sign change; vector selects have no branch at all. NaN passes through as in
    /// the scalar form z &lt; 0 ? slope·z : z, so divergence still shows.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>a ← max(0, a), element by element.</summary>
        public static void ReLU(Span<float> a) => Rectify<float, SingleScalar>(a, 0f, leaky: false);

        /// <inheritdoc cref="ReLU(Span{float})"/>
        public static void ReLU(Span<double> a) => Rectify<double, DoubleScalar>(a, 0d, leaky: false);

        /// <summary>a ← a &lt; 0 ? slope·a : a, element by element.</summary>
        public static void LeakyReLU(Span<float> a, float slope) => Rectify<float, SingleScalar>(a, slope, leaky: true);

        /// <inheritdoc cref="LeakyReLU(Span{float}, float)"/>
        public static void LeakyReLU(Span<double> a, double slope) => Rectify<double, DoubleScalar>(a, slope, leaky: true);

        /// <summary>
        /// delta ← delta ⊙ (a &gt; 0 ? 1 : slope), element by element: the error through a ReLU (slope 0)
        /// or LeakyReLU layer, from that layer's outputs a.
        /// </summary>
        public static void MultiplyByRectifierDerivative(Span<float> delta, ReadOnlySpan<float> a, float slope) =>
            MultiplyByRectifierDerivative<float, SingleScalar>(delta, a, slope);

        /// <inheritdoc cref="MultiplyByRectifierDerivative(Span{float}, ReadOnlySpan{float}, float)"/>
        public static void MultiplyByRectifierDerivative(Span<double> delta, ReadOnlySpan<double> a, double slope) =>
            MultiplyByRectifierDerivative<double, DoubleScalar>(delta, a, slope);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Rectify<T, TScalar>(Span<T> a, T slope, bool leaky)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                Span<Vector<T>> vectors = MemoryMarshal.Cast<T, Vector<T>>(a);
                var slopes = new Vector<T>(slope);
                for (int v = 0; v < vectors.Length; v++)
                {
                    Vector<T> z = vectors[v];
                    vectors[v] = Vector.ConditionalSelect(Vector.LessThan(z, Vector<T>.Zero), leaky ? slopes * z : Vector<T>.Zero, z);
                }

                k = vectors.Length * Vector<T>.Count;
            }

            TScalar s = default;
            for (; k < a.Length; k++)
            {
                T z = a[k];
                if (s.LessThanZero(z))
                {
                    a[k] = leaky ? s.Multiply(slope, z) : default;
                }
            }
        }

        private static void MultiplyByRectifierDerivative<T, TScalar>(Span<T> delta, ReadOnlySpan<T> a, T slope)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            CheckLength(nameof(a), delta.Length, a.Length);
            int k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                Span<Vector<T>> deltas = MemoryMarshal.Cast<T, Vector<T>>(delta);
                ReadOnlySpan<Vector<T>> outputs = MemoryMarshal.Cast<T, Vector<T>>(a);
                var slopes = new Vector<T>(slope);
                for (int v = 0; v < deltas.Length; v++)
                {
                    deltas[v] *= Vector.ConditionalSelect(Vector.GreaterThan(outputs[v], Vector<T>.Zero), Vector<T>.One, slopes);
                }

                k = deltas.Length * Vector<T>.Count;
            }

            TScalar s = default;
            for (; k < delta.Length; k++)
            {
                delta[k] = s.Multiply(delta[k], s.GreaterThanZero(a[k]) ? s.FromDouble(1) : slope);
            }
        }
    }
}
