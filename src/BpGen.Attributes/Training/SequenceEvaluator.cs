using System;
using System.Buffers;

namespace BpGen
{
    /// <summary>
    /// Evaluate on sequences: each sequence from the zero state a step at a time, each targeted step's
    /// loss from its output (<see cref="LossFunctions"/>; a regression's with its output scaling in standardized units) and whether it is classified correctly, averaged
    /// over the sequence's targeted steps, then over the sequences, as training averages J. Neighbouring
    /// sequences of one length step together, a block at a time through <see cref="IRecurrentInference{T}.StepBatch"/>
    /// (which runs them in vector lanes where it can), each with its own state; the sums run in the
    /// sequences' order. Where the outputs cannot tell the loss (<see cref="LossFunctions.OutputTellsLoss"/>:
    /// every sequence for binary cross-entropy, a sequence with a targeted softmax probability below the
    /// smallest normal value), the sequence's loss comes from the logits, as <see cref="Evaluator"/> takes
    /// it: through the windowed BackwardSequence, a window of at most
    /// <see cref="LossWindowValues"/> recorded values (or one step) at a time with the state carried on, into a pooled
    /// gradient and record it discards. Stack and memory bounded for any length; allocates nothing once
    /// the pool holds its arrays; parameters are not changed.
    /// </summary>
    internal static class SequenceEvaluator
    {
        /// <summary>The most stack a block's inputs, states, outputs and running sums take.</summary>
        private const int BlockBytes = 16 * 1024;

        /// <summary>The most values the record of one window of a loss from the logits takes (one step's, where a step records more).</summary>
        private const int LossWindowValues = 1 << 16;

        public static Evaluation Evaluate<T, TScalar>(IRecurrentNetwork<T> network, SequenceDataSet<T> data)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            data.CheckFits(network, nameof(data));
            if (data.Count == 0)
            {
                return Evaluation.None;
            }

            int inputSize = network.InputSize, outputSize = network.OutputSize, stateSize = network.StateSize;
            int valueBytes = typeof(T) == typeof(double) ? sizeof(double) : sizeof(float);
            int perSequence = (valueBytes * (inputSize + stateSize + outputSize)) + sizeof(double) + sizeof(int) + sizeof(bool);
            int block = Math.Max(1, Math.Min(32, BlockBytes / perSequence));
            var sums = new BlockSums(stackalloc double[block], stackalloc int[block], stackalloc bool[block]);
            Span<T> inputs = stackalloc T[block * inputSize];
            Span<T> states = stackalloc T[block * stateSize];
            Span<T> outputs = stackalloc T[block * outputSize];
            Loss loss = network.Signature.Loss;
            int window = Math.Max(1, LossWindowValues / network.RecordSizePerStep);
            T[]? gradient = null, record = null; // rented at the first sequence whose loss comes from the logits

            double lossSum = 0, accuracySum = 0;
            try
            {
                for (int first = 0; first < data.Count;)
                {
                    int steps = data.Length(first), count = 1;
                    while (count < block && first + count < data.Count && data.Length(first + count) == steps)
                    {
                        count++;
                    }

                    EvaluateBlock<T, TScalar>(network, data, first, count, inputs.Slice(0, count * inputSize), states.Slice(0, count * stateSize), outputs.Slice(0, count * outputSize), sums);
                    int targeted = data.TargetSteps == SequenceTargets.EveryStep ? steps : 1;
                    for (int s = 0; s < count; s++)
                    {
                        if (sums.FromLogits[s])
                        {
                            gradient ??= ArrayPool<T>.Shared.Rent(network.ParameterCount);
                            record ??= ArrayPool<T>.Shared.Rent(window * network.RecordSizePerStep);
                            lossSum += LossFromLogits<T, TScalar>(network, data.Inputs(first + s), data.Targets(first + s), data.TargetSteps, window, gradient, record, states.Slice(0, stateSize), outputs.Slice(0, outputSize));
                        }
                        else
                        {
                            lossSum += sums.Loss[s] / targeted;
                        }

                        accuracySum += (double)sums.Correct[s] / targeted;
                    }

                    first += count;
                }
            }
            finally
            {
                if (gradient is not null)
                {
                    ArrayPool<T>.Shared.Return(gradient);
                }

                if (record is not null)
                {
                    ArrayPool<T>.Shared.Return(record);
                }
            }

            return new Evaluation(data.Count, lossSum / data.Count, loss == Loss.MeanSquaredError ? double.NaN : accuracySum / data.Count);
        }

