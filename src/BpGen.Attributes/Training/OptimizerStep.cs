using System;
using System.Numerics;

namespace BpGen
{
    /// <summary>
    /// How a summed gradient becomes a step, with the optimizer's state for one <c>Train</c> call: SGD
    /// through the network's own <see cref="INetwork{T}.Update"/>, Momentum and Adam here. λ decays
    /// weights, not biases, so those two walk the <see cref="ParameterLayout"/> one range of weights or
    /// biases at a time, each a <see cref="Vector{T}"/> at a time.
    /// </summary>
    internal sealed class OptimizerStep<T, TScalar>
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly INetwork<T> _network;
        private readonly TrainingOptions _options;
        private readonly T[] _moment1;
        private readonly T[] _moment2;
        private int _step;

        public OptimizerStep(INetwork<T> network, TrainingOptions options)
        {
            _network = network;
            _options = options;
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
            Span<T> theta = _network.Parameters;
            var layout = new ParameterLayout(_network.Signature.Sizes);
            for (int l = 1; l <= layout.Layers; l++)
            {
                int biases = layout.BiasOffset(l);
                Step(theta, gradient, layout.WeightOffset(l), biases, weights: true, rule);
                Step(theta, gradient, biases, biases + layout.BiasCount(l), weights: false, rule);
            }
        }

        /// <summary>
        /// Parameters [<paramref name="start"/>, <paramref name="end"/>), decayed by λ if they are <paramref name="weights"/>:
        /// whole vectors in place, the last few through vectors on the stack padded with zeros, so every
        /// parameter gets the same arithmetic in the same order.
        /// </summary>
        private void Step(Span<T> theta, Span<T> gradient, int start, int end, bool weights, in Rule rule)
        {
            Span<T> moment1 = _moment1, moment2 = _moment2;
            int n = Vector<T>.Count;
            int k = start;
            for (; k + n <= end; k += n)
            {
                StepVector(theta, gradient, moment1, moment2, k, weights, rule);
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

                StepVector(thetaRest, gradientRest, moment1Rest, moment2Rest, 0, weights, rule);
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
        /// The vector of parameters at <paramref name="k"/>: momentum when <paramref name="moment2"/> is
        /// empty, Adam otherwise. Clears the gradient there.
        /// </summary>
        private static void StepVector(Span<T> theta, Span<T> gradient, Span<T> moment1, Span<T> moment2, int k, bool weights, in Rule rule)
        {
            // g = gradient/m + λ·W for weights, gradient/m for biases
            Vector<T> w = Kernels.Load<T>(theta, k);
            Vector<T> g = Kernels.Load<T>(gradient, k) * rule.InverseBatch;
            if (weights)
            {
                g += rule.Decay * w;
            }

            Vector<T> m = Kernels.Load<T>(moment1, k);
            Vector<T> step;
            if (moment2.IsEmpty)
            {
                // v ← μ·v + g, θ ← θ − α·v
                m = (rule.Mu * m) + g;
                step = rule.LearningRate * m;
            }
            else
            {
                // m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − α·m̂ / (√v̂ + ε)
                m = (rule.Beta1 * m) + (rule.OneMinusBeta1 * g);
                Vector<T> v = (rule.Beta2 * Kernels.Load<T>(moment2, k)) + (rule.OneMinusBeta2 * g * g);
                step = rule.LearningRate * (m / rule.Correction1) / (Vector.SquareRoot(v / rule.Correction2) + rule.Epsilon);
                Kernels.Store(v, moment2, k);
            }

            Kernels.Store(m, moment1, k);
            Kernels.Store(w - step, theta, k);
            Kernels.Store(Vector<T>.Zero, gradient, k);
        }

        /// <summary>The constants of one step, each in every lane.</summary>
        private readonly struct Rule
        {
            public Rule(TrainingOptions options, int batchSize, int step)
            {
                TScalar s = default;
                InverseBatch = new Vector<T>(s.FromDouble(1.0 / batchSize));
                LearningRate = new Vector<T>(s.FromDouble(options.LearningRate));
                Decay = new Vector<T>(s.FromDouble(options.L2));
                Mu = new Vector<T>(s.FromDouble(options.Momentum));
                T one = s.FromDouble(1);
                T beta1 = s.FromDouble(options.Beta1), beta2 = s.FromDouble(options.Beta2);
                Beta1 = new Vector<T>(beta1);
                Beta2 = new Vector<T>(beta2);
                OneMinusBeta1 = new Vector<T>(s.Subtract(one, beta1));
                OneMinusBeta2 = new Vector<T>(s.Subtract(one, beta2));
                Epsilon = new Vector<T>(s.FromDouble(options.AdamEpsilon));

                // The bias corrections 1 − β^t, computed in double from the options.
                Correction1 = new Vector<T>(s.FromDouble(1 - Math.Pow(options.Beta1, step)));
                Correction2 = new Vector<T>(s.FromDouble(1 - Math.Pow(options.Beta2, step)));
            }

            public Vector<T> InverseBatch { get; }

            public Vector<T> LearningRate { get; }

            /// <summary>λ, for weights.</summary>
            public Vector<T> Decay { get; }

            public Vector<T> Mu { get; }

            public Vector<T> Beta1 { get; }

            public Vector<T> Beta2 { get; }

            public Vector<T> OneMinusBeta1 { get; }

            public Vector<T> OneMinusBeta2 { get; }

            public Vector<T> Epsilon { get; }

            public Vector<T> Correction1 { get; }

            public Vector<T> Correction2 { get; }
        }
    }
}
