using System;

namespace BpGen
{
    /// <summary><c>Train</c> of a recurrent network: its checks, then the epochs of <see cref="TrainingLoop"/> over <see cref="SequenceGradientStep{T, TScalar}"/>.</summary>
    internal static class SequenceTraining
    {
        /// <summary>Checks everything, then trains; see <see cref="Trainer.Train(IRecurrentNetwork{float}, SequenceDataSet{float}, TrainingOptions, SequenceDataSet{float})"/>.</summary>
        public static TrainingReport Run<T, TScalar>(IRecurrentNetwork<T> network, SequenceDataSet<T> training, TrainingOptions options, SequenceDataSet<T>? validation)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            if (training is null)
            {
                throw new ArgumentNullException(nameof(training));
            }

            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            options.Validate(single: typeof(T) == typeof(float));
            training.CheckFits(network, nameof(training));
            if (training.Count == 0)
            {
                throw new ArgumentException("'training' holds no sequences.", nameof(training));
            }

            validation?.CheckFits(network, nameof(validation));
            int[] order = TrainingLoop.Order(training.Count);
            var trainee = new RecurrentTrainee<T, TScalar>(network, validation is { Count: > 0 } ? validation : null);
            int batchSize = Math.Min(options.BatchSize, training.Count);

            // A sequence's backward pass costs about its steps times the parameters: the work a thread must get.
            int threads = TrainingLoop.ThreadsFor(options.Parallelism, batchSize, (long)network.ParameterCount * training.LongestSequence);
            using var step = new SequenceGradientStep<T, TScalar>(network, trainee, training, order, threads, options);
            return TrainingLoop.RunEpochs<T, TScalar>(trainee, step, order, batchSize, options);
        }
    }
}
