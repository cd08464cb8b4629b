using System;
using System.Numerics;

namespace BpGen
{
    /// <summary>
    /// How a summed gradient becomes a step, with the optimizer's state for one <c>Train</c> call: SGD
    /// through the network's own Update, Momentum and Adam here. λ decays
    /// some blocks (weights), not others (biases), so those two walk the <see cref="ParameterLayout"/>
    /// one block at a time, a <see cref="Vector{T}"/> of parameters at a time where vectors are
    /// hardware-accelerated, one by one elsewhere; either way each parameter gets the same arithmetic.
    /// </summary>
    internal sealed class OptimizerStep<T, TScalar>
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly ITrainee<T> _network;
        private readonly TrainingOptions _options;
        private readonly bool _vectors;
        private readonly T[] _moment1;
        private readonly T[] _moment2;
        private int _step;

        /// <param name="network">The network to step.</param>
        /// <param name="options">The optimizer and its settings.</param>
        /// <param name="vectors">Whether to step a <see cref="Vector{T}"/> at a time; by default where that is hardware-accelerated.</param>
        public OptimizerStep(ITrainee<T> network, TrainingOptions options, bool? vectors = null)
        {
            _network = network;
            _options = options;
            _vectors = vectors ?? Vector.IsHardwareAccelerated;
            _moment1 = new T[options.Optimizer == Optimizer.Sgd ? 0 : network.ParameterCount];
            _moment2 = new T[options.Optimizer == Optimizer.Adam ? network.ParameterCount : 0];
        }

        /// <summary>One step with the summed gradient of <paramref name="batchSize"/> samples, then clears the gradient.</summary>
        public void Apply(Span<T> gradient, int batchSize)
        {
            TScalar s = default;
            if (_options.Optimizer == Optimizer.Sgd)
            {
                _network.Update(gradient, s.FromDouble(_options.LearningRate), batchSize, s.FromDouble(_options.L2));
                return;
            }

            _step++;
            var rule = new Rule(_options, batchSize, _step);
            if (_vectors)
            {
                StepLayers<Vector<T>, VectorStepArithmetic<T>>(gradient, rule);
            }
            else
            {
                StepLayers<T, ScalarStepArithmetic<T, TScalar>>(gradient, rule);
            }
        }

        private void StepLayers<TValue, TArithmetic>(Span<T> gradient, in Rule rule)
            where TArithmetic : struct, IStepArithmetic<T, TValue>
        {
            Span<T> theta = _network.Parameters;
            foreach (ParameterBlock block in _network.Layout)
            {
                Step<TValue, TArithmetic>(theta, gradient, block.Offset, block.End, block.Decayed, rule);
            }
        }

        /// <summary>
        /// Parameters [<paramref name="start"/>, <paramref name="end"/>), decayed by λ when <paramref name="decayed"/>:
        /// whole widths in place, and for vectors the last few through vectors on the stack padded with
        /// zeros, so every parameter gets the same arithmetic in the same order.
        /// </summary>
        private void Step<TValue, TArithmetic>(Span<T> theta, Span<T> gradient, int start, int end, bool decayed, in Rule rule)
            where TArithmetic : struct, IStepArithmetic<T, TValue>
        {
            Span<T> moment1 = _moment1, moment2 = _moment2;
            int n = default(TArithmetic).Width;
            int k = start;
            for (; k + n <= end; k += n)
            {
                StepAt<TValue, TArithmetic>(theta, gradient, moment1, moment2, k, decayed, rule);
            }

            int rest = end - k;
            if (rest > 0)
            {
                Span<T> padded = stackalloc T[4 * n];
                padded.Clear();
                Span<T> thetaRest = padded.Slice(0, n), gradientRest = padded.Slice(n, n), moment1Rest = padded.Slice(2 * n, n);
                Span<T> moment2Rest = moment2.IsEmpty ? default : padded.Slice(3 * n, n);
                theta.Slice(k, rest).CopyTo(thetaRest);
                gradient.Slice(k, rest).CopyTo(gradientRest);
                moment1.Slice(k, rest).CopyTo(moment1Rest);
                if (!moment2.IsEmpty)
                {
                    moment2.Slice(k, rest).CopyTo(moment2Rest);
                }

                StepAt<TValue, TArithmetic>(thetaRest, gradientRest, moment1Rest, moment2Rest, 0, decayed, rule);
                thetaRest.Slice(0, rest).CopyTo(theta.Slice(k, rest));
                moment1Rest.Slice(0, rest).CopyTo(moment1.Slice(k, rest));
                if (!moment2.IsEmpty)
                {
                    moment2Rest.Slice(0, rest).CopyTo(moment2.Slice(k, rest));
                }

                gradient.Slice(k, rest).Clear();
            }
        }

