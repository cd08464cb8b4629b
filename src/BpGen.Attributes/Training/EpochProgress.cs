namespace BpGen
{
    /// <summary>What one finished epoch achieved, as <see cref="TrainingOptions.Progress"/> receives it.</summary>
    public readonly struct EpochProgress
    {
        /// <summary>Creates a progress record.</summary>
        public EpochProgress(int epoch, int epochs, double loss, double validationLoss, double validationAccuracy)
        {
            Epoch = epoch;
            Epochs = epochs;
            Loss = loss;
            ValidationLoss = validationLoss;
            ValidationAccuracy = validationAccuracy;
        }

        /// <summary>The epoch just finished, from 1.</summary>
        public int Epoch { get; }

        /// <summary>The most epochs this training runs.</summary>
        public int Epochs { get; }

        /// <summary>J(W, b): the mean per-sample loss over the epoch plus the L2 term (λ/2)·Σ‖W‖².</summary>
        public double Loss { get; }

        /// <summary>The mean per-sample loss on the validation set, or NaN without one.</summary>
        public double ValidationLoss { get; }

        /// <summary>The fraction of validation samples classified correctly, or NaN without a validation set or for regression.</summary>
        public double ValidationAccuracy { get; }
    }
}
