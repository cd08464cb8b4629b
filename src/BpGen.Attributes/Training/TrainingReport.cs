using System.Collections.Generic;
using System.Globalization;

namespace BpGen
{
    /// <summary>What <c>Train</c> did: how long it ran, the loss of every epoch, and why it stopped.</summary>
    public sealed class TrainingReport
    {
        internal TrainingReport(StopReason stopReason, int epochs, int stoppedAtEpoch, int bestEpoch, bool restoredBest, List<double> loss, List<double> validationLoss, List<double> validationAccuracy)
        {
            StopReason = stopReason;
            Epochs = epochs;
            StoppedAtEpoch = stoppedAtEpoch;
            BestEpoch = bestEpoch;
            RestoredBestEpoch = restoredBest;
            Loss = loss;
            ValidationLoss = validationLoss;
            ValidationAccuracy = validationAccuracy;
        }

        /// <summary>Why training stopped.</summary>
        public StopReason StopReason { get; }

        /// <summary>The epochs that finished with a finite loss; their parameters are the ones kept, or restored.</summary>
        public int Epochs { get; }

        /// <summary>The epoch during which training stopped: the one that diverged, converged or ran last.</summary>
        public int StoppedAtEpoch { get; }

        /// <summary>
        /// With a validation set, the epoch of the lowest validation loss, or 0 when no epoch's
        /// validation loss was below +∞ (a NaN one never counts); otherwise the last epoch.
        /// </summary>
        public int BestEpoch { get; }

        /// <summary>
        /// Whether the network holds the parameters of <see cref="BestEpoch"/>: with early stopping on (a
        /// validation set and <see cref="TrainingOptions.Patience"/> above 0), whenever training stops early,
        /// converges or runs all its epochs; not after <see cref="StopReason.Diverged"/> or <see cref="StopReason.Cancelled"/>.
        /// </summary>
        public bool RestoredBestEpoch { get; }

        /// <summary>J(W, b) of every finished epoch (see <see cref="EpochProgress.Loss"/>).</summary>
        public IReadOnlyList<double> Loss { get; }

        /// <summary>The validation loss of every finished epoch, NaN included, in line with <see cref="Loss"/>; empty without a validation set.</summary>
        public IReadOnlyList<double> ValidationLoss { get; }

        /// <summary>The validation accuracy of every finished epoch; empty without a validation set.</summary>
        public IReadOnlyList<double> ValidationAccuracy { get; }

        /// <summary>The final training loss, or NaN if no epoch finished.</summary>
        public double FinalLoss => Loss.Count > 0 ? Loss[Loss.Count - 1] : double.NaN;

        /// <summary>One sentence: how many epochs, why it stopped, and what was kept.</summary>
        public override string ToString()
        {
            string loss = FinalLoss.ToString("G6", CultureInfo.InvariantCulture);
            return StopReason switch
            {
                StopReason.Converged => $"Converged after {Epochs} epochs: no parameter moved by more than the tolerance in epoch {StoppedAtEpoch}; loss {loss}{Restored}.",
                StopReason.EarlyStopping when BestEpoch == 0 => $"Stopped early after {Epochs} epochs: no epoch's validation loss was finite, so the parameters from before training were restored.",
                StopReason.EarlyStopping => $"Stopped early after {Epochs} epochs: the validation loss last improved in epoch {BestEpoch}, whose parameters were restored.",
                StopReason.Diverged => $"Diverged: the loss became NaN or infinite in epoch {StoppedAtEpoch}; the parameters after epoch {Epochs} were restored. Lower the learning rate.",
                StopReason.Cancelled => $"Cancelled after {Epochs} epochs; loss {loss}.",
                _ => $"Ran all {Epochs} epochs; loss {loss}{Restored}.",
            };
        }

        /// <summary>What a finish other than early stopping says of the parameters kept, where they are an earlier epoch's.</summary>
        private string Restored => !RestoredBestEpoch || BestEpoch == Epochs ? ""
            : BestEpoch == 0 ? "; no epoch's validation loss was finite, so the parameters from before training were restored"
            : $"; the validation loss was lowest in epoch {BestEpoch}, whose parameters were restored";
    }
}
