using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace BpGen
{
    /// <summary>
    /// Where a mini-batch's gradient comes from: BackwardBatch over its samples, on the calling thread
    /// or split over threads into contiguous slices. The shuffled samples are first gathered one after
    /// another into buffers allocated once per training, each thread gathering its own slice. Split,
    /// the first thread sums into the caller's gradient, every other into a gradient of its own, added
    /// in thread order afterwards, so the result is the same for the same split whatever the scheduling.
    /// </summary>
    internal sealed class BatchGradient<T, TScalar>
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly INetwork<T> _network;
        private readonly PinnedDataSet<T> _data;
        private readonly int[] _order;
        private readonly T[][] _shares;
        private readonly double[] _losses;
        private readonly T[] _inputs;
        private readonly T[] _targets;
        private readonly Action<int> _work;
        private T[] _gradient = Array.Empty<T>();
        private int _start;
        private int _end;

        /// <summary>Sums batches of up to <paramref name="batchSize"/> samples on <paramref name="threads"/> threads; 1 is the calling thread alone.</summary>
        public BatchGradient(INetwork<T> network, PinnedDataSet<T> data, int[] order, int batchSize, int threads)
        {
            _inputs = new T[batchSize * network.InputSize];
            _targets = new T[batchSize * network.OutputSize];
            _network = network;
            _data = data;
            _order = order;
            _shares = new T[threads][];
            for (int t = 1; t < threads; t++)
            {
                _shares[t] = new T[network.ParameterCount];
            }

            _losses = new double[threads];
            _work = Work; // one delegate for the whole training, not one per batch
        }

        /// <summary>
        /// Adds the gradient of the samples order[start..end) into <paramref name="gradient"/> and their
        /// losses to <paramref name="lossSum"/> (on one thread at once, split thread by thread).
        /// </summary>
        public void Add(int start, int end, T[] gradient, ref double lossSum)
        {
            _start = start;
            if (_shares.Length == 1)
            {
                Backward(start, end, gradient, ref lossSum);
                return;
            }

            _gradient = gradient;
            _end = end;
            Parallel.For(0, _shares.Length, _work);

            double loss = _losses[0];
            for (int t = 1; t < _shares.Length; t++)
            {
                loss += _losses[t];
                MoveInto(_shares[t], gradient, Vector.IsHardwareAccelerated);
            }

            lossSum += loss;
        }

        /// <summary>
        /// gradient ← gradient + share, then share ← 0: a <see cref="Vector{T}"/> at a time where
        /// <paramref name="vectors"/> (where vectors are hardware-accelerated; elsewhere Vector{T} is
        /// emulated, slower than plain arithmetic), one by one for the rest. Either way the same sums.
        /// </summary>
        internal static void MoveInto(T[] share, T[] gradient, bool vectors)
        {
            int k = 0;
            if (vectors)
            {
                Span<Vector<T>> from = MemoryMarshal.Cast<T, Vector<T>>(share.AsSpan());
                Span<Vector<T>> to = MemoryMarshal.Cast<T, Vector<T>>(gradient.AsSpan(0, share.Length));
                for (int v = 0; v < from.Length; v++)
                {
                    to[v] += from[v];
                    from[v] = Vector<T>.Zero;
                }

                k = from.Length * Vector<T>.Count;
            }

            TScalar scalar = default;
            for (; k < share.Length; k++)
            {
                gradient[k] = scalar.Add(gradient[k], share[k]);
                share[k] = default;
            }
        }

        private void Work(int thread)
        {
            int count = _end - _start;
            int first = _start + count * thread / _shares.Length;
            int last = _start + count * (thread + 1) / _shares.Length;
            double loss = 0;
            Backward(first, last, thread == 0 ? _gradient : _shares[thread], ref loss);
            _losses[thread] = loss;
        }

        /// <summary>
        /// BackwardBatch of the samples order[first..last) into <paramref name="sink"/>, their losses added
        /// to <paramref name="loss"/>; they are gathered into the buffers at their places in the batch.
        /// </summary>
        private void Backward(int first, int last, T[] sink, ref double loss)
        {
            int inputSize = _network.InputSize, outputSize = _network.OutputSize;
            int offset = first - _start;
            Span<T> inputs = _inputs.AsSpan(offset * inputSize, (last - first) * inputSize);
            Span<T> targets = _targets.AsSpan(offset * outputSize, (last - first) * outputSize);
            _data.DataSet.Gather<TScalar>(_order.AsSpan(first, last - first), inputs, targets);
            loss += default(TScalar).ToDouble(_network.BackwardBatch(inputs, targets, sink));
        }
    }
}
