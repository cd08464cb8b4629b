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

        /// <summary>
        /// Trains a recurrent <paramref name="network"/> on sequences: epochs of shuffled mini-batches of
        /// sequences, each sequence's gradient by backpropagation through time from the zero state (whole,
        /// or in windows of <see cref="TrainingOptions.TruncatedSteps"/> steps), the batch's sum clipped by
        /// <see cref="TrainingOptions.GradientClipping"/> and applied by the chosen optimizer. The epoch's
        /// loss is the mean over sequences of J (the mean loss over a sequence's targeted steps) plus the L2
        /// term; stopping, divergence, early stopping and the report are those of dense training. Each
        /// batch's sequences are shared between up to <see cref="TrainingOptions.Parallelism"/> threads;
        /// each thread takes its run of neighbouring sequences of one length that fit a window together
        /// through <see cref="IRecurrentNetwork{T}.BackwardSequences"/>, the others one by one. Allocates its
        /// buffers once per call and rents the records of the steps from the shared array pool until it
        /// returns, so no step allocates and the stack it takes does not grow with the sequences' length.
        /// </summary>
        public static TrainingReport Train(IRecurrentNetwork<float> network, SequenceDataSet<float> training, TrainingOptions options, SequenceDataSet<float>? validation = null) =>
            SequenceTraining.Run<float, SingleScalar>(Checked(network), training, options, validation);

        /// <inheritdoc cref="Train(IRecurrentNetwork{float}, SequenceDataSet{float}, TrainingOptions, SequenceDataSet{float})"/>
        public static TrainingReport Train(IRecurrentNetwork<double> network, SequenceDataSet<double> training, TrainingOptions options, SequenceDataSet<double>? validation = null) =>
            SequenceTraining.Run<double, DoubleScalar>(Checked(network), training, options, validation);

        /// <summary>
        /// The mean sequence loss (each sequence's mean over its targeted steps) and accuracy of a recurrent
        /// <paramref name="network"/> on <paramref name="data"/>, a step at a time from the zero state;
        /// parameters are not changed.
        /// </summary>
        public static Evaluation Evaluate(IRecurrentNetwork<float> network, SequenceDataSet<float> data) =>
            SequenceEvaluator.Evaluate<float, SingleScalar>(Checked(network), data);

        /// <inheritdoc cref="Evaluate(IRecurrentNetwork{float}, SequenceDataSet{float})"/>
        public static Evaluation Evaluate(IRecurrentNetwork<double> network, SequenceDataSet<double> data) =>
            SequenceEvaluator.Evaluate<double, DoubleScalar>(Checked(network), data);

        private static TNetwork Checked<TNetwork>(TNetwork network)
            where TNetwork : class =>
            network ?? throw new ArgumentNullException(nameof(network));
    }
}
