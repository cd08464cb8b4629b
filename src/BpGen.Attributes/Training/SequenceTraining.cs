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

            options.Validate();
            if (options.Parallelism != 1)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(options),
                    options.Parallelism,
                    $"TrainingOptions.Parallelism must be 1 for a recurrent network, which trains on the calling thread, but it is {options.Parallelism}.");
            }

            training.CheckFits(network, nameof(training));
            if (training.Count == 0)
            {
                throw new ArgumentException("'training' holds no sequences.", nameof(training));
            }

            validation?.CheckFits(network, nameof(validation));
            int[] order = TrainingLoop.Order(training.Count);
            var trainee = new RecurrentTrainee<T, TScalar>(network, validation is { Count: > 0 } ? validation : null);
            var step = new SequenceGradientStep<T, TScalar>(network, trainee, training, order, options);
            return TrainingLoop.RunEpochs<T, TScalar>(trainee, step, order, Math.Min(options.BatchSize, training.Count), options);
        }
    }
}
