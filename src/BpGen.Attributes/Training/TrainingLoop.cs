using System;

namespace BpGen
{
    /// <summary>
    /// The epochs of one <c>Train</c> call: shuffle, one <see cref="ITrainingStep"/> per mini-batch,
    /// then the checks that stop training (divergence, tolerance, patience) and the log.
    /// </summary>
    internal static class TrainingLoop
    {
        /// <summary>
        /// Below this many parameter-samples (batch samples × parameters) per thread, handing a share of
        /// a mini-batch to a pool thread costs more than it saves: on the 2-core benchmark machine a
        /// 64-32-10 network trained 1.8 times slower on two threads with batches of 40 (48,200 per
        /// thread) and 1.25 times faster with batches of 48 (57,840). The bound sits above that edge,
        /// so that slower per-thread hand-offs elsewhere still pay.
        /// </summary>
        internal const int MinimumWorkPerThread = 65_536;

        /// <summary>
        /// The threads that share each mini-batch: at most <paramref name="parallelism"/>, each with at
        /// least two samples and <see cref="MinimumWorkPerThread"/>; 1 means the calling thread alone.
        /// A sample's work is the network's parameters, times the steps of its longest sequence for a
        /// recurrent network.
        /// </summary>
        internal static int ThreadsFor(int parallelism, int batchSize, long workPerSample)
        {
            long byWork = batchSize * workPerSample / MinimumWorkPerThread;
            return (int)Math.Max(1, Math.Min(parallelism, Math.Min(batchSize / 2, byWork)));
        }

        /// <summary>Checks everything, then trains; see <see cref="Trainer.Train(INetwork{float}, DataSet{float}, TrainingOptions, DataSet{float})"/>.</summary>
        internal static unsafe TrainingReport Run<T, TScalar>(INetwork<T> network, DataSet<T> training, TrainingOptions options, DataSet<T> validation)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            options.Validate(single: typeof(T) == typeof(float));
            int count = training.CountSamplesFor(network, nameof(training));
            if (count == 0)
            {
                throw new ArgumentException("'training' holds no samples.", nameof(training));
            }

            // Targets or labels without inputs are a set of the wrong shape, not none.
            if (!validation.IsNone)
            {
                validation.CountSamplesFor(network, nameof(validation));
            }

            int batchSize = Math.Min(options.BatchSize, count);
            int[] order = Order(count);

            // The steps read the samples through pointers (worker threads cannot hold spans), so the spans stay pinned while they run.
            fixed (T* inputs = training.Inputs)
            fixed (T* targets = training.Targets)
            fixed (int* labels = training.Labels)
            fixed (T* validationInputs = validation.Inputs)
            fixed (T* validationTargets = validation.Targets)
            fixed (int* validationLabels = validation.Labels)
            {
                var data = new PinnedDataSet<T>(inputs, training.Inputs.Length, targets, training.Targets.Length, labels, training.Labels.Length);
                var validationData = new PinnedDataSet<T>(validationInputs, validation.Inputs.Length, validationTargets, validation.Targets.Length, validationLabels, validation.Labels.Length);
                var trainee = new DenseTrainee<T, TScalar>(network, validationData, !validation.IsEmpty);

                // One sample a step with plain SGD: the fused TrainStep gives exactly the parameters of Backward then Update.
                ITrainingStep step = batchSize == 1 && options.Optimizer == Optimizer.Sgd && options.GradientClipping == 0
                    ? new FusedSgdStep<T, TScalar>(network, data, order, options)
                    : new GradientStep<T, TScalar>(network, trainee, data, order, ThreadsFor(options.Parallelism, batchSize, network.ParameterCount), options);
                return RunEpochs<T, TScalar>(trainee, step, order, batchSize, options);
            }
        }

        /// <summary>The indexes 0 … count − 1, the order an epoch visits the samples in before shuffling.</summary>
        internal static int[] Order(int count)
        {
            var order = new int[count];
            for (int s = 0; s < count; s++)
            {
                order[s] = s;
            }

            return order;
        }

