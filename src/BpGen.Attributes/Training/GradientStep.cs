namespace BpGen
{
    /// <summary>A mini-batch step in two parts: the summed gradient of its samples, clipped if the options say so, then the optimizer's step with it.</summary>
    internal sealed class GradientStep<T, TScalar> : ITrainingStep
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly BatchGradient<T, TScalar> _gradients;
        private readonly OptimizerStep<T, TScalar> _optimizer;
        private readonly T[] _gradient;
        private readonly double _clipping;

        public GradientStep(INetwork<T> network, ITrainee<T> trainee, PinnedDataSet<T> data, int[] order, int threads, TrainingOptions options)
        {
            _gradients = new BatchGradient<T, TScalar>(network, data, order, System.Math.Min(options.BatchSize, order.Length), threads);
            _optimizer = new OptimizerStep<T, TScalar>(trainee, options);
            _gradient = new T[network.ParameterCount];
            _clipping = options.GradientClipping;
        }

        public void Take(int start, int end, ref double lossSum)
        {
            _gradients.Add(start, end, _gradient, ref lossSum);
            GradientClipping.Apply<T, TScalar>(_gradient, end - start, _clipping);
            _optimizer.Apply(_gradient, end - start);
        }
    }
}
