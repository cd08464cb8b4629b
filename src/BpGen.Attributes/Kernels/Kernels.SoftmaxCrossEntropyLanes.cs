using System;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif

namespace BpGen
{
    /// <summary>
    /// The softmax cross-entropy loss of a block in lanes and its output error, for the batched backward
    /// pass: one pass over the block instead of one loop per sample.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// From the logits z of a block in lanes (value k of sample s at k·width + s) and the targets y of
        /// its samples, one sample after another (s·size + k): writes δ = p − y in lanes, with
        /// p = softmax(z[·, s]), and 0 in the lanes after the samples, and returns Σ_s J_s with
        /// J_s = −Σ_k y_k·ln p_k = Σ_k y_k·(ln Σ e^(z − max z) − (z_k − max z)): shifted by the largest
        /// logit, so the sum is at least 1 (never the logarithm of 0) and J's error scales with J, not with the logits.
        /// </summary>
        public static float SoftmaxCrossEntropyLanes(ReadOnlySpan<float> z, ReadOnlySpan<float> targets, Span<float> delta, int width) =>
            SoftmaxCrossEntropyLanes<float, SingleScalar>(z, targets, delta, width);

        /// <inheritdoc cref="SoftmaxCrossEntropyLanes(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
        public static double SoftmaxCrossEntropyLanes(ReadOnlySpan<double> z, ReadOnlySpan<double> targets, Span<double> delta, int width) =>
            SoftmaxCrossEntropyLanes<double, DoubleScalar>(z, targets, delta, width);

#if NET8_0_OR_GREATER
        [SkipLocalsInit] // each kept exponential is written before it is read
#endif
        private static T SoftmaxCrossEntropyLanes<T, TScalar>(ReadOnlySpan<T> z, ReadOnlySpan<T> targets, Span<T> delta, int width)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int size = RowsOfLanes(nameof(z), z.Length, width);
            if (size == 0)
            {
                throw new ArgumentException("z must hold at least one logit per sample, but is empty.", nameof(z));
            }

            CheckLength(nameof(delta), z.Length, delta.Length);
            int count = CountSamples(nameof(targets), targets.Length, size, width);

            // y in lanes, in δ until δ is written over it: 0 in the lanes after the samples.
            ToLanes<T>(targets, size, delta, width);
            TScalar scalar = default;
            T loss = default;
            int s = 0;
#if NET8_0_OR_GREATER
            if (typeof(T) == typeof(float) && Avx2.IsSupported && Fma.IsSupported)
            {
                ref float logits = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(z));
                ref float errors = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(delta));
                Vector256<float> sum = Vector256<float>.Zero;
                Span<Vector256<float>> kept = stackalloc Vector256<float>[Math.Min(size, KeptExponentials)];
                // Whole vectors of lanes that hold a sample; the lanes after the last whole vector go one by one below.
                for (; s < count && s + Vector256<float>.Count <= width; s += Vector256<float>.Count)
                {
                    sum += SoftmaxCrossEntropyAvx(ref Unsafe.Add(ref logits, s), ref Unsafe.Add(ref errors, s), size, width, count - s, kept);
                }

                loss = (T)(object)Vector256.Sum(sum);
            }
#endif
            for (; s < count; s++)
            {
                T max = z[s];
                for (int k = 1; k < size; k++)
                {
                    max = scalar.Max(max, z[(k * width) + s]);
                }

                T exponentials = default;
                for (int k = 0; k < size; k++)
                {
                    exponentials = scalar.Add(exponentials, scalar.Exp(scalar.Subtract(z[(k * width) + s], max)));
                }

                T logSum = scalar.Log(exponentials);
                for (int k = 0; k < size; k++)
                {
                    int lane = (k * width) + s;
                    T y = delta[lane];
                    loss = scalar.Add(loss, scalar.Multiply(y, scalar.Subtract(logSum, scalar.Subtract(z[lane], max))));
                    delta[lane] = scalar.Subtract(scalar.Divide(scalar.Exp(scalar.Subtract(z[lane], max)), exponentials), y);
                }
            }

            return loss;
        }

#if NET8_0_OR_GREATER
        /// <summary>
        /// How many vectors of e^(z − max) the softmax keeps on the stack between the sum and the division;
        /// the exponentials of neurons after them, in very wide outputs only, are computed a second time.
        /// </summary>
        private const int KeptExponentials = 64;

        /// <summary>
        /// The eight samples from <paramref name="z"/> on, with y in <paramref name="delta"/>: δ = p − y in the
        /// first <paramref name="samples"/> lanes and 0 after them, and each lane's J (0 after the samples).
        /// </summary>
        private static Vector256<float> SoftmaxCrossEntropyAvx(ref float z, ref float delta, int size, int width, int samples, Span<Vector256<float>> kept)
        {
            Vector256<float> max = Vector256.LoadUnsafe(ref z);
            for (int k = 1; k < size; k++)
            {
                max = Avx.Max(max, Vector256.LoadUnsafe(ref z, (nuint)(k * width)));
            }

            // Σ e^(z − max), Σ y·(z − max) and Σ y, so that J = ln Σ e^(z − max)·Σ y − Σ y·(z − max).
            Vector256<float> exponentials = Vector256<float>.Zero, targetLogits = Vector256<float>.Zero, targetSum = Vector256<float>.Zero;
            for (int k = 0; k < size; k++)
            {
                Vector256<float> shifted = Vector256.LoadUnsafe(ref z, (nuint)(k * width)) - max;
                Vector256<float> y = Vector256.LoadUnsafe(ref delta, (nuint)(k * width));
                Vector256<float> exponential = ExpOfNonPositive(shifted);
                if (k < kept.Length)
                {
                    kept[k] = exponential;
                }

                exponentials += exponential;
                targetLogits = Fma.MultiplyAdd(y, shifted, targetLogits);
                targetSum += y;
            }

            Vector256<float> inSample = Vector256.LessThan(Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f), Vector256.Create((float)samples));
            Vector256<float> reciprocal = Vector256<float>.One / exponentials;
            for (int k = 0; k < size; k++)
            {
                Vector256<float> exponential = k < kept.Length ? kept[k] : ExpOfNonPositive(Vector256.LoadUnsafe(ref z, (nuint)(k * width)) - max);
                Vector256<float> p = exponential * reciprocal;
                Vector256<float> y = Vector256.LoadUnsafe(ref delta, (nuint)(k * width));
                ((p - y) & inSample).StoreUnsafe(ref delta, (nuint)(k * width));
            }

            return Fma.MultiplySubtract(LogAvx(exponentials), targetSum, targetLogits) & inSample;
        }
#endif
    }
}
