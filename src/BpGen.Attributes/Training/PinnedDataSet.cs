namespace BpGen
{
    /// <summary>
    /// A <see cref="DataSet{T}"/> kept as pointers, so that classes and worker threads can hold it; the
    /// caller keeps the spans pinned for as long as this lives.
    /// </summary>
    internal readonly unsafe struct PinnedDataSet<T>
        where T : unmanaged
    {
        private readonly T* _inputs;
        private readonly int _inputLength;
        private readonly T* _targets;
        private readonly int _targetLength;
        private readonly int* _labels;
        private readonly int _labelLength;

        public PinnedDataSet(T* inputs, int inputLength, T* targets, int targetLength, int* labels, int labelLength)
        {
            _inputs = inputs;
            _inputLength = inputLength;
            _targets = targets;
            _targetLength = targetLength;
            _labels = labels;
            _labelLength = labelLength;
        }

        /// <summary>The data set again, as spans over the pinned memory.</summary>
        public DataSet<T> DataSet
        {
            get
            {
                var inputs = new System.ReadOnlySpan<T>(_inputs, _inputLength);
                return _labelLength > 0
                    ? DataSet<T>.WithLabels(inputs, new System.ReadOnlySpan<int>(_labels, _labelLength))
                    : new DataSet<T>(inputs, new System.ReadOnlySpan<T>(_targets, _targetLength));
            }
        }
    }
}
