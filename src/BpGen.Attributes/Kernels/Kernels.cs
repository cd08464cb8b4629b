using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace BpGen
{
    /// <summary>
    /// The matrix-vector loops generated code calls for layers too wide to unroll, in the layout of
    /// <c>Parameters</c> (W row-major). SIMD through <see cref="Vector{T}"/> where the hardware has it,
    /// with a scalar loop for the remainder and for runtimes without SIMD; the net8.0 build adds an AVX
    /// path for the forward product. Each kernel is written once for both element types; the JIT
    /// compiles a separate, fully specialized copy for each.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static partial class Kernels
    {
        /// <summary>result ← W·x + b, for W with result.Length rows of x.Length values.</summary>
        public static void Affine(ReadOnlySpan<float> matrix, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> result) =>
            Affine<float, SingleScalar>(matrix, bias, x, result);

        /// <inheritdoc cref="Affine(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
        public static void Affine(ReadOnlySpan<double> matrix, ReadOnlySpan<double> bias, ReadOnlySpan<double> x, Span<double> result) =>
            Affine<double, DoubleScalar>(matrix, bias, x, result);

        /// <summary>
        /// sum ← a + b, element by element: what a recurrent layer's backward step takes as ∂J/∂h′, the error
        /// from the layer above plus the one the next step sent back to the state. sum may be a or b.
        /// </summary>
        /// <exception cref="ArgumentException">b or sum does not hold a.Length values.</exception>
        public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> sum) => Add<float, SingleScalar>(a, b, sum);

        /// <inheritdoc cref="Add(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
        public static void Add(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> sum) => Add<double, DoubleScalar>(a, b, sum);

        /// <summary>result ← Wᵀ·d, for W with d.Length rows of result.Length values.</summary>
        public static void MultiplyTransposedMatrixVector(ReadOnlySpan<float> matrix, ReadOnlySpan<float> d, Span<float> result) =>
            Backpropagate<float, SingleScalar>(matrix, d, default, result, propagate: true, descend: false, 0f, 0f);

        /// <inheritdoc cref="MultiplyTransposedMatrixVector(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
        public static void MultiplyTransposedMatrixVector(ReadOnlySpan<double> matrix, ReadOnlySpan<double> d, Span<double> result) =>
            Backpropagate<double, DoubleScalar>(matrix, d, default, result, propagate: true, descend: false, 0d, 0d);

        /// <summary>
        /// The error one layer down and a descent step, in one pass over W (d.Length rows of x.Length
        /// values): <paramref name="dPrevious"/> ← Wᵀ·d with W as it was, then
        /// W ← W − (step·(d·xᵀ) + decay·W). Each value is exactly what
        /// <see cref="MultiplyTransposedMatrixVector(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
        /// followed by <see cref="DescendOuterProduct(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, float, float)"/> gives.
        /// </summary>
        public static void PropagateAndDescend(ReadOnlySpan<float> d, ReadOnlySpan<float> x, Span<float> matrix, float step, float decay, Span<float> dPrevious) =>
            Backpropagate<float, SingleScalar>(matrix, d, x, dPrevious, propagate: true, descend: true, step, decay);

        /// <inheritdoc cref="PropagateAndDescend(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, float, float, Span{float})"/>
        public static void PropagateAndDescend(ReadOnlySpan<double> d, ReadOnlySpan<double> x, Span<double> matrix, double step, double decay, Span<double> dPrevious) =>
            Backpropagate<double, DoubleScalar>(matrix, d, x, dPrevious, propagate: true, descend: true, step, decay);

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
            Backpropagate<float, SingleScalar>(matrix, d, x, default, propagate: false, descend: true, step, decay);

        /// <inheritdoc cref="DescendOuterProduct(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, float, float)"/>
        public static void DescendOuterProduct(ReadOnlySpan<double> d, ReadOnlySpan<double> x, Span<double> matrix, double step, double decay) =>
            Backpropagate<double, DoubleScalar>(matrix, d, x, default, propagate: false, descend: true, step, decay);

        /// <summary>
        /// θ ← θ − (step·g + decay·θ), then g ← 0, element by element: one descent step with weight decay,
        /// clearing the gradient for the next batch in the same pass.
        /// </summary>
        public static void DescendAndClear(Span<float> theta, Span<float> gradient, float step, float decay) =>
            DescendAndClear<float, SingleScalar>(theta, gradient, step, decay);

        /// <inheritdoc cref="DescendAndClear(Span{float}, Span{float}, float, float)"/>
        public static void DescendAndClear(Span<double> theta, Span<double> gradient, double step, double decay) =>
            DescendAndClear<double, DoubleScalar>(theta, gradient, step, decay);

        private static void CheckShape(int matrixLength, int rows, int columns)
        {
            if (matrixLength != (long)rows * columns)
            {
                throw new ArgumentException($"The matrix must hold {rows} rows of {columns} values = {(long)rows * columns}, but holds {matrixLength}.", "matrix");
            }
        }

        /// <summary>The check inlines into the callers that inline (the lane moves); the message is built apart.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void CheckLength(string name, long expected, int actual)
        {
            if (actual != expected)
            {
                ThrowLength(name, expected, actual);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowLength(string name, long expected, int actual) =>
            throw new ArgumentException($"{name} must hold {expected} values to match the other spans, but holds {actual}.", name);
    }
}