        /// <summary>
        /// The parameters at <paramref name="k"/>: momentum when <paramref name="moment2"/> is empty, Adam
        /// otherwise. Clears the gradient there.
        /// </summary>
        private static void StepAt<TValue, TArithmetic>(Span<T> theta, Span<T> gradient, Span<T> moment1, Span<T> moment2, int k, bool decayed, in Rule rule)
            where TArithmetic : struct, IStepArithmetic<T, TValue>
        {
            TArithmetic x = default;

            // g = gradient/m + λ·W for decayed values (weights), gradient/m for the others (biases)
            TValue w = x.Load(theta, k);
            TValue g = x.Multiply(x.Load(gradient, k), x.Broadcast(rule.InverseBatch));
            if (decayed)
            {
                g = x.Add(g, x.Multiply(x.Broadcast(rule.Decay), w));
            }

            TValue m = x.Load(moment1, k);
            TValue step;
            if (moment2.IsEmpty)
            {
                // v ← μ·v + g, θ ← θ − α·v
                m = x.Add(x.Multiply(x.Broadcast(rule.Mu), m), g);
                step = x.Multiply(x.Broadcast(rule.LearningRate), m);
            }
            else
            {
                // m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − α·m̂ / (√v̂ + ε), with m̂ = m/(1 − β1^t)
                // and √v̂ = √v/√(1 − β2^t) grouped as PyTorch groups them, α/(1 − β1^t) and 1/√(1 − β2^t) computed
                // once per step: each value costs one square root and one division.
                m = x.Add(x.Multiply(x.Broadcast(rule.Beta1), m), x.Multiply(x.Broadcast(rule.OneMinusBeta1), g));
                TValue v = x.Add(x.Multiply(x.Broadcast(rule.Beta2), x.Load(moment2, k)), x.Multiply(x.Multiply(x.Broadcast(rule.OneMinusBeta2), g), g));
                TValue denominator = x.Add(x.Multiply(x.Sqrt(v), x.Broadcast(rule.InverseRootCorrection2)), x.Broadcast(rule.Epsilon));
                step = x.Multiply(x.Broadcast(rule.CorrectedLearningRate), x.Divide(m, denominator));
                x.Store(v, moment2, k);
            }

            x.Store(m, moment1, k);
            x.Store(x.Subtract(w, step), theta, k);
            x.Store(x.Broadcast(default), gradient, k);
        }

        /// <summary>The constants of one step.</summary>
        private readonly struct Rule
        {
            public Rule(TrainingOptions options, int batchSize, int step)
            {
                TScalar s = default;
                InverseBatch = s.FromDouble(1.0 / batchSize);
                LearningRate = s.FromDouble(options.LearningRate);
                Decay = s.FromDouble(options.L2);
                Mu = s.FromDouble(options.Momentum);
                T one = s.FromDouble(1);
                Beta1 = s.FromDouble(options.Beta1);
                Beta2 = s.FromDouble(options.Beta2);
                OneMinusBeta1 = s.Subtract(one, Beta1);
                OneMinusBeta2 = s.Subtract(one, Beta2);
                Epsilon = s.FromDouble(options.AdamEpsilon);

                // From the bias corrections 1 − β^t, computed in double from the options.
                CorrectedLearningRate = s.FromDouble(options.LearningRate / (1 - Math.Pow(options.Beta1, step)));
                InverseRootCorrection2 = s.FromDouble(1 / Math.Sqrt(1 - Math.Pow(options.Beta2, step)));
            }

            public T InverseBatch { get; }

            public T LearningRate { get; }

            /// <summary>λ, for decayed values.</summary>
            public T Decay { get; }

            public T Mu { get; }

            public T Beta1 { get; }

            public T Beta2 { get; }

            public T OneMinusBeta1 { get; }

            public T OneMinusBeta2 { get; }

            public T Epsilon { get; }

            /// <summary>α / (1 − β1^t).</summary>
            public T CorrectedLearningRate { get; }

            /// <summary>1 / √(1 − β2^t).</summary>
            public T InverseRootCorrection2 { get; }
        }
    }
}
