using System;

namespace BpGen
{
    /// <summary>
    /// A mini-batch step on sequences: each sequence's gradient by backpropagation through time (whole,
    /// or window by window with <see cref="TrainingOptions.TruncatedSteps"/>), summed, clipped if the
    /// options say so, then the optimizer's step. The state, the record of a window's steps and the
    /// gradients are buffers allocated once per <c>Train</c>, so a step allocates nothing and takes the
    /// same stack for any sequence length.
    /// </summary>
    internal sealed class SequenceGradientStep<T, TScalar> : ITrainingStep
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly IRecurrentNetwork<T> _network;
        private readonly SequenceDataSet<T> _data;
        private readonly int[] _order;
        private readonly OptimizerStep<T, TScalar> _optimizer;
        private readonly double _clipping;
        private readonly int _window; // steps per window; a sequence's length when not truncated
        private readonly T[] _gradient;
        private readonly T[] _windowGradient; // a window's gradient before its weight; empty unless every step has a target and windows are cut
        private readonly T[] _state;
        private readonly T[] _record;
        private readonly T[] _output; // Step's output while running forward to the last window

        public SequenceGradientStep(IRecurrentNetwork<T> network, ITrainee<T> trainee, SequenceDataSet<T> data, int[] order, TrainingOptions options)
        {
            _network = network;
            _data = data;
            _order = order;
            _optimizer = new OptimizerStep<T, TScalar>(trainee, options);
            _clipping = options.GradientClipping;
            _window = options.TruncatedSteps == 0 ? data.LongestSequence : Math.Min(options.TruncatedSteps, data.LongestSequence);
            bool windows = _window < data.LongestSequence;
            _gradient = new T[network.ParameterCount];
            _windowGradient = windows && data.TargetSteps == SequenceTargets.EveryStep ? new T[network.ParameterCount] : Array.Empty<T>();
            _state = new T[network.StateSize];
            _record = new T[_window * network.RecordSizePerStep];
            _output = new T[windows && data.TargetSteps == SequenceTargets.LastStep ? network.OutputSize : 0];
        }

        public void Take(int start, int end, ref double lossSum)
        {
            for (int s = start; s < end; s++)
            {
                lossSum += AddGradient(_order[s]);
            }

            GradientClipping.Apply<T, TScalar>(_gradient, end - start, _clipping);
            _optimizer.Apply(_gradient, end - start);
        }

        /// <summary>Adds one sequence's gradient into the batch's and returns its loss J, the mean over its targeted steps.</summary>
        private double AddGradient(int sequence)
        {
            TScalar scalar = default;
            ReadOnlySpan<T> inputs = _data.Inputs(sequence), targets = _data.Targets(sequence);
            int steps = _data.Length(sequence), inputSize = _network.InputSize, outputSize = _network.OutputSize;
            Span<T> state = _state;
            state.Clear();
            if (steps <= _window)
            {
                return scalar.ToDouble(_network.BackwardSequence(inputs, targets, _gradient, state, _record));
            }

            int last = (steps - 1) / _window * _window; // the first step of the last window
            if (_data.TargetSteps == SequenceTargets.LastStep)
            {
                // Only the last window reaches the target; the steps before it just carry the state there.
                for (int step = 0; step < last; step++)
                {
                    _network.Step(inputs.Slice(step * inputSize, inputSize), state, _output);
                }

                return scalar.ToDouble(_network.BackwardSequence(inputs.Slice(last * inputSize), targets, _gradient, state, _record));
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
                for (int k = 0; k < _gradient.Length; k++)
                {
                    _gradient[k] = scalar.Add(_gradient[k], scalar.Multiply(factor, _windowGradient[k]));
                    _windowGradient[k] = default;
                }
            }

            return loss;
        }
    }
}
