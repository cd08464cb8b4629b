using System;
using System.ComponentModel;
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
    /// The matrix-vector loops generated code calls for layers too wide to unroll, in the layout of
    /// <c>Parameters</c> (W row-major). SIMD through <see cref="Vector{T}"/> where the hardware has it,
    /// with a scalar loop for the remainder and for runtimes without SIMD. Each kernel is written once
    /// for both element types; the JIT compiles a separate, fully specialized copy for each.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Kernels
    {
        /// <summary>result ← W·x, for W with result.Length rows of x.Length values.</summary>
        public static void MultiplyMatrixVector(ReadOnlySpan<float> matrix, ReadOnlySpan<float> x, Span<float> result) =>
            MultiplyMatrixVector<float, SingleScalar>(matrix, x, result);

        /// <inheritdoc cref="MultiplyMatrixVector(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
        public static void MultiplyMatrixVector(ReadOnlySpan<double> matrix, ReadOnlySpan<double> x, Span<double> result) =>
            MultiplyMatrixVector<double, DoubleScalar>(matrix, x, result);

        /// <summary>result ← Wᵀ·d, for W with d.Length rows of result.Length values.</summary>
        public static void MultiplyTransposedMatrixVector(ReadOnlySpan<float> matrix, ReadOnlySpan<float> d, Span<float> result) =>
            MultiplyTransposedMatrixVector<float, SingleScalar>(matrix, d, result);

        /// <inheritdoc cref="MultiplyTransposedMatrixVector(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
        public static void MultiplyTransposedMatrixVector(ReadOnlySpan<double> matrix, ReadOnlySpan<double> d, Span<double> result) =>
            MultiplyTransposedMatrixVector<double, DoubleScalar>(matrix, d, result);

        /// <summary>W ← W + d·xᵀ, for W with d.Length rows of x.Length values.</summary>
        public static void AddOuterProduct(ReadOnlySpan<float> d, ReadOnlySpan<float> x, Span<float> matrix) =>
            AddOuterProduct<float, SingleScalar>(d, x, matrix);

        /// <inheritdoc cref="AddOuterProduct(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
        public static void AddOuterProduct(ReadOnlySpan<double> d, ReadOnlySpan<double> x, Span<double> matrix) =>
            AddOuterProduct<double, DoubleScalar>(d, x, matrix);

        /// <summary>
        /// W ← W − (step·(d·xᵀ) + decay·W), for W with d.Length rows of x.Length values: a descent step
        /// on the outer-product gradient of one sample without storing it. Each element gets exactly the
        /// value <see cref="AddOuterProduct(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> into a
        /// cleared gradient followed by <see cref="DescendAndClear(Span{float}, Span{float}, float, float)"/> gives.
        /// </summary>
        public static void DescendOuterProduct(ReadOnlySpan<float> d, ReadOnlySpan<float> x, Span<float> matrix, float step, float decay) =>
            DescendOuterProduct<float, SingleScalar>(d, x, matrix, step, decay);

        /// <inheritdoc cref="DescendOuterProduct(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, float, float)"/>
        public static void DescendOuterProduct(ReadOnlySpan<double> d, ReadOnlySpan<double> x, Span<double> matrix, double step, double decay) =>
            DescendOuterProduct<double, DoubleScalar>(d, x, matrix, step, decay);

        /// <summary>
        /// θ ← θ − (step·g + decay·θ), then g ← 0, element by element: one descent step with weight decay,
        /// clearing the gradient for the next batch in the same pass.
        /// </summary>
        public static void DescendAndClear(Span<float> theta, Span<float> gradient, float step, float decay) =>
            DescendAndClear<float, SingleScalar>(theta, gradient, step, decay);

        /// <inheritdoc cref="DescendAndClear(Span{float}, Span{float}, float, float)"/>
        public static void DescendAndClear(Span<double> theta, Span<double> gradient, double step, double decay) =>
            DescendAndClear<double, DoubleScalar>(theta, gradient, step, decay);

        private static void MultiplyMatrixVector<T, TScalar>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> x, Span<T> result)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int columns = x.Length;
            CheckShape(matrix.Length, result.Length, columns);
            int vectors = Vector.IsHardwareAccelerated ? columns / Vector<T>.Count : 0;
            ReadOnlySpan<Vector<T>> xs = MemoryMarshal.Cast<T, Vector<T>>(x).Slice(0, vectors);
            int i = 0;

            // Four rows at a time share each load of x.
            for (; i + 4 <= result.Length; i += 4)
            {
                ReadOnlySpan<T> row0 = matrix.Slice(i * columns, columns), row1 = matrix.Slice((i + 1) * columns, columns);
                ReadOnlySpan<T> row2 = matrix.Slice((i + 2) * columns, columns), row3 = matrix.Slice((i + 3) * columns, columns);
                ReadOnlySpan<Vector<T>> w0 = MemoryMarshal.Cast<T, Vector<T>>(row0), w1 = MemoryMarshal.Cast<T, Vector<T>>(row1);
                ReadOnlySpan<Vector<T>> w2 = MemoryMarshal.Cast<T, Vector<T>>(row2), w3 = MemoryMarshal.Cast<T, Vector<T>>(row3);
                Vector<T> s0 = Vector<T>.Zero, s1 = Vector<T>.Zero, s2 = Vector<T>.Zero, s3 = Vector<T>.Zero;
                for (int k = 0; k < xs.Length; k++)
                {
                    Vector<T> xk = xs[k];
                    s0 += w0[k] * xk;
                    s1 += w1[k] * xk;
                    s2 += w2[k] * xk;
                    s3 += w3[k] * xk;
                }

                int tail = xs.Length * Vector<T>.Count;
                SumEach(s0, s1, s2, s3, out T r0, out T r1, out T r2, out T r3);
                result[i] = DotTail<T, TScalar>(r0, row0, x, tail);
                result[i + 1] = DotTail<T, TScalar>(r1, row1, x, tail);
                result[i + 2] = DotTail<T, TScalar>(r2, row2, x, tail);
                result[i + 3] = DotTail<T, TScalar>(r3, row3, x, tail);
            }

            for (; i < result.Length; i++)
            {
                ReadOnlySpan<T> row = matrix.Slice(i * columns, columns);
                ReadOnlySpan<Vector<T>> w = MemoryMarshal.Cast<T, Vector<T>>(row);
                Vector<T> s = Vector<T>.Zero;
                for (int k = 0; k < xs.Length; k++)
                {
                    s += w[k] * xs[k];
                }

                result[i] = DotTail<T, TScalar>(Vector.Dot(s, Vector<T>.One), row, x, xs.Length * Vector<T>.Count);
            }
        }

        /// <summary>
        /// The lane sums of four accumulators. For float on AVX (the net8.0 build) one tree of
        /// horizontal additions serves all four, where four separate reductions would cost three times
        /// as many instructions; that tree adds in another order, so the last bits can differ.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SumEach<T>(Vector<T> s0, Vector<T> s1, Vector<T> s2, Vector<T> s3, out T r0, out T r1, out T r2, out T r3)
            where T : unmanaged
        {
#if NET8_0_OR_GREATER
            if (typeof(T) == typeof(float) && Vector<T>.Count == Vector256<float>.Count && Avx.IsSupported)
            {
                Vector256<float> pairs = Avx.HorizontalAdd(
                    Avx.HorizontalAdd(s0.AsVector256().AsSingle(), s1.AsVector256().AsSingle()),
                    Avx.HorizontalAdd(s2.AsVector256().AsSingle(), s3.AsVector256().AsSingle()));
                Vector128<T> sums = (pairs.GetLower() + pairs.GetUpper()).As<float, T>();
                r0 = sums.GetElement(0);
                r1 = sums.GetElement(1);
                r2 = sums.GetElement(2);
                r3 = sums.GetElement(3);
                return;
            }
#endif
            r0 = Vector.Dot(s0, Vector<T>.One);
            r1 = Vector.Dot(s1, Vector<T>.One);
            r2 = Vector.Dot(s2, Vector<T>.One);
            r3 = Vector.Dot(s3, Vector<T>.One);
        }

        /// <summary><paramref name="sum"/> plus Σ row[j]·x[j] for j from <paramref name="start"/> on.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T DotTail<T, TScalar>(T sum, ReadOnlySpan<T> row, ReadOnlySpan<T> x, int start)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            for (int j = start; j < row.Length; j++)
            {
                sum = default(TScalar).Add(sum, default(TScalar).Multiply(row[j], x[j]));
            }

            return sum;
        }

        private static void MultiplyTransposedMatrixVector<T, TScalar>(ReadOnlySpan<T> matrix, ReadOnlySpan<T> d, Span<T> result)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int columns = result.Length;
            CheckShape(matrix.Length, d.Length, columns);
            result.Clear();
            for (int i = 0; i < d.Length; i++)
            {
                MultiplyAdd<T, TScalar>(d[i], matrix.Slice(i * columns, columns), result);
            }
        }

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

        private static void DescendOuterProduct<T, TScalar>(ReadOnlySpan<T> d, ReadOnlySpan<T> x, Span<T> matrix, T step, T decay)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int columns = x.Length;
            CheckShape(matrix.Length, d.Length, columns);
            TScalar s = default;
            var steps = new Vector<T>(step);
            var decays = new Vector<T>(decay);
            for (int i = 0; i < d.Length; i++)
            {
                Span<T> row = matrix.Slice(i * columns, columns);
                int j = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    ReadOnlySpan<Vector<T>> xs = MemoryMarshal.Cast<T, Vector<T>>(x);
                    Span<Vector<T>> w = MemoryMarshal.Cast<T, Vector<T>>(row);
                    var scale = new Vector<T>(d[i]);
                    for (int k = 0; k < xs.Length; k++)
                    {
                        w[k] -= steps * (scale * xs[k]) + decays * w[k];
                    }

                    j = xs.Length * Vector<T>.Count;
                }

                for (; j < columns; j++)
                {
                    row[j] = s.Subtract(row[j], s.Add(s.Multiply(step, s.Multiply(d[i], x[j])), s.Multiply(decay, row[j])));
                }
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
            gradient = gradient.Slice(0, theta.Length);
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

        private static void CheckShape(int matrixLength, int rows, int columns)
        {
            if (matrixLength != rows * columns)
            {
                throw new ArgumentException($"The matrix must hold {rows} rows of {columns} values = {rows * columns}, but holds {matrixLength}.", "matrix");
            }
        }
    }
}
