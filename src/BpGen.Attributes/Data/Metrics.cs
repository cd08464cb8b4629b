using System;

namespace BpGen
{
    /// <summary>Turning outputs into classes, and classes into accuracy and a confusion matrix.</summary>
    public static class Metrics
    {
        /// <summary>The index of the largest value (the first one on ties): the predicted class of a softmax output.</summary>
        public static int ArgMax<T>(ReadOnlySpan<T> values)
            where T : IComparable<T>
        {
            if (values.IsEmpty)
            {
                throw new ArgumentException("values must not be empty.", nameof(values));
            }

            int best = 0;
            for (int i = 1; i < values.Length; i++)
            {
                if (values[i].CompareTo(values[best]) > 0)
                {
                    best = i;
                }
            }

            return best;
        }

        /// <summary>The fraction of samples whose predicted class equals the actual one.</summary>
        public static double Accuracy(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
        {
            CheckPaired(actual, predicted);
            int correct = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                correct += actual[i] == predicted[i] ? 1 : 0;
            }

            return actual.IsEmpty ? double.NaN : (double)correct / actual.Length;
        }

        /// <summary>Counts [actual, predicted] pairs: the diagonal holds the correct predictions.</summary>
        public static int[,] ConfusionMatrix(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int classCount)
        {
            CheckPaired(actual, predicted);
            var matrix = new int[classCount, classCount];
            for (int i = 0; i < actual.Length; i++)
            {
                if ((uint)actual[i] >= (uint)classCount || (uint)predicted[i] >= (uint)classCount)
                {
                    throw new ArgumentException($"Sample {i} has classes {actual[i]} (actual) and {predicted[i]} (predicted), but classes run from 0 to {classCount - 1}.");
                }

                matrix[actual[i], predicted[i]]++;
            }

            return matrix;
        }

        private static void CheckPaired(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted)
        {
            if (actual.Length != predicted.Length)
            {
                throw new ArgumentException($"predicted must have one class per actual class: {actual.Length}, but it has {predicted.Length}.", nameof(predicted));
            }
        }
    }
}
