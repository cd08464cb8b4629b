using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// The vector loops that generated code for wide layers calls: SIMD through <see cref="Vector{T}"/>
    /// where the hardware has it, with a scalar loop for the remainder (and for runtimes without SIMD).
    /// Every element is computed with the same operations in either loop, so results do not depend on
    /// the vector width except for the order in which <see cref="Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> adds.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Kernels
    {
        /// <summary>Σ_j x[j]·y[j] over the length of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        {
            y = y.Slice(0, x.Length);
            float sum = 0;
            int j = 0;
            if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
            {
                ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
                ReadOnlySpan<Vector<float>> ys = MemoryMarshal.Cast<float, Vector<float>>(y);
                Vector<float> even = Vector<float>.Zero, odd = Vector<float>.Zero;
                int k = 0;
                for (; k + 1 < xs.Length; k += 2)
                {
                    even += xs[k] * ys[k];
                    odd += xs[k + 1] * ys[k + 1];
                }

                if (k < xs.Length)
                {
                    even += xs[k] * ys[k];
                }

                sum = Vector.Dot(even + odd, Vector<float>.One);
                j = xs.Length * Vector<float>.Count;
            }

            for (; j < x.Length; j++)
            {
                sum += x[j] * y[j];
            }

            return sum;
        }

        /// <summary>Σ_j x[j]·y[j] over the length of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
        {
            y = y.Slice(0, x.Length);
            double sum = 0;
            int j = 0;
            if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
            {
                ReadOnlySpan<Vector<double>> xs = MemoryMarshal.Cast<double, Vector<double>>(x);
                ReadOnlySpan<Vector<double>> ys = MemoryMarshal.Cast<double, Vector<double>>(y);
                Vector<double> even = Vector<double>.Zero, odd = Vector<double>.Zero;
                int k = 0;
                for (; k + 1 < xs.Length; k += 2)
                {
                    even += xs[k] * ys[k];
                    odd += xs[k + 1] * ys[k + 1];
                }

                if (k < xs.Length)
                {
                    even += xs[k] * ys[k];
                }

                sum = Vector.Dot(even + odd, Vector<double>.One);
                j = xs.Length * Vector<double>.Count;
            }

            for (; j < x.Length; j++)
            {
                sum += x[j] * y[j];
            }

            return sum;
        }

        /// <summary>y ← y + a·x over the length of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void MultiplyAdd(float a, ReadOnlySpan<float> x, Span<float> y)
        {
            y = y.Slice(0, x.Length);
            int j = 0;
            if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
            {
                ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
                Span<Vector<float>> ys = MemoryMarshal.Cast<float, Vector<float>>(y);
                var scale = new Vector<float>(a);
                for (int k = 0; k < xs.Length; k++)
                {
                    ys[k] += scale * xs[k];
                }

                j = xs.Length * Vector<float>.Count;
            }

            for (; j < x.Length; j++)
            {
                y[j] += a * x[j];
            }
        }

        /// <summary>y ← y + a·x over the length of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void MultiplyAdd(double a, ReadOnlySpan<double> x, Span<double> y)
        {
            y = y.Slice(0, x.Length);
            int j = 0;
            if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
            {
                ReadOnlySpan<Vector<double>> xs = MemoryMarshal.Cast<double, Vector<double>>(x);
                Span<Vector<double>> ys = MemoryMarshal.Cast<double, Vector<double>>(y);
                var scale = new Vector<double>(a);
                for (int k = 0; k < xs.Length; k++)
                {
                    ys[k] += scale * xs[k];
                }

                j = xs.Length * Vector<double>.Count;
            }

            for (; j < x.Length; j++)
            {
                y[j] += a * x[j];
            }
        }

        /// <summary>θ ← θ − (step·g + decay·θ) over the length of <paramref name="theta"/>: one descent step with weight decay.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Descend(Span<float> theta, ReadOnlySpan<float> gradient, float step, float decay)
        {
            gradient = gradient.Slice(0, theta.Length);
            int k = 0;
            if (Vector.IsHardwareAccelerated && theta.Length >= Vector<float>.Count)
            {
                Span<Vector<float>> thetas = MemoryMarshal.Cast<float, Vector<float>>(theta);
                ReadOnlySpan<Vector<float>> gradients = MemoryMarshal.Cast<float, Vector<float>>(gradient);
                Vector<float> steps = new Vector<float>(step), decays = new Vector<float>(decay);
                for (int v = 0; v < thetas.Length; v++)
                {
                    thetas[v] -= steps * gradients[v] + decays * thetas[v];
                }

                k = thetas.Length * Vector<float>.Count;
            }

            for (; k < theta.Length; k++)
            {
                theta[k] -= step * gradient[k] + decay * theta[k];
            }
        }

        /// <summary>θ ← θ − (step·g + decay·θ) over the length of <paramref name="theta"/>: one descent step with weight decay.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Descend(Span<double> theta, ReadOnlySpan<double> gradient, double step, double decay)
        {
            gradient = gradient.Slice(0, theta.Length);
            int k = 0;
            if (Vector.IsHardwareAccelerated && theta.Length >= Vector<double>.Count)
            {
                Span<Vector<double>> thetas = MemoryMarshal.Cast<double, Vector<double>>(theta);
                ReadOnlySpan<Vector<double>> gradients = MemoryMarshal.Cast<double, Vector<double>>(gradient);
                Vector<double> steps = new Vector<double>(step), decays = new Vector<double>(decay);
                for (int v = 0; v < thetas.Length; v++)
                {
                    thetas[v] -= steps * gradients[v] + decays * thetas[v];
                }

                k = thetas.Length * Vector<double>.Count;
            }

            for (; k < theta.Length; k++)
            {
                theta[k] -= step * gradient[k] + decay * theta[k];
            }
        }
    }
}
