using System;

namespace BpGen
{
    /// <summary>
    /// How a summed gradient becomes a step, with the optimizer's state for one <c>Train</c> call: SGD
    /// through the network's own <see cref="INetwork{T}.Update"/>, Momentum and Adam here. λ decays
    /// weights, not biases, so those two walk the <see cref="ParameterLayout"/> layer by layer.
    /// </summary>
    internal sealed class OptimizerStep<T, TScalar>
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly INetwork<T> _network;
        private readonly TrainingOptions _options;
        private readonly T _learningRate;
        private readonly T _l2;
        private readonly T[] _moment1;
        private readonly T[] _moment2;
        private int _step;

        public OptimizerStep(INetwork<T> network, TrainingOptions options)
        {
            TScalar s = default;
            _network = network;
            _options = options;
            _learningRate = s.FromDouble(options.LearningRate);
            _l2 = s.FromDouble(options.L2);
            _moment1 = new T[options.Optimizer == Optimizer.Sgd ? 0 : network.ParameterCount];
            _moment2 = new T[options.Optimizer == Optimizer.Adam ? network.ParameterCount : 0];
        }

        /// <summary>One step with the summed gradient of <paramref name="batchSize"/> samples, then clears the gradient.</summary>
        public void Apply(Span<T> gradient, int batchSize)
        {
            if (_options.Optimizer == Optimizer.Sgd)
            {
                _network.Update(gradient, _learningRate, batchSize, _l2);
                return;
            }

            TScalar s = default;
            _step++;
            Span<T> theta = _network.Parameters;
            T inverseBatch = s.FromDouble(1.0 / batchSize);
            T learningRate = _learningRate, l2 = _l2; // locals, which the JIT keeps in registers
            T one = s.FromDouble(1);
            bool adam = _options.Optimizer == Optimizer.Adam;
            T mu = s.FromDouble(_options.Momentum);
            T beta1 = s.FromDouble(_options.Beta1), beta2 = s.FromDouble(_options.Beta2), epsilon = s.FromDouble(_options.AdamEpsilon);
            T correction1 = s.FromDouble(1 - Math.Pow(_options.Beta1, _step));
            T correction2 = s.FromDouble(1 - Math.Pow(_options.Beta2, _step));

            var layout = new ParameterLayout(_network.Signature.Sizes);
            for (int l = 1; l <= layout.Layers; l++)
            {
                int weightsEnd = layout.BiasOffset(l);
                int biasesEnd = weightsEnd + layout.BiasCount(l);
                for (int k = layout.WeightOffset(l); k < biasesEnd; k++)
                {
                    // g = gradient/m + λ·W for weights, gradient/m for biases.
                    T g = s.Multiply(gradient[k], inverseBatch);
                    if (k < weightsEnd)
                    {
                        g = s.Add(g, s.Multiply(l2, theta[k]));
                    }

                    if (adam)
                    {
                        // m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g², θ ← θ − α·m̂ / (√v̂ + ε)
                        _moment1[k] = s.Add(s.Multiply(beta1, _moment1[k]), s.Multiply(s.Subtract(one, beta1), g));
                        _moment2[k] = s.Add(s.Multiply(beta2, _moment2[k]), s.Multiply(s.Multiply(s.Subtract(one, beta2), g), g));
                        T step = s.Divide(s.Multiply(learningRate, s.Divide(_moment1[k], correction1)), s.Add(s.Sqrt(s.Divide(_moment2[k], correction2)), epsilon));
                        theta[k] = s.Subtract(theta[k], step);
                    }
                    else
                    {
                        // v ← μ·v + g, θ ← θ − α·v
                        _moment1[k] = s.Add(s.Multiply(mu, _moment1[k]), g);
                        theta[k] = s.Subtract(theta[k], s.Multiply(learningRate, _moment1[k]));
                    }

                    gradient[k] = default;
                }
            }
        }
    }
}
