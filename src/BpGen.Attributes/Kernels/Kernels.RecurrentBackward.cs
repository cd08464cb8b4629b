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
    /// The weight part of the GRU and LSTM backward steps, which run in two phases: first the gate deltas
    /// of a block of units, element-wise from the cache (in each kind's own file), then this: every gate
    /// row's δ through its weights and biases. A row's pre-activation receives δ through W_i·x + b_i and
    /// δ′ through W_h·h + b_h (the same value except in the GRU's n gate, where r scales the recurrent
    /// product, so δ′ = r·δ): dW_i += δ·xᵀ, dx += W_iᵀ·δ, dW_h += δ′·hᵀ, dh += W_hᵀ·δ′, db_i += δ and
    /// db_h += δ′.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// The most units whose gate deltas the backward step holds at once, on the stack: at most
        /// 2 · 4 · 64 values (4 KiB of doubles) whatever H is; wider layers go block after block.
        /// </summary>
        private const int BackwardUnitsPerBlock = 64;

        /// <summary>Whether the backward steps take their vector paths (AVX2 and FMA) rather than the portable one.</summary>
        private static bool BackwardVectors
        {
            get
            {
#if NET8_0_OR_GREATER
                return Avx2.IsSupported && Fma.IsSupported;
#else
                return false;
#endif
            }
        }

        /// <summary>
        /// The scratch for the gate deltas of one block of units: <paramref name="perUnit"/> values per unit
        /// of the block (G for the LSTM's δ, 2G for the GRU's δ and δ′).
        /// </summary>
        private static int BackwardScratchLength(int perUnit, int units) => perUnit * Math.Min(units, BackwardUnitsPerBlock);

        /// <summary>
        /// The weight part of the backward step for units <paramref name="firstUnit"/> on, as many as the
        /// deltas hold: <paramref name="inputDeltas"/> and <paramref name="recurrentDeltas"/> hold gate after
        /// gate the δ and δ′ of those units' rows (the LSTM passes the same span twice). dx (unless empty)
        /// and dh are added to; the shapes were checked.
        /// </summary>
        private static void BackpropagateGateRows<T, TScalar>(
            ReadOnlySpan<T> layer, Span<T> gradient, RecurrentShape shape, int gates, int firstUnit,
            ReadOnlySpan<T> inputDeltas, ReadOnlySpan<T> recurrentDeltas, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> dx, Span<T> dh, bool vectors)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int count = inputDeltas.Length / gates;

            // A block of every unit holds the deltas in the order of the rows, so one run covers all gates.
            int runs = count == shape.Hidden ? 1 : gates, rows = inputDeltas.Length / runs;
            T one = default(TScalar).FromDouble(1);
            for (int run = 0; run < runs; run++)
            {
                int row = (run * shape.Hidden) + firstUnit;
                ReadOnlySpan<T> input = inputDeltas.Slice(run * rows, rows), recurrent = recurrentDeltas.Slice(run * rows, rows);
#if NET8_0_OR_GREATER
                if (vectors)
                {
                    AddOuterAndTransposedProducts<T, TScalar>(
                        InputRows(layer, shape, row, rows), gradient.Slice(row * shape.Inputs, rows * shape.Inputs), input, x, dx);
                    AddOuterAndTransposedProducts<T, TScalar>(
                        RecurrentRows(layer, shape, row, rows), gradient.Slice(shape.RecurrentWeights + (row * shape.Hidden), rows * shape.Hidden), recurrent, h, dh);
                    MultiplyAdd<T, TScalar>(one, input, gradient.Slice(shape.InputBiases + row, rows));
                    MultiplyAdd<T, TScalar>(one, recurrent, gradient.Slice(shape.RecurrentBiases + row, rows));
                    continue;
                }
#endif
                for (int i = 0; i < rows; i++)
                {
                    BackpropagateGateRow<T, TScalar>(layer, gradient, shape, row + i, input[i], recurrent[i], x, h, dx, dh);
                }
            }
        }

        /// <summary>
        /// The portable weight part of one gate row: δ·xᵀ and δ′·hᵀ into the row's weight gradients, δ and δ′
        /// into its bias gradients, δ times the row of W_i into dx (unless empty) and δ′ times the row of W_h into dh.
        /// </summary>
        private static void BackpropagateGateRow<T, TScalar>(
            ReadOnlySpan<T> layer, Span<T> gradient, RecurrentShape shape, int row, T inputDelta, T recurrentDelta, ReadOnlySpan<T> x, ReadOnlySpan<T> h, Span<T> dx, Span<T> dh)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar s = default;
            int inputRow = row * shape.Inputs;
            MultiplyAdd<T, TScalar>(inputDelta, x, gradient.Slice(inputRow, shape.Inputs));
            if (!dx.IsEmpty)
            {
                MultiplyAdd<T, TScalar>(inputDelta, layer.Slice(inputRow, shape.Inputs), dx);
            }

            int recurrentRow = shape.RecurrentWeights + (row * shape.Hidden);
            MultiplyAdd<T, TScalar>(recurrentDelta, h, gradient.Slice(recurrentRow, shape.Hidden));
            MultiplyAdd<T, TScalar>(recurrentDelta, layer.Slice(recurrentRow, shape.Hidden), dh);
            gradient[shape.InputBiases + row] = s.Add(gradient[shape.InputBiases + row], inputDelta);
            gradient[shape.RecurrentBiases + row] = s.Add(gradient[shape.RecurrentBiases + row], recurrentDelta);
        }

        /// <summary>result ← a ⊙ b, element by element.</summary>
        private static void Multiply<T, TScalar>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> result)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; j + Vector<T>.Count <= result.Length; j += Vector<T>.Count)
                {
                    Store(Load(a, j) * Load(b, j), result, j);
                }
            }

            for (; j < result.Length; j++)
            {
                result[j] = default(TScalar).Multiply(a[j], b[j]);
            }
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// For W of d.Length rows of v.Length values: dW += d·vᵀ and, unless <paramref name="dv"/> is empty,
        /// dv += Wᵀ·d, in one pass over W and dW. Column block by column block (four vectors wide, then one),
        /// so that the block's v and dv stay in registers while the rows go by, each row's δ broadcast:
        /// per vector of a row one fused multiply-add into dW and one into dv. Columns past the last whole
        /// vector go one by one.
        /// </summary>
        private static void AddOuterAndTransposedProducts<T, TScalar>(ReadOnlySpan<T> w, Span<T> dw, ReadOnlySpan<T> d, ReadOnlySpan<T> v, Span<T> dv)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int rows = d.Length, columns = v.Length, n = Vector256<T>.Count, c = 0;
            bool transposed = !dv.IsEmpty;
            ref T weights = ref MemoryMarshal.GetReference(w);
            ref T gradients = ref MemoryMarshal.GetReference(dw);
            ref T vs = ref MemoryMarshal.GetReference(v);
            ref T sums = ref MemoryMarshal.GetReference(dv);
            for (; c + (4 * n) <= columns; c += 4 * n)
            {
                Vector256<T> v0 = Vector256.LoadUnsafe(ref vs, (nuint)c), v1 = Vector256.LoadUnsafe(ref vs, (nuint)(c + n));
                Vector256<T> v2 = Vector256.LoadUnsafe(ref vs, (nuint)(c + (2 * n))), v3 = Vector256.LoadUnsafe(ref vs, (nuint)(c + (3 * n)));
                Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
                if (transposed)
                {
                    s0 = Vector256.LoadUnsafe(ref sums, (nuint)c);
                    s1 = Vector256.LoadUnsafe(ref sums, (nuint)(c + n));
                    s2 = Vector256.LoadUnsafe(ref sums, (nuint)(c + (2 * n)));
                    s3 = Vector256.LoadUnsafe(ref sums, (nuint)(c + (3 * n)));
                }

                for (int i = 0; i < rows; i++)
                {
                    ref T g = ref Unsafe.Add(ref gradients, (i * columns) + c);
                    Vector256<T> di = Vector256.Create(d[i]);
                    FusedMultiplyAdd(di, v0, Vector256.LoadUnsafe(ref g)).StoreUnsafe(ref g);
                    FusedMultiplyAdd(di, v1, Vector256.LoadUnsafe(ref g, (nuint)n)).StoreUnsafe(ref g, (nuint)n);
                    FusedMultiplyAdd(di, v2, Vector256.LoadUnsafe(ref g, (nuint)(2 * n))).StoreUnsafe(ref g, (nuint)(2 * n));
                    FusedMultiplyAdd(di, v3, Vector256.LoadUnsafe(ref g, (nuint)(3 * n))).StoreUnsafe(ref g, (nuint)(3 * n));
                    if (transposed)
                    {
                        ref T row = ref Unsafe.Add(ref weights, (i * columns) + c);
                        s0 = FusedMultiplyAdd(di, Vector256.LoadUnsafe(ref row), s0);
                        s1 = FusedMultiplyAdd(di, Vector256.LoadUnsafe(ref row, (nuint)n), s1);
                        s2 = FusedMultiplyAdd(di, Vector256.LoadUnsafe(ref row, (nuint)(2 * n)), s2);
                        s3 = FusedMultiplyAdd(di, Vector256.LoadUnsafe(ref row, (nuint)(3 * n)), s3);
                    }
                }

                if (transposed)
                {
                    s0.StoreUnsafe(ref sums, (nuint)c);
                    s1.StoreUnsafe(ref sums, (nuint)(c + n));
                    s2.StoreUnsafe(ref sums, (nuint)(c + (2 * n)));
                    s3.StoreUnsafe(ref sums, (nuint)(c + (3 * n)));
                }
            }

            for (; c + n <= columns; c += n)
            {
                Vector256<T> vc = Vector256.LoadUnsafe(ref vs, (nuint)c);
                Vector256<T> sc = transposed ? Vector256.LoadUnsafe(ref sums, (nuint)c) : default;
                for (int i = 0; i < rows; i++)
                {
                    ref T g = ref Unsafe.Add(ref gradients, (i * columns) + c);
                    Vector256<T> di = Vector256.Create(d[i]);
                    FusedMultiplyAdd(di, vc, Vector256.LoadUnsafe(ref g)).StoreUnsafe(ref g);
                    if (transposed)
                    {
                        sc = FusedMultiplyAdd(di, Vector256.LoadUnsafe(ref weights, (nuint)((i * columns) + c)), sc);
                    }
                }

                if (transposed)
                {
                    sc.StoreUnsafe(ref sums, (nuint)c);
                }
            }

            TScalar s = default;
            for (; c < columns; c++)
            {
                for (int i = 0; i < rows; i++)
                {
                    dw[(i * columns) + c] = s.Add(dw[(i * columns) + c], s.Multiply(d[i], v[c]));
                    if (transposed)
                    {
                        dv[c] = s.Add(dv[c], s.Multiply(d[i], w[(i * columns) + c]));
                    }
                }
            }
        }
#endif
    }
}
