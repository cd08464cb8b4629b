using System.Collections.Generic;

namespace BpGen
{
    /// <summary>Collects the epochs of one <c>Train</c> call for its <see cref="TrainingReport"/>.</summary>
    internal sealed class TrainingLog
    {
        private readonly List<double> _loss;
        private readonly List<double> _validationLoss;
        private readonly List<double> _validationAccuracy;
        private readonly int _epochs;
        private readonly int _patience;
        private readonly bool _hasValidation;
        private double _bestValidationLoss = double.PositiveInfinity;

        /// <summary>Starts a log for at most <paramref name="epochs"/> epochs, capacity reserved up front.</summary>
        public TrainingLog(int epochs, int patience, bool hasValidation)
        {
            _epochs = epochs;
            _patience = hasValidation ? patience : 0;
            _hasValidation = hasValidation;
            _loss = new List<double>(epochs);
            _validationLoss = new List<double>(hasValidation ? epochs : 0);
            _validationAccuracy = new List<double>(hasValidation ? epochs : 0);
        }

        /// <summary>The epochs recorded so far.</summary>
        public int Epochs => _loss.Count;

        /// <summary>
        /// The epoch with the lowest validation loss so far, 0 (the parameters before training) while
        /// none was below +∞; without validation, the last epoch.
        /// </summary>
        public int BestEpoch { get; private set; }

        /// <summary>
        /// Records a finished epoch and reports it to <paramref name="progress"/>. Returns true when its
        /// validation loss is the best so far (never when it is NaN), so the caller can keep its
        /// parameters. With validation every epoch's validation loss is recorded, NaN included, so the
        /// validation lists line up with the training loss.
        /// </summary>
        public bool Add(double loss, double validationLoss, double validationAccuracy, System.Action<EpochProgress>? progress)
        {
            _loss.Add(loss);
            bool best = true;
            if (_hasValidation)
            {
                _validationLoss.Add(validationLoss);
                _validationAccuracy.Add(validationAccuracy);
                best = validationLoss < _bestValidationLoss; // false for NaN
                if (best)
                {
                    _bestValidationLoss = validationLoss;
                }
            }

            if (best)
            {
                BestEpoch = Epochs;
            }

            progress?.Invoke(new EpochProgress(Epochs, _epochs, loss, validationLoss, validationAccuracy));
            return best;
        }

        /// <summary>Whether <see cref="TrainingOptions.Patience"/> epochs passed without a better validation loss.</summary>
        public bool PatienceExhausted => _patience > 0 && Epochs - BestEpoch >= _patience;

        /// <summary>
        /// The report, stopping for <paramref name="reason"/> during epoch <paramref name="stoppedAtEpoch"/>;
        /// <paramref name="restoredBest"/> when the network was given back the parameters of <see cref="BestEpoch"/>.
        /// </summary>
        public TrainingReport Finish(StopReason reason, int stoppedAtEpoch, bool restoredBest = false) =>
            new TrainingReport(reason, Epochs, stoppedAtEpoch, BestEpoch, restoredBest, _loss, _validationLoss, _validationAccuracy);
    }
}
