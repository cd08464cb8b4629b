using System;

namespace BpGen
{
    /// <summary>
    /// The training loop and evaluation behind every network's <c>Train</c> and <c>Evaluate</c>:
    /// written once, in terms of <see cref="INetwork{T}.Backward"/>, <see cref="INetwork{T}.Update"/>
    /// and <see cref="INetwork{T}.Forward"/>, for float and double networks alike.
    /// </summary>
    public static class Trainer
    {
        /// <summary>
        /// Trains <paramref name="network"/>: epochs of shuffled mini-batches, each batch's gradient
        /// summed by Backward and applied by the chosen optimizer. Stops after
        /// <see cref="TrainingOptions.Epochs"/>, when no parameter moves by more than the tolerance,
        /// when the validation loss stops improving, or when the loss diverges (restoring the last
        /// finite epoch). Deterministic for a seed; allocates its buffers once per call, nothing per step.
        /// </summary>
        public static TrainingReport Train(INetwork<float> network, DataSet<float> training, TrainingOptions options, DataSet<float> validation = default) =>
            Train<float, SingleScalar>(network, training, options, validation);

        /// <inheritdoc cref="Train(INetwork{float}, DataSet{float}, TrainingOptions, DataSet{float})"/>
        public static TrainingReport Train(INetwork<double> network, DataSet<double> training, TrainingOptions options, DataSet<double> validation = default) =>
            Train<double, DoubleScalar>(network, training, options, validation);

        /// <summary>The mean loss and the accuracy of <paramref name="network"/> on <paramref name="data"/>; parameters are not changed.</summary>
        public static Evaluation Evaluate(INetwork<float> network, DataSet<float> data) =>
            Evaluate<float, SingleScalar>(Checked(network), data, new float[network.ParameterCount]);

        /// <inheritdoc cref="Evaluate(INetwork{float}, DataSet{float})"/>
        public static Evaluation Evaluate(INetwork<double> network, DataSet<double> data) =>
            Evaluate<double, DoubleScalar>(Checked(network), data, new double[network.ParameterCount]);

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
        /// </summary>
        internal static int ThreadsFor(int parallelism, int batchSize, int parameterCount)
        {
            long byWork = (long)batchSize * parameterCount / MinimumWorkPerThread;
            return (int)Math.Max(1, Math.Min(parallelism, Math.Min(batchSize / 2, byWork)));
        }

        private static unsafe TrainingReport Train<T, TScalar>(INetwork<T> network, DataSet<T> training, TrainingOptions options, DataSet<T> validation)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            Checked(network);
            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            options.Validate();
            int count = CountSamples(network, training, nameof(training));
            if (count == 0)
            {
                throw new ArgumentException("'training' holds no samples.", nameof(training));
            }

            int validationCount = validation.IsEmpty ? 0 : CountSamples(network, validation, nameof(validation));
            int batchSize = Math.Min(options.BatchSize, count);
            var order = new int[count];
            for (int s = 0; s < count; s++)
            {
                order[s] = s;
            }

            // One sample a step with plain SGD: the fused TrainStep gives exactly the parameters of Backward then Update.
            bool fused = batchSize == 1 && options.Optimizer == Optimizer.Sgd;
            int threads = ThreadsFor(options.Parallelism, batchSize, network.ParameterCount);
            if (fused || threads == 1)
            {
                return RunEpochs<T, TScalar>(network, training, options, validation, validationCount, order, batchSize, fused, workers: null);
            }

            // Worker threads read the samples through pointers, so the spans stay pinned while they run.
            fixed (T* inputs = training.Inputs)
            fixed (T* targets = training.Targets)
            fixed (int* labels = training.Labels)
            {
                var workers = new ParallelBackward<T, TScalar>(
                    network, threads, order, inputs, training.Inputs.Length, targets, training.Targets.Length, labels, training.Labels.Length);
                return RunEpochs(network, training, options, validation, validationCount, order, batchSize, fused, workers);
            }
        }

        private static TrainingReport RunEpochs<T, TScalar>(
            INetwork<T> network,
            DataSet<T> training,
            TrainingOptions options,
            DataSet<T> validation,
            int validationCount,
            int[] order,
            int batchSize,
            bool fused,
            ParallelBackward<T, TScalar>? workers)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            int count = order.Length;
            int parameterCount = network.ParameterCount;
            var random = new SeededRandom(options.Seed);
            var gradient = new T[parameterCount];
            var scratch = new T[parameterCount];
            var epochStart = new T[parameterCount];
            var best = new T[validationCount > 0 ? parameterCount : 0];
            var optimizer = new OptimizerStep<T, TScalar>(network, options);
            var log = new TrainingLog(options.Epochs, options.Patience, validationCount > 0);
            Span<T> oneHot = stackalloc T[network.OutputSize];
            T learningRate = scalar.FromDouble(options.LearningRate);
            T l2 = scalar.FromDouble(options.L2);

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
                for (int start = 0; start < count; start += batchSize)
                {
                    int end = Math.Min(start + batchSize, count);
                    if (fused)
                    {
                        int sample = order[start];
                        lossSum += scalar.ToDouble(network.TrainStep(training.Input(sample, network.InputSize), TargetOf<T, TScalar>(training, sample, oneHot), learningRate, l2));
                        continue;
                    }

                    if (workers is not null)
                    {
                        lossSum += workers.Run(start, end, gradient);
                    }
                    else
                    {
                        for (int s = start; s < end; s++)
                        {
                            int sample = order[s];
                            lossSum += scalar.ToDouble(network.Backward(training.Input(sample, network.InputSize), TargetOf<T, TScalar>(training, sample, oneHot), gradient));
                        }
                    }

                    if (options.Optimizer == Optimizer.Sgd)
                    {
                        network.Update(gradient, learningRate, end - start, l2);
                    }
                    else
                    {
                        optimizer.Apply(gradient, end - start);
                    }
                }

