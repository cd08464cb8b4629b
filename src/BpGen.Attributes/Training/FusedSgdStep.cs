namespace BpGen
{
    /// <summary>
    /// Plain SGD on one sample a step through the network's fused <see cref="INetwork{T}.TrainStep"/>:
    /// exactly the parameters of Backward then Update, without a gradient buffer.
    /// </summary>
    internal sealed class FusedSgdStep<T, TScalar> : ITrainingStep
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        private readonly INetwork<T> _network;
        private readonly PinnedDataSet<T> _data;
        private readonly int[] _order;
        private readonly T[] _oneHot;
        private readonly T _learningRate;
        private readonly T _l2;

        public FusedSgdStep(INetwork<T> network, PinnedDataSet<T> data, int[] order, TrainingOptions options)
        {
            TScalar scalar = default;
            _network = network;
            _data = data;
            _order = order;
            _oneHot = new T[network.OutputSize];
            _learningRate = scalar.FromDouble(options.LearningRate);
            _l2 = scalar.FromDouble(options.L2);
        }

        public void Take(int start, int end, ref double lossSum)
        {
            TScalar scalar = default;
            DataSet<T> data = _data.DataSet;
            for (int s = start; s < end; s++)
            {
                int sample = _order[s];
                lossSum += scalar.ToDouble(_network.TrainStep(data.Input(sample, _network.InputSize), data.Target<TScalar>(sample, _oneHot), _learningRate, _l2));
            }
        }
    }
}
