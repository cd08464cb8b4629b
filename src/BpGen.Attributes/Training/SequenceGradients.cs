using System;
using System.Buffers;

namespace BpGen
{
    /// <summary>
    /// One thread's share of a mini-batch on sequences: each sequence's gradient by backpropagation
    /// through time (whole, or window by window with <see cref="TrainingOptions.TruncatedSteps"/>), added
    /// into a gradient the caller names. Sequences of one length that need no windows go through
    /// <see cref="IRecurrentNetwork{T}.BackwardSequences"/> together, up to <c>together</c> at a time, so
    /// that their forward passes share the batch kernels; the rest one by one. Its state, the gathered
    /// sequences and a window's gradient are buffers allocated once per <c>Train</c>, and the records,
    /// the largest, are rented from the shared array pool until <see cref="Dispose"/>, so that one
    /// <c>Train</c> call after another does not allocate them each time. It allocates nothing per batch
    /// and takes the same stack for any sequence length.
    /// </summary>
    internal sealed class SequenceGradients<T, TScalar> : IDisposable
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly IRecurrentNetwork<T> _network;
        private readonly SequenceDataSet<T> _data;
        private readonly int _window; // steps per window; a sequence's length when not truncated
        private readonly T[] _windowGradient; // a window's gradient before its weight; empty unless every step has a target and windows are cut
        private readonly T[] _state;
        private readonly T[] _record;
        private readonly T[] _output; // Step's output while running forward to the last window
        private readonly int _together; // the most sequences of one BackwardSequences call
        private readonly T[] _inputs; // those sequences' inputs, gathered
        private readonly T[] _targets; // and their targets
        private bool _disposed;

        /// <param name="network">The network trained.</param>
        /// <param name="data">The training sequences.</param>
        /// <param name="window">Steps per window; the longest sequence's length when not truncated.</param>
        /// <param name="together">The most sequences this thread takes of one mini-batch.</param>
        public SequenceGradients(IRecurrentNetwork<T> network, SequenceDataSet<T> data, int window, int together)
        {
            _network = network;
            _data = data;
            _window = window;
            bool windows = window < data.LongestSequence;
            _windowGradient = windows && data.TargetSteps == SequenceTargets.EveryStep ? new T[network.ParameterCount] : Array.Empty<T>();
            _state = new T[network.StateSize];
            _output = new T[windows && data.TargetSteps == SequenceTargets.LastStep ? network.OutputSize : 0];

            // Records and gathered inputs for a whole run of sequences, as many as fit a million values each.
            long perSequence = (long)window * Math.Max(network.RecordSizePerStep, network.InputSize);
            _together = (int)Math.Max(1, Math.Min(together, RecordLimit / perSequence));
            _record = ArrayPool<T>.Shared.Rent(_together * window * network.RecordSizePerStep);
            _inputs = new T[_together > 1 ? _together * window * network.InputSize : 0];
            int targetSteps = data.TargetSteps == SequenceTargets.EveryStep ? window : 1;
            _targets = new T[_together > 1 ? _together * targetSteps * network.OutputSize : 0];
        }

        /// <summary>Returns the records to the pool, once.</summary>
        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                ArrayPool<T>.Shared.Return(_record);
            }
        }

        /// <summary>The most values the records, or the gathered inputs, of sequences taken together may hold (unless one sequence's window needs more).</summary>
        private const int RecordLimit = 1 << 20;

        /// <summary>
        /// Adds the gradients of <paramref name="sequences"/> into <paramref name="gradient"/>, in their
        /// order, and returns the sum of their losses: each run of neighbours of one length within a window
        /// by one <see cref="IRecurrentNetwork{T}.BackwardSequences"/> call, every other sequence alone.
        /// </summary>
        public double AddAll(ReadOnlySpan<int> sequences, T[] gradient)
        {
            double loss = 0;
            for (int i = 0; i < sequences.Length;)
            {
                int steps = _data.Length(sequences[i]), run = 1;
                while (steps <= _window && run < _together && i + run < sequences.Length && _data.Length(sequences[i + run]) == steps)
                {
                    run++;
                }

                loss += run == 1 ? Add(sequences[i], gradient) : AddTogether(sequences.Slice(i, run), steps, gradient);
                i += run;
            }

            return loss;
        }

        /// <summary>Sequences of <paramref name="steps"/> steps each, gathered, through one BackwardSequences call.</summary>
        private double AddTogether(ReadOnlySpan<int> sequences, int steps, T[] gradient)
        {
            int inputs = steps * _network.InputSize, targets = _data.TargetSteps == SequenceTargets.EveryStep ? steps * _network.OutputSize : _network.OutputSize;
            for (int i = 0; i < sequences.Length; i++)
            {
                _data.Inputs(sequences[i]).CopyTo(_inputs.AsSpan(i * inputs, inputs));
                _data.Targets(sequences[i]).CopyTo(_targets.AsSpan(i * targets, targets));
            }

            T loss = _network.BackwardSequences(steps, _inputs.AsSpan(0, sequences.Length * inputs), _targets.AsSpan(0, sequences.Length * targets), gradient, _record);
            return default(TScalar).ToDouble(loss);
        }

        /// <summary>Adds one sequence's gradient into <paramref name="gradient"/> and returns its loss J, the mean over its targeted steps.</summary>
        private double Add(int sequence, T[] gradient)
        {
            TScalar scalar = default;
            ReadOnlySpan<T> inputs = _data.Inputs(sequence), targets = _data.Targets(sequence);
            int steps = _data.Length(sequence), inputSize = _network.InputSize, outputSize = _network.OutputSize;
            Span<T> state = _state;
            state.Clear();
            if (steps <= _window)
            {
                return scalar.ToDouble(_network.BackwardSequence(inputs, targets, gradient, state, _record));
            }

            int last = (steps - 1) / _window * _window; // the first step of the last window
            if (_data.TargetSteps == SequenceTargets.LastStep)
            {
                // Only the last window reaches the target; the steps before it just carry the state there.
                for (int step = 0; step < last; step++)
                {
                    _network.Step(inputs.Slice(step * inputSize, inputSize), state, _output);
                }

                return scalar.ToDouble(_network.BackwardSequence(inputs.Slice(last * inputSize), targets, gradient, state, _record));
            }

            // J = Σ_w (n_w / T)·J_w: each window's mean loss and gradient weighed by its share of the steps.
            double loss = 0;
            for (int first = 0; first < steps; first += _window)
            {
                int n = Math.Min(_window, steps - first);
                double weight = (double)n / steps;
                loss += weight * scalar.ToDouble(_network.BackwardSequence(
                    inputs.Slice(first * inputSize, n * inputSize), targets.Slice(first * outputSize, n * outputSize), _windowGradient, state, _record));
                T factor = scalar.FromDouble(weight);
                for (int k = 0; k < gradient.Length; k++)
                {
                    gradient[k] = scalar.Add(gradient[k], scalar.Multiply(factor, _windowGradient[k]));
                    _windowGradient[k] = default;
                }
            }

            return loss;
        }
    }
}
