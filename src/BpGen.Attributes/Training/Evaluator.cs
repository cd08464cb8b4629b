using System;
using System.Buffers;

namespace BpGen
{
    /// <summary>
    /// Evaluate: ForwardBatch over chunks of samples, then per sample the loss from its output
    /// (<see cref="LossFunctions"/>) and whether it is classified correctly. Parameters are not changed.
    /// With output scaling the loss is taken between standardized outputs and targets, the units the
    /// network learns in, so it compares with the training loss Backward reports. Where the outputs
    /// cannot tell the loss, it comes from the logits, as training takes it, through the backward pass
    /// into a pooled gradient that is discarded: always for binary cross-entropy (BackwardBatch over the
    /// chunk), since an output that rounded to 1 (σ(z) from z ≈ 16.6 in float) no longer tells its loss,
    /// which is about z; for softmax only for a sample whose targeted probability fell below the
    /// smallest normal value (Backward of that sample), which would otherwise cost a capped −ln ν.
    /// </summary>
    internal static class Evaluator
    {
        /// <summary>The most outputs a chunk holds on the stack: 32 KiB of doubles.</summary>
        private const int ChunkOutputs = 4096;

        /// <summary>The mean per-sample loss and the accuracy of <paramref name="network"/> on <paramref name="data"/>.</summary>
        public static Evaluation Evaluate<T, TScalar>(INetwork<T> network, DataSet<T> data)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            int count = data.CountSamplesFor(network, nameof(data));
            if (count == 0)
            {
                return Evaluation.None;
            }

            int inputSize = network.InputSize, outputSize = network.OutputSize;
            int chunk = Math.Max(1, ChunkOutputs / outputSize); // samples per ForwardBatch call
            Span<T> oneHot = stackalloc T[outputSize];
            Span<T> standardizedTarget = stackalloc T[outputSize];
            Standardizer? outputScaling = network.OutputScaling;
            Span<T> outputs = stackalloc T[Math.Min(chunk, count) * outputSize];
            Loss loss = network.Signature.Loss;
            bool fromLogits = loss == Loss.BinaryCrossEntropy;
            Span<T> targets = stackalloc T[fromLogits ? Math.Min(chunk, count) * outputSize : 0];
            T[]? gradient = fromLogits ? ArrayPool<T>.Shared.Rent(network.ParameterCount) : null; // for softmax, rented at the first sample whose probability underflowed
            double lossSum = 0;
            int correct = 0;
            try
            {
                for (int start = 0; start < count; start += chunk)
                {
                    int samples = Math.Min(chunk, count - start);
                    Span<T> chunkOutputs = outputs.Slice(0, samples * outputSize);
                    ReadOnlySpan<T> chunkInputs = data.Inputs.Slice(start * inputSize, samples * inputSize);
                    network.ForwardBatch(chunkInputs, chunkOutputs);
                    NetworkScaling.Standardize(outputScaling, chunkOutputs);
                    for (int s = 0; s < samples; s++)
                    {
                        ReadOnlySpan<T> output = outputs.Slice(s * outputSize, outputSize);
                        ReadOnlySpan<T> target = NetworkScaling.Standardized(outputScaling, data.Target<TScalar>(start + s, oneHot), standardizedTarget);
                        correct += IsCorrect<T, TScalar>(loss, output, target) ? 1 : 0;
                        if (fromLogits)
                        {
                            target.CopyTo(targets.Slice(s * outputSize, outputSize));
                        }
                        else if (LossFunctions.OutputTellsLoss<T, TScalar>(loss, output, target))
                        {
                            lossSum += LossFunctions.Of<T, TScalar>(loss, output, target);
                        }
                        else
                        {
                            gradient ??= ArrayPool<T>.Shared.Rent(network.ParameterCount);
                            lossSum += default(TScalar).ToDouble(network.Backward(data.Input(start + s, inputSize), target, gradient.AsSpan(0, network.ParameterCount)));
                        }
                    }

                    if (fromLogits)
                    {
                        lossSum += default(TScalar).ToDouble(network.BackwardBatch(chunkInputs, targets.Slice(0, samples * outputSize), gradient!.AsSpan(0, network.ParameterCount)));
                    }
                }
            }
            finally
            {
                if (gradient is not null)
                {
                    ArrayPool<T>.Shared.Return(gradient);
                }
            }

            // Regression has no classes, so no accuracy.
            return new Evaluation(count, lossSum / count, loss == Loss.MeanSquaredError ? double.NaN : (double)correct / count);
        }

        /// <summary>
        /// Softmax: the most probable class is the target's class. Binary cross-entropy: every output is
        /// on the target's side of 0.5. Mean squared error: never (no classes).
        /// </summary>
        internal static bool IsCorrect<T, TScalar>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            if (loss == Loss.SoftmaxCrossEntropy)
            {
                return Metrics.ArgMax(output) == Metrics.ArgMax(target);
            }

            if (loss == Loss.MeanSquaredError)
            {
                return false;
            }

            TScalar scalar = default;
            for (int i = 0; i < output.Length; i++)
            {
                if ((scalar.ToDouble(output[i]) >= 0.5) != (scalar.ToDouble(target[i]) >= 0.5))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
