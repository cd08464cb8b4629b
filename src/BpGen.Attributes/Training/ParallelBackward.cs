using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace BpGen
{
    /// <summary>
    /// Splits the Backward calls of a mini-batch over threads: the first sums into the caller's
    /// gradient, every other into a gradient of its own, added in thread order afterwards, so the
    /// result is the same for the same split whatever the scheduling. Reads the training data through
    /// pointers that the caller keeps pinned.
    /// </summary>
    internal sealed unsafe class ParallelBackward<T, TScalar>
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly INetwork<T> _network;
        private readonly int[] _order;
        private readonly T[][] _shares;
        private readonly double[] _losses;
        private readonly Action<int> _work;
        private readonly T* _inputs;
        private readonly int _inputLength;
        private readonly T* _targets;
        private readonly int _targetLength;
        private readonly int* _labels;
        private readonly int _labelLength;
        private T[] _gradient = Array.Empty<T>();
        private int _start;
        private int _end;

        public ParallelBackward(INetwork<T> network, int threads, int[] order, T* inputs, int inputLength, T* targets, int targetLength, int* labels, int labelLength)
        {
            _network = network;
            _order = order;
            _shares = new T[threads][];
            for (int t = 1; t < threads; t++)
            {
                _shares[t] = new T[network.ParameterCount];
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
        public double Run(int start, int end, T[] gradient)
        {
            _gradient = gradient;
            _start = start;
            _end = end;
            Parallel.For(0, _shares.Length, _work);

            double loss = _losses[0];
            for (int t = 1; t < _shares.Length; t++)
            {
                loss += _losses[t];
                MoveInto(_shares[t], gradient);
            }

            return loss;
        }

        /// <summary>gradient ← gradient + share, then share ← 0, a vector at a time.</summary>
        private static void MoveInto(T[] share, T[] gradient)
        {
            Span<Vector<T>> from = MemoryMarshal.Cast<T, Vector<T>>(share.AsSpan());
            Span<Vector<T>> to = MemoryMarshal.Cast<T, Vector<T>>(gradient.AsSpan(0, share.Length));
            for (int v = 0; v < from.Length; v++)
            {
                to[v] += from[v];
                from[v] = Vector<T>.Zero;
            }

            TScalar scalar = default;
            for (int k = from.Length * Vector<T>.Count; k < share.Length; k++)
            {
                gradient[k] = scalar.Add(gradient[k], share[k]);
                share[k] = default;
            }
        }

        private void Work(int thread)
        {
            var inputs = new ReadOnlySpan<T>(_inputs, _inputLength);
            DataSet<T> data = _labelLength > 0
                ? DataSet<T>.WithLabels(inputs, new ReadOnlySpan<int>(_labels, _labelLength))
                : new DataSet<T>(inputs, new ReadOnlySpan<T>(_targets, _targetLength));
            Span<T> oneHot = stackalloc T[_network.OutputSize];
            int count = _end - _start;
            int first = _start + count * thread / _shares.Length;
            int last = _start + count * (thread + 1) / _shares.Length;
            T[] sink = thread == 0 ? _gradient : _shares[thread];
            double loss = 0;
            TScalar scalar = default;
            for (int s = first; s < last; s++)
            {
                int sample = _order[s];
                loss += scalar.ToDouble(_network.Backward(data.Input(sample, _network.InputSize), Trainer.TargetOf<T, TScalar>(data, sample, oneHot), sink));
            }

            _losses[thread] = loss;
        }
    }
}
