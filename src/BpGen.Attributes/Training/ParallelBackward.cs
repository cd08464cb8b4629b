using System;
using System.Threading.Tasks;

namespace BpGen
{
    /// <summary>
    /// Splits the Backward calls of a mini-batch over threads, each summing into a gradient of its own,
    /// then adds those gradients in thread order: the same result for the same split, whatever the
    /// scheduling. Reads the training data through pointers that the caller keeps pinned.
    /// </summary>
    internal sealed unsafe class ParallelBackward<T, TScalar>
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly INetwork<T> _network;
        private readonly int[] _order;
        private readonly T[][] _gradients;
        private readonly double[] _losses;
        private readonly Action<int> _work;
        private readonly T* _inputs;
        private readonly int _inputLength;
        private readonly T* _targets;
        private readonly int _targetLength;
        private readonly int* _labels;
        private readonly int _labelLength;
        private int _start;
        private int _end;

        public ParallelBackward(INetwork<T> network, int threads, int[] order, T* inputs, int inputLength, T* targets, int targetLength, int* labels, int labelLength)
        {
            _network = network;
            _order = order;
            _gradients = new T[threads][];
            for (int t = 0; t < threads; t++)
            {
                _gradients[t] = new T[network.ParameterCount];
            }

            _losses = new double[threads];
            _inputs = inputs;
            _inputLength = inputLength;
            _targets = targets;
            _targetLength = targetLength;
            _labels = labels;
            _labelLength = labelLength;
            _work = Work; // one delegate for the whole training, not one per batch
        }

        /// <summary>Adds the gradient of the samples order[start..end) into <paramref name="gradient"/> and returns their summed loss.</summary>
        public double Run(int start, int end, Span<T> gradient)
        {
            _start = start;
            _end = end;
            Parallel.For(0, _gradients.Length, _work);

            TScalar scalar = default;
            double loss = 0;
            for (int t = 0; t < _gradients.Length; t++)
            {
                loss += _losses[t];
                T[] share = _gradients[t];
                for (int k = 0; k < share.Length; k++)
                {
                    gradient[k] = scalar.Add(gradient[k], share[k]);
                }

                Array.Clear(share, 0, share.Length);
            }

            return loss;
        }

        private void Work(int thread)
        {
            var inputs = new ReadOnlySpan<T>(_inputs, _inputLength);
            DataSet<T> data = _labelLength > 0
                ? DataSet<T>.WithLabels(inputs, new ReadOnlySpan<int>(_labels, _labelLength))
                : new DataSet<T>(inputs, new ReadOnlySpan<T>(_targets, _targetLength));
            Span<T> oneHot = stackalloc T[_network.OutputSize];
            int count = _end - _start;
            int first = _start + count * thread / _gradients.Length;
            int last = _start + count * (thread + 1) / _gradients.Length;
            double loss = 0;
            TScalar scalar = default;
            for (int s = first; s < last; s++)
            {
                int sample = _order[s];
                loss += scalar.ToDouble(_network.Backward(data.Input(sample, _network.InputSize), Trainer.TargetOf<T, TScalar>(data, sample, oneHot), _gradients[thread]));
            }

            _losses[thread] = loss;
        }
    }
}
