using System;
using System.ComponentModel;

namespace BpGen
{
    /// <summary>
    /// What every network's generated <c>Train</c> and <c>Evaluate</c> call: the training loop and the
    /// evaluation, written once in terms of <see cref="INetwork{T}"/> for float and double networks.
    /// Call them through the network.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Trainer
    {
        /// <summary>
        /// Trains <paramref name="network"/>: epochs of shuffled mini-batches, each batch's gradient
        /// summed by BackwardBatch (one sample at a time with SGD, the fused TrainStep) and applied by the chosen optimizer. Stops after
        /// <see cref="TrainingOptions.Epochs"/>, when no parameter moves by more than the tolerance,
        /// when the validation loss stops improving, or when the loss or a parameter stops being finite
        /// (restoring the last finite epoch). Deterministic for a seed; allocates its buffers once per
        /// call, nothing per step.
        /// </summary>
        public static TrainingReport Train(INetwork<float> network, DataSet<float> training, TrainingOptions options, DataSet<float> validation = default) =>
            TrainingLoop.Run<float, SingleScalar>(Checked(network), training, options, validation);

        /// <inheritdoc cref="Train(INetwork{float}, DataSet{float}, TrainingOptions, DataSet{float})"/>
        public static TrainingReport Train(INetwork<double> network, DataSet<double> training, TrainingOptions options, DataSet<double> validation = default) =>
            TrainingLoop.Run<double, DoubleScalar>(Checked(network), training, options, validation);

        /// <summary>The mean loss and the accuracy of <paramref name="network"/> on <paramref name="data"/>; parameters are not changed.</summary>
        public static Evaluation Evaluate(INetwork<float> network, DataSet<float> data) =>
            Evaluator.Evaluate<float, SingleScalar>(Checked(network), data);

        /// <inheritdoc cref="Evaluate(INetwork{float}, DataSet{float})"/>
        public static Evaluation Evaluate(INetwork<double> network, DataSet<double> data) =>
            Evaluator.Evaluate<double, DoubleScalar>(Checked(network), data);

        private static TNetwork Checked<TNetwork>(TNetwork network)
            where TNetwork : class =>
            network ?? throw new ArgumentNullException(nameof(network));
    }
}
