using System;

namespace BpGen
{
    /// <summary>
    /// Evaluate: one Forward pass per sample, the loss from its output (<see cref="LossFunctions"/>)
    /// and whether it is classified correctly. Parameters are not changed.
    /// </summary>
    internal static class Evaluator
    {
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

            Span<T> oneHot = stackalloc T[network.OutputSize];
            Span<T> output = stackalloc T[network.OutputSize];
            Loss loss = network.Signature.Loss;
            double lossSum = 0;
            int correct = 0;
            for (int s = 0; s < count; s++)
            {
                ReadOnlySpan<T> target = data.Target<TScalar>(s, oneHot);
                network.Forward(data.Input(s, network.InputSize), output);
                lossSum += LossFunctions.Of<T, TScalar>(loss, output, target);
                correct += IsCorrect<T, TScalar>(loss, output, target) ? 1 : 0;
            }

            // Regression has no classes, so no accuracy.
            return new Evaluation(count, lossSum / count, loss == Loss.MeanSquaredError ? double.NaN : (double)correct / count);
        }

        /// <summary>
        /// Softmax: the most probable class is the target's class. Binary cross-entropy: every output is
        /// on the target's side of 0.5. Mean squared error: never (no classes).
        /// </summary>
        private static bool IsCorrect<T, TScalar>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target)
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
