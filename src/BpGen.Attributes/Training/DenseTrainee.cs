using System;

namespace BpGen
{
    /// <summary>A dense network and its validation set, pinned for the length of <c>Train</c>.</summary>
    internal sealed class DenseTrainee<T, TScalar> : ITrainee<T>
        where T : unmanaged, IComparable<T>
        where TScalar : struct, IScalar<T>
    {
        private readonly INetwork<T> _network;
        private readonly PinnedDataSet<T> _validation;

        public DenseTrainee(INetwork<T> network, PinnedDataSet<T> validation, bool validating)
        {
            _network = network;
            _validation = validation;
            Validating = validating;
        }

        public int ParameterCount => _network.ParameterCount;

        public Span<T> Parameters => _network.Parameters;

        public ParameterLayout Layout => _network.Signature.Layout;

        public bool Validating { get; }

        public void Update(Span<T> gradient, T learningRate, int batchSize, T l2) => _network.Update(gradient, learningRate, batchSize, l2);

        public Evaluation Validate() => Evaluator.Evaluate<T, TScalar>(_network, _validation.DataSet);
    }
}
