using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>The gradient of Backward (δ·aᵀ added into it) and the descent step of Update.</summary>
    public static partial class Kernels
    {
        private static void AddOuterProduct<T, TScalar>(ReadOnlySpan<T> d, ReadOnlySpan<T> x, Span<T> matrix)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int columns = x.Length;
            CheckShape(matrix.Length, d.Length, columns);
            for (int i = 0; i < d.Length; i++)
            {
                MultiplyAdd<T, TScalar>(d[i], x, matrix.Slice(i * columns, columns));
            }
        }

        /// <summary>y ← y + a·x over the length of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void MultiplyAdd<T, TScalar>(T a, ReadOnlySpan<T> x, Span<T> y)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            y = y.Slice(0, x.Length);
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                ReadOnlySpan<Vector<T>> xs = MemoryMarshal.Cast<T, Vector<T>>(x);
                Span<Vector<T>> ys = MemoryMarshal.Cast<T, Vector<T>>(y);
                var scale = new Vector<T>(a);
                for (int k = 0; k < xs.Length; k++)
                {
                    ys[k] += scale * xs[k];
                }

                j = xs.Length * Vector<T>.Count;
            }

            for (; j < x.Length; j++)
            {
                y[j] = default(TScalar).Add(y[j], default(TScalar).Multiply(a, x[j]));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void DescendAndClear<T, TScalar>(Span<T> theta, Span<T> gradient, T step, T decay)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            CheckLength(nameof(gradient), theta.Length, gradient.Length);
            int k = 0;
            if (Vector.IsHardwareAccelerated)
            {
                Span<Vector<T>> thetas = MemoryMarshal.Cast<T, Vector<T>>(theta);
                Span<Vector<T>> gradients = MemoryMarshal.Cast<T, Vector<T>>(gradient);
                Vector<T> steps = new Vector<T>(step), decays = new Vector<T>(decay);
                for (int v = 0; v < thetas.Length; v++)
                {
                    thetas[v] -= steps * gradients[v] + decays * thetas[v];
                    gradients[v] = Vector<T>.Zero;
                }

                k = thetas.Length * Vector<T>.Count;
            }

            TScalar scalar = default;
            for (; k < theta.Length; k++)
            {
                theta[k] = scalar.Subtract(theta[k], scalar.Add(scalar.Multiply(step, gradient[k]), scalar.Multiply(decay, theta[k])));
                gradient[k] = default;
            }
        }
    }
}
