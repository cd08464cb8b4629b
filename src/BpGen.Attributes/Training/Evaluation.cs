using System.Globalization;

namespace BpGen
{
    /// <summary>How well a network does on a data set, as its <c>Evaluate</c> returns it.</summary>
    public readonly struct Evaluation
    {
        /// <summary>Creates an evaluation.</summary>
        public Evaluation(int count, double loss, double accuracy)
        {
            Count = count;
            Loss = loss;
            Accuracy = accuracy;
        }

        /// <summary>No samples: count 0, loss and accuracy NaN.</summary>
        internal static Evaluation None => new Evaluation(0, double.NaN, double.NaN);

        /// <summary>The number of samples; of a <see cref="SequenceDataSet{T}"/>, the number of sequences.</summary>
        public int Count { get; }

        /// <summary>
        /// The mean per-sample loss J, without the L2 term: −Σ y·ln p for softmax from each output
        /// p = Forward(x) (each logarithm's argument at least the element type's smallest normal value),
        /// ½·Σ (a − y)² for mean squared error; for binary cross-entropy from the logits, as training
        /// computes it, max(z, 0) − z·y + ln(1 + e^−|z|), since an output σ(z) that rounded to 1 no longer
        /// tells it.
        /// For sequences, the mean over the sequences of each one's loss, which with a target at every step
        /// is the mean over its steps (the 1/T of the training loss).
        /// </summary>
        public double Loss { get; }

        /// <summary>
        /// The fraction classified correctly: the largest output is the target's class (softmax), or every
        /// output is on the target's side of 0.5 (binary cross-entropy). NaN for mean squared error.
        /// For sequences with a target at every step, the mean over the sequences of the fraction of each
        /// one's steps classified correctly, so every sequence counts alike whatever its length, as in the loss.
        /// </summary>
        public double Accuracy { get; }

        /// <summary>
        /// One line, such as "Loss 0.081, accuracy 97.03% over 539 samples.", in the invariant culture; without
        /// the accuracy where there is none (mean squared error).
        /// </summary>
        public override string ToString()
        {
            if (Count == 0)
            {
                return "No samples were evaluated.";
            }

            string loss = Loss.ToString("G6", CultureInfo.InvariantCulture);
            string samples = Count == 1 ? "1 sample" : Count.ToString(CultureInfo.InvariantCulture) + " samples";
            return double.IsNaN(Accuracy)
                ? $"Loss {loss} over {samples}."
                : $"Loss {loss}, accuracy {(Accuracy * 100).ToString("F2", CultureInfo.InvariantCulture)}% over {samples}.";
        }
    }
}