        /// <summary>
        /// The epochs, for dense and recurrent networks alike: shuffle, one step per mini-batch, then
        /// divergence (restore the epoch's start), validation, tolerance and patience. With early stopping
        /// on (a validation set and a patience), training that ends by converging or running all its epochs
        /// ends with the best-validated parameters too, as when patience runs out.
        /// </summary>
        internal static TrainingReport RunEpochs<T, TScalar>(ITrainee<T> network, ITrainingStep step, int[] order, int batchSize, TrainingOptions options)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            bool validating = network.Validating;
            bool earlyStopping = validating && options.Patience > 0;
            var random = new SeededRandom(options.Seed);
            var epochStart = new T[network.ParameterCount];
            T[] best = validating ? network.Parameters.ToArray() : Array.Empty<T>(); // epoch 0 until an epoch validates better
            var log = new TrainingLog(options.Epochs, options.Patience, validating);

            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                if (options.CancellationToken.IsCancellationRequested)
                {
                    return log.Finish(StopReason.Cancelled, epoch);
                }

                network.Parameters.CopyTo(epochStart);
                if (options.Shuffle)
                {
                    random.Shuffle<int>(order);
                }

                double lossSum = 0;
                for (int start = 0; start < order.Length; start += batchSize)
                {
                    step.Take(start, Math.Min(start + batchSize, order.Length), ref lossSum);
                }

                // J(W, b) = (1/m) Σ J_i + (λ/2) Σ_l ‖W^l‖². Each J_i is taken before its step, so the
                // epoch's last step is judged by the parameters it left, biases included.
                double loss = lossSum / order.Length + (options.L2 == 0 ? 0 : 0.5 * options.L2 * SumOfSquaredWeights<T, TScalar>(network));
                if (!IsFinite(loss) || DataChecks.IndexOfNonFinite<T>(network.Parameters) >= 0)
                {
                    epochStart.CopyTo(network.Parameters);
                    return log.Finish(StopReason.Diverged, epoch);
                }

                Evaluation evaluation = validating ? network.Validate() : Evaluation.None;
                if (log.Add(loss, evaluation.Loss, evaluation.Accuracy, options.Progress) && validating)
                {
                    network.Parameters.CopyTo(best);
                }

                if (options.Tolerance > 0 && MaxChange<T, TScalar>(epochStart, network.Parameters) <= options.Tolerance)
                {
                    return FinishWithBest(StopReason.Converged, epoch);
                }

                if (log.PatienceExhausted)
                {
                    best.CopyTo(network.Parameters);
                    return log.Finish(StopReason.EarlyStopping, epoch, restoredBest: true);
                }
            }

            return FinishWithBest(StopReason.MaxEpochs, options.Epochs);

            TrainingReport FinishWithBest(StopReason reason, int epoch)
            {
                if (earlyStopping)
                {
                    best.CopyTo(network.Parameters);
                }

                return log.Finish(reason, epoch, restoredBest: earlyStopping);
            }
        }

        /// <summary>Σ_l ‖W^l‖², the sum in the L2 term, over the decayed blocks (the weights) only.</summary>
        private static double SumOfSquaredWeights<T, TScalar>(ITrainee<T> network)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            ReadOnlySpan<T> theta = network.Parameters;
            double sum = 0;
            foreach (ParameterBlock block in network.Layout)
            {
                if (!block.Decayed)
                {
                    continue;
                }

                foreach (T weight in theta.Slice(block.Offset, block.Count))
                {
                    double w = scalar.ToDouble(weight);
                    sum += w * w;
                }
            }

            return sum;
        }

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        /// <summary>max_k |θ_k − before_k|: how far the parameters moved, for the tolerance test.</summary>
        private static double MaxChange<T, TScalar>(ReadOnlySpan<T> before, ReadOnlySpan<T> after)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            double max = 0;
            for (int k = 0; k < before.Length; k++)
            {
                max = Math.Max(max, Math.Abs(scalar.ToDouble(after[k]) - scalar.ToDouble(before[k])));
            }

            return max;
        }
    }
}