                // J(W, b) = (1/m) Σ J_i + (λ/2) Σ_l ‖W^l‖²
                double loss = lossSum / count + 0.5 * options.L2 * SumOfSquaredWeights<T, TScalar>(network);
                if (double.IsNaN(loss) || double.IsInfinity(loss))
                {
                    epochStart.CopyTo(network.Parameters);
                    return log.Finish(StopReason.Diverged, epoch);
                }

                Evaluation evaluation = validationCount > 0 ? Evaluate<T, TScalar>(network, validation, scratch) : new Evaluation(0, double.NaN, double.NaN);
                if (log.Add(loss, evaluation.Loss, evaluation.Accuracy, options.Progress) && validationCount > 0)
                {
                    network.Parameters.CopyTo(best);
                }

                if (options.Tolerance > 0 && MaxChange<T, TScalar>(epochStart, network.Parameters) <= options.Tolerance)
                {
                    return log.Finish(StopReason.Converged, epoch);
                }

                if (log.PatienceExhausted)
                {
                    best.CopyTo(network.Parameters);
                    return log.Finish(StopReason.EarlyStopping, epoch);
                }
            }

            return log.Finish(StopReason.MaxEpochs, options.Epochs);
        }

        private static Evaluation Evaluate<T, TScalar>(INetwork<T> network, DataSet<T> data, T[] scratch)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            int count = CountSamples(network, data, nameof(data));
            Array.Clear(scratch, 0, scratch.Length);
            Span<T> oneHot = stackalloc T[network.OutputSize];
            Span<T> output = stackalloc T[network.OutputSize];
            Loss loss = network.Signature.Loss;
            double lossSum = 0;
            int correct = 0;
            for (int s = 0; s < count; s++)
            {
                ReadOnlySpan<T> input = data.Input(s, network.InputSize);
                ReadOnlySpan<T> target = TargetOf<T, TScalar>(data, s, oneHot);
                lossSum += scalar.ToDouble(network.Backward(input, target, scratch));
                if (loss == Loss.MeanSquaredError)
                {
                    continue; // regression: accuracy is undefined
                }

                network.Forward(input, output);
                correct += IsCorrect<T, TScalar>(loss, output, target) ? 1 : 0;
            }

            return count == 0
                ? new Evaluation(0, double.NaN, double.NaN)
                : new Evaluation(count, lossSum / count, loss == Loss.MeanSquaredError ? double.NaN : (double)correct / count);
        }

        /// <summary>
        /// Softmax: the most probable class is the target's class. Binary cross-entropy: every output is
        /// on the target's side of 0.5.
        /// </summary>
        private static bool IsCorrect<T, TScalar>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target)
            where T : unmanaged, IComparable<T>
            where TScalar : struct, IScalar<T>
        {
            if (loss == Loss.SoftmaxCrossEntropy)
            {
                return Metrics.ArgMax(output) == Metrics.ArgMax(target);
            }

            TScalar scalar = default;
            for (int i = 0; i < output.Length; i++)
            {
                if ((scalar.ToDouble(output[i]) >= 0.5) != (scalar.ToDouble(target[i]) >= 0.5))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The target of one sample: its slice of the targets, or the one-hot vector of its label.</summary>
        internal static ReadOnlySpan<T> TargetOf<T, TScalar>(DataSet<T> data, int sample, Span<T> oneHot)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            if (!data.HasLabels)
            {
                return data.Targets.Slice(sample * oneHot.Length, oneHot.Length);
            }

            oneHot.Clear();
            oneHot[data.Labels[sample]] = default(TScalar).FromDouble(1);
            return oneHot;
        }

        /// <summary>Σ_l ‖W^l‖², the sum in the L2 term, over weights only (W^l, then b^l, layer after layer).</summary>
        private static double SumOfSquaredWeights<T, TScalar>(INetwork<T> network)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            ReadOnlySpan<T> theta = network.Parameters;
            ReadOnlySpan<int> sizes = network.Signature.Sizes;
            double sum = 0;
            int offset = 0;
            for (int l = 1; l < sizes.Length; l++)
            {
                int weights = sizes[l] * sizes[l - 1];
                for (int k = offset; k < offset + weights; k++)
                {
                    double w = scalar.ToDouble(theta[k]);
                    sum += w * w;
                }

                offset += weights + sizes[l];
            }

            return sum;
        }

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

        private static int CountSamples<T>(INetwork<T> network, DataSet<T> data, string name)
            where T : unmanaged
        {
            if (data.HasLabels && network.Signature.Loss != Loss.SoftmaxCrossEntropy)
            {
                throw new ArgumentException($"'{name}' holds class labels, which need Loss.SoftmaxCrossEntropy; give target vectors.", name);
            }

            return data.CountSamples(network.InputSize, network.OutputSize, name);
        }

        private static TNetwork Checked<TNetwork>(TNetwork network)
            where TNetwork : class =>
            network ?? throw new ArgumentNullException(nameof(network));
    }
}
