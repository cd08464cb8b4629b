using System;

namespace BpGen
{
    /// <summary>
    /// One thread's share of a mini-batch on sequences: each sequence's gradient by backpropagation
    /// through time (whole, or window by window with <see cref="TrainingOptions.TruncatedSteps"/>), added
    /// into a gradient the caller names. Its state, the record of a window's steps and a window's gradient
    /// are buffers allocated once per <c>Train</c>, so it allocates nothing and takes the same stack for
    /// any sequence length.
    /// </summary>
    internal sealed class SequenceGradients<T, TScalar>
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

        public SequenceGradients(IRecurrentNetwork<T> network, SequenceDataSet<T> data, int window)
        {
            _network = network;
            _data = data;
            _window = window;
            bool windows = window < data.LongestSequence;
            _windowGradient = windows && data.TargetSteps == SequenceTargets.EveryStep ? new T[network.ParameterCount] : Array.Empty<T>();
            _state = new T[network.StateSize];
            _record = new T[window * network.RecordSizePerStep];
            _output = new T[windows && data.TargetSteps == SequenceTargets.LastStep ? network.OutputSize : 0];
        }

        /// <summary>Adds one sequence's gradient into <paramref name="gradient"/> and returns its loss J, the mean over its targeted steps.</summary>
        public double Add(int sequence, T[] gradient)
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
