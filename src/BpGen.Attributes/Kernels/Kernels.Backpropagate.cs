using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>The backward product Wᵀ·d and the descent step on W, alone or fused into one pass.</summary>
    public static partial class Kernels
    {
        /// <summary>
        /// With <paramref name="propagate"/>, dPrevious ← Wᵀ·d; with <paramref name="descend"/>,
        /// W ← W − (step·(d·xᵀ) + decay·W), each weight stepped right after it is read for the product.
        /// Column block by column block, so the block's sums and x stay in registers while the rows go
        /// by. Callers pass both flags as constants and the JIT keeps only the code they need.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Backpropagate<T, TScalar>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> d, ReadOnlySpan<T> x, Span<T> dPrevious, bool propagate, bool descend, T step, T decay)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int columns = propagate ? dPrevious.Length : x.Length;
            CheckShape(matrix.Length, d.Length, columns);
            if (propagate && descend)
            {
                CheckLength(nameof(x), columns, x.Length);
            }

            // The shapes are checked, so the loops below read and write W through a pointer: the same
            // code serves ReadOnlySpan (the product alone) and every target framework.
            fixed (T* w = &MemoryMarshal.GetReference(matrix))
            {
                int width = Vector.IsHardwareAccelerated ? Vector<T>.Count : columns + 1;
                var steps = new Vector<T>(step);
                var decays = new Vector<T>(decay);
                int j = 0;
                for (; j + 4 * width <= columns; j += 4 * width)
                {
                    Vector<T> x0 = descend ? Load(x, j) : default, x1 = descend ? Load(x, j + width) : default;
                    Vector<T> x2 = descend ? Load(x, j + 2 * width) : default, x3 = descend ? Load(x, j + 3 * width) : default;
                    Vector<T> p0 = Vector<T>.Zero, p1 = Vector<T>.Zero, p2 = Vector<T>.Zero, p3 = Vector<T>.Zero;
                    for (int i = 0; i < d.Length; i++)
                    {
                        Vector<T>* row = (Vector<T>*)(w + (i * columns) + j);
                        var di = new Vector<T>(d[i]);
                        p0 = PropagateAndStep(ref row[0], di, x0, p0, propagate, descend, steps, decays);
                        p1 = PropagateAndStep(ref row[1], di, x1, p1, propagate, descend, steps, decays);
                        p2 = PropagateAndStep(ref row[2], di, x2, p2, propagate, descend, steps, decays);
                        p3 = PropagateAndStep(ref row[3], di, x3, p3, propagate, descend, steps, decays);
                    }

                    if (propagate)
                    {
                        Store(p0, dPrevious, j);
                        Store(p1, dPrevious, j + width);
                        Store(p2, dPrevious, j + 2 * width);
                        Store(p3, dPrevious, j + 3 * width);
                    }
                }

                for (; j + width <= columns; j += width)
                {
                    Vector<T> xj = descend ? Load(x, j) : default;
                    Vector<T> p = Vector<T>.Zero;
                    for (int i = 0; i < d.Length; i++)
                    {
                        p = PropagateAndStep(ref *(Vector<T>*)(w + (i * columns) + j), new Vector<T>(d[i]), xj, p, propagate, descend, steps, decays);
                    }

                    if (propagate)
                    {
                        Store(p, dPrevious, j);
                    }
                }

                TScalar s = default;
                for (; j < columns; j++)
                {
                    T p = default;
                    for (int i = 0; i < d.Length; i++)
                    {
                        ref T weight = ref w[(i * columns) + j];
                        T old = weight;
                        if (descend)
                        {
                            weight = s.Subtract(old, s.Add(s.Multiply(step, s.Multiply(d[i], x[j])), s.Multiply(decay, old)));
                        }

                        if (propagate)
                        {
                            p = s.Add(p, s.Multiply(d[i], old));
                        }
                    }

                    if (propagate)
                    {
                        dPrevious[j] = p;
                    }
                }
            }
        }

        /// <summary>
        /// With <paramref name="propagate"/>, returns p + d·w for the weights w as read, else p; with
        /// <paramref name="descend"/>, steps w in place.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> PropagateAndStep<T>(ref Vector<T> weights, Vector<T> d, Vector<T> x, Vector<T> p, bool propagate, bool descend, Vector<T> steps, Vector<T> decays)
            where T : unmanaged
        {
            Vector<T> old = weights;
            if (descend)
            {
                weights = old - ((steps * (d * x)) + (decays * old));
            }

            return propagate ? p + (d * old) : p;
        }

        /// <summary>The vector of <paramref name="values"/> from <paramref name="start"/> on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector<T> Load<T>(ReadOnlySpan<T> values, int start)
            where T : unmanaged =>
            MemoryMarshal.Cast<T, Vector<T>>(values.Slice(start, Vector<T>.Count))[0];

        /// <summary>Writes <paramref name="vector"/> over <paramref name="values"/> from <paramref name="start"/> on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Store<T>(Vector<T> vector, Span<T> values, int start)
            where T : unmanaged =>
            MemoryMarshal.Cast<T, Vector<T>>(values.Slice(start, Vector<T>.Count))[0] = vector;
    }
}
