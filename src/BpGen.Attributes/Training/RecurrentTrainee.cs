using System;

namespace BpGen
{
    /// <summary>A recurrent network and its validation sequences.</summary>
    internal sealed class RecurrentTrainee<T, TScalar> : ITrainee<T>
        where T : unmanaged, IComparable<T>
        where TScalar : struct, IScalar<T>
    {
        private readonly IRecurrentNetwork<T> _network;
        private readonly SequenceDataSet<T>? _validation;

        public RecurrentTrainee(IRecurrentNetwork<T> network, SequenceDataSet<T>? validation)
        {
            _network = network;
            _validation = validation;
        }

        public int ParameterCount => _network.ParameterCount;

        public Span<T> Parameters => _network.Parameters;

        public ParameterLayout Layout => _network.Signature.Layout;

        public bool Validating => _validation is not null;

        public void Update(Span<T> gradient, T learningRate, int batchSize, T l2) => _network.Update(gradient, learningRate, batchSize, l2);

        public Evaluation Validate() => SequenceEvaluator.Evaluate<T, TScalar>(_network, _validation!);
    }
}
