using System;
using System.Threading.Tasks;

namespace BpGen
{
    /// <summary>
    /// A mini-batch step on sequences: the sequences' gradients (<see cref="SequenceGradients{T, TScalar}"/>)
    /// summed, clipped if the options say so, then the optimizer's step. With more than one thread, thread
    /// t takes the t-th run of the batch's sequences into its own gradient, and the gradients and losses are
    /// added in thread order, so a seed, a parallelism and a batch size give the same parameters every run.
    /// </summary>
    internal sealed class SequenceGradientStep<T, TScalar> : ITrainingStep, IDisposable
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly int[] _order;
        private readonly OptimizerStep<T, TScalar> _optimizer;
        private readonly double _clipping;
        private readonly SequenceGradients<T, TScalar>[] _threads;
        private readonly T[][] _gradients; // thread t's gradient; the first is the batch's
        private readonly double[] _losses;
        private readonly Action<int> _work;
        private int _start;
        private int _end;

        public SequenceGradientStep(IRecurrentNetwork<T> network, ITrainee<T> trainee, SequenceDataSet<T> data, int[] order, int threads, TrainingOptions options)
        {
            _order = order;
            _optimizer = new OptimizerStep<T, TScalar>(trainee, options);
            _clipping = options.GradientClipping;
            int window = options.TruncatedSteps == 0 ? data.LongestSequence : Math.Min(options.TruncatedSteps, data.LongestSequence);
            if ((long)window * network.RecordSizePerStep > NetworkErrors.LargestArray)
            {
                throw new ArgumentException(
                    $"The longest training sequence has {data.LongestSequence} steps, and a window of {window} steps records {(long)window * network.RecordSizePerStep} values, " +
                    $"more than one array holds; set TrainingOptions.TruncatedSteps to at most {NetworkErrors.LargestArray / network.RecordSizePerStep} to train it in windows.",
                    nameof(options));
            }

            int together = (Math.Min(options.BatchSize, data.Count) + threads - 1) / threads; // the most sequences of a batch one thread takes
            _threads = new SequenceGradients<T, TScalar>[threads];
            _gradients = new T[threads][];
            for (int t = 0; t < threads; t++)
            {
                _threads[t] = new SequenceGradients<T, TScalar>(network, data, window, together);
                _gradients[t] = new T[network.ParameterCount];
            }

            _losses = new double[threads];
            _work = Work; // one delegate for the whole training, not one per batch
        }

        public void Take(int start, int end, ref double lossSum)
        {
            _start = start;
            _end = end;
            if (_threads.Length == 1)
            {
                Work(0);
            }
            else
            {
                Parallel.For(0, _threads.Length, _work);
            }

            T[] gradient = _gradients[0];
            double loss = _losses[0];
            for (int t = 1; t < _threads.Length; t++)
            {
                loss += _losses[t];
                BatchGradient<T, TScalar>.MoveInto(_gradients[t], gradient, System.Numerics.Vector.IsHardwareAccelerated);
            }

            lossSum += loss;
            GradientClipping.Apply<T, TScalar>(gradient, end - start, _clipping);
            _optimizer.Apply(gradient, end - start);
        }

        /// <summary>Returns every thread's rented buffers.</summary>
        public void Dispose()
        {
            foreach (SequenceGradients<T, TScalar> thread in _threads)
            {
                thread.Dispose();
            }
        }

        /// <summary>Thread <paramref name="thread"/>'s run of the batch, into its own gradient.</summary>
        private void Work(int thread)
        {
            int count = _end - _start;
            int first = _start + (count * thread / _threads.Length);
            int last = _start + (count * (thread + 1) / _threads.Length);
            _losses[thread] = _threads[thread].AddAll(_order.AsSpan(first, last - first), _gradients[thread]);
        }
    }
}
