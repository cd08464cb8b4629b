using System;

namespace BpGen
{
    /// <summary>
    /// The per-sample loss J from a network's output a = Forward(x) and the target y, in double, as
    /// <c>Evaluate</c> reports it for softmax and squared error wherever the output tells it (see
    /// <see cref="OutputTellsLoss"/>; binary cross-entropy it takes from the logits, through the backward
    /// pass). Backward computes the same losses from the output layer's z, which differs from these in
    /// the last bits, and where a has rounded to 0 or 1.
    /// </summary>
    internal static class LossFunctions
    {
        /// <summary>J of <paramref name="loss"/> for one sample.</summary>
        public static double Of<T, TScalar>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target)
            where T : unmanaged
            where TScalar : struct, IScalar<T> =>
            loss switch
            {
                Loss.SoftmaxCrossEntropy => SoftmaxCrossEntropy<T, TScalar>(output, target),
                Loss.BinaryCrossEntropy => BinaryCrossEntropy<T, TScalar>(output, target),
                _ => MeanSquaredError<T, TScalar>(output, target),
            };

        /// <summary>
        /// Whether <see cref="Of"/> gives the training loss for this output: not for binary cross-entropy
        /// (an output rounded to 1 has lost its loss, and 1 − a its digits long before), nor for softmax
        /// where a probability the target weighs fell below ν, the smallest normal value of T (its −ln
        /// would be capped at −ln ν, 87.3 for float, however wrong the network is).
        /// </summary>
        public static bool OutputTellsLoss<T, TScalar>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            if (loss != Loss.SoftmaxCrossEntropy)
            {
                return loss == Loss.MeanSquaredError;
            }

            TScalar scalar = default;
            double floor = scalar.ToDouble(scalar.SmallestNormal);
            for (int i = 0; i < output.Length; i++)
            {
                if (scalar.ToDouble(target[i]) != 0 && scalar.ToDouble(output[i]) < floor)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// J = −Σ_i y_i·ln max(p_i, ν) from the softmax probabilities p, with ν the smallest normal
        /// value of T: a probability that rounded to 0 costs −ln ν (87 for float) instead of infinity.
        /// </summary>
        public static double SoftmaxCrossEntropy<T, TScalar>(ReadOnlySpan<T> probabilities, ReadOnlySpan<T> target)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            double floor = scalar.ToDouble(scalar.SmallestNormal);
            double sum = 0;
            for (int i = 0; i < probabilities.Length; i++)
            {
                sum += CrossEntropy(scalar.ToDouble(target[i]), scalar.ToDouble(probabilities[i]), floor);
            }

            return sum;
        }

        /// <summary>
        /// J = −Σ_i [y_i·ln max(a_i, ν) + (1 − y_i)·ln max(1 − a_i, ν)] from the sigmoid outputs a,
        /// with ν the smallest normal value of T, for outputs that rounded to 0 or 1.
        /// </summary>
        public static double BinaryCrossEntropy<T, TScalar>(ReadOnlySpan<T> output, ReadOnlySpan<T> target)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            double floor = scalar.ToDouble(scalar.SmallestNormal);
            double sum = 0;
            for (int i = 0; i < output.Length; i++)
            {
                double a = scalar.ToDouble(output[i]), y = scalar.ToDouble(target[i]);
                sum += CrossEntropy(y, a, floor) + CrossEntropy(1 - y, 1 - a, floor);
            }

            return sum;
        }

        /// <summary>J = ½·Σ_i (a_i − y_i)².</summary>
        public static double MeanSquaredError<T, TScalar>(ReadOnlySpan<T> output, ReadOnlySpan<T> target)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            double sum = 0;
            for (int i = 0; i < output.Length; i++)
            {
                double error = scalar.ToDouble(output[i]) - scalar.ToDouble(target[i]);
                sum += error * error;
            }

            return 0.5 * sum;
        }

        /// <summary>−y·ln max(p, floor): one term of a cross-entropy.</summary>
        private static double CrossEntropy(double y, double p, double floor) => -y * Math.Log(Math.Max(p, floor));
    }
}
