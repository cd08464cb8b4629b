namespace BpGen
{
    /// <summary>Why <c>Train</c> stopped.</summary>
    public enum StopReason
    {
        /// <summary>It ran <see cref="TrainingOptions.Epochs"/> epochs.</summary>
        MaxEpochs = 0,

        /// <summary>No parameter moved by more than <see cref="TrainingOptions.Tolerance"/> during an epoch.</summary>
        Converged = 1,

        /// <summary>
        /// The validation loss did not improve for <see cref="TrainingOptions.Patience"/> epochs; the
        /// parameters of the best validation epoch were restored.
        /// </summary>
        EarlyStopping = 2,

        /// <summary>
        /// The loss became NaN or infinite; the parameters of the last finite epoch were restored
        /// (the initial ones if the first epoch diverged). Lower the learning rate.
        /// </summary>
        Diverged = 3,

        /// <summary><see cref="TrainingOptions.CancellationToken"/> was cancelled; the parameters are those of the last whole epoch.</summary>
        Cancelled = 4,
    }
}