        /// <summary>
        /// Sequences <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1, all of
        /// one length, stepped together from the zero state: each one's summed loss, or that its loss must
        /// come from the logits, and its number of right steps into <paramref name="sums"/>.
        /// </summary>
        private static void EvaluateBlock<T, TScalar>(
            IRecurrentNetwork<T> network, SequenceDataSet<T> data, int first, int count, Span<T> inputs, Span<T> states, Span<T> outputs, BlockSums sums)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            int inputSize = network.InputSize, outputSize = network.OutputSize, steps = data.Length(first);
            Loss loss = network.Signature.Loss;
            bool everyStep = data.TargetSteps == SequenceTargets.EveryStep;
            Standardizer? outputScaling = network.OutputScaling; // a regression's loss is in standardized units, as training's
            Span<T> standardizedTarget = stackalloc T[outputScaling is null ? 0 : outputSize];
            states.Clear();
            sums.Loss.Slice(0, count).Clear();
            sums.Correct.Slice(0, count).Clear();
            sums.FromLogits.Slice(0, count).Clear();
            for (int step = 0; step < steps; step++)
            {
                for (int s = 0; s < count; s++)
                {
                    data.Inputs(first + s).Slice(step * inputSize, inputSize).CopyTo(inputs.Slice(s * inputSize, inputSize));
                }

                network.StepBatch(inputs, states, outputs);
                if (!everyStep && step < steps - 1)
                {
                    continue;
                }

                NetworkScaling.Standardize(outputScaling, outputs);
                for (int s = 0; s < count; s++)
                {
                    ReadOnlySpan<T> output = outputs.Slice(s * outputSize, outputSize);
                    ReadOnlySpan<T> target = NetworkScaling.Standardized(outputScaling, data.Targets(first + s).Slice(everyStep ? step * outputSize : 0, outputSize), standardizedTarget);
                    if (LossFunctions.OutputTellsLoss<T, TScalar>(loss, output, target))
                    {
                        sums.Loss[s] += LossFunctions.Of<T, TScalar>(loss, output, target);
                    }
                    else
                    {
                        sums.FromLogits[s] = true; // the whole sequence's loss then comes from LossFromLogits
                    }

                    sums.Correct[s] += Evaluator.IsCorrect<T, TScalar>(loss, output, target) ? 1 : 0;
                }
            }
        }

        /// <summary>
        /// One sequence's loss from the logits, the mean over its targeted steps, as training computes it:
        /// <paramref name="window"/> steps after window from the zero state through the windowed
        /// BackwardSequence, which carries the state on, so the record stays within a window whatever the
        /// length; with a target at the last step only, the windows before the last are stepped without a loss.
        /// </summary>
        private static double LossFromLogits<T, TScalar>(
            IRecurrentNetwork<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, SequenceTargets targetSteps, int window, T[] gradient, T[] record, Span<T> state, Span<T> output)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int inputSize = network.InputSize, outputSize = network.OutputSize, steps = inputs.Length / inputSize;
            Span<T> gradientSpan = gradient.AsSpan(0, network.ParameterCount);
            state.Clear();
            double sum = 0;
            for (int start = 0; start < steps; start += window)
            {
                int count = Math.Min(window, steps - start);
                ReadOnlySpan<T> windowInputs = inputs.Slice(start * inputSize, count * inputSize);
                Span<T> windowRecord = record.AsSpan(0, count * network.RecordSizePerStep);
                if (targetSteps == SequenceTargets.EveryStep)
                {
                    T mean = network.BackwardSequence(windowInputs, targets.Slice(start * outputSize, count * outputSize), gradientSpan, state, windowRecord);
                    sum += default(TScalar).ToDouble(mean) * count;
                }
                else if (start + count == steps)
                {
                    sum += default(TScalar).ToDouble(network.BackwardSequence(windowInputs, targets, gradientSpan, state, windowRecord));
                }
                else
                {
                    for (int step = 0; step < count; step++)
                    {
                        network.Step(windowInputs.Slice(step * inputSize, inputSize), state, output);
                    }
                }
            }

            return targetSteps == SequenceTargets.EveryStep ? sum / steps : sum;
        }

        /// <summary>
        /// A block's running sums: each sequence's loss over its targeted steps and its right steps, and
        /// whether its outputs could not tell its loss.
        /// </summary>
        private readonly ref struct BlockSums
        {
            public BlockSums(Span<double> loss, Span<int> correct, Span<bool> fromLogits)
            {
                Loss = loss;
                Correct = correct;
                FromLogits = fromLogits;
            }

            public Span<double> Loss { get; }

            public Span<int> Correct { get; }

            public Span<bool> FromLogits { get; }
        }
    }
}
