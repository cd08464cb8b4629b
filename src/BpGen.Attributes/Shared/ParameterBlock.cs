namespace BpGen
{
    /// <summary>What a <see cref="ParameterBlock"/> holds.</summary>
    internal enum ParameterBlockKind
    {
        /// <summary>W^l, indexed [i,j].</summary>
        Weights,

        /// <summary>b^l, indexed [i].</summary>
        Biases,

        /// <summary>A recurrent layer's weight_ih: its gates' input weights stacked, indexed [gate row, input].</summary>
        InputWeights,

        /// <summary>A recurrent layer's weight_hh: its gates' weights on the state h, indexed [gate row, state].</summary>
        RecurrentWeights,

        /// <summary>A recurrent layer's bias_ih, indexed [gate row].</summary>
        InputBiases,

        /// <summary>A recurrent layer's bias_hh, indexed [gate row].</summary>
        RecurrentBiases,
    }

    /// <summary>
    /// One contiguous run of the parameters, a matrix of <see cref="Rows"/> × <see cref="Columns"/>
    /// stored row-major: W^l or b^l of a dense layer, weight_ih, weight_hh, bias_ih or bias_hh of a
    /// recurrent one, in <see cref="ParameterLayout"/>.
    /// </summary>
    internal readonly struct ParameterBlock
    {
        public ParameterBlock(ParameterBlockKind kind, int layer, int offset, int rows, int columns, bool decayed)
        {
            Kind = kind;
            Layer = layer;
            Offset = offset;
            Rows = rows;
            Columns = columns;
            Decayed = decayed;
        }

        public ParameterBlockKind Kind { get; }

        /// <summary>l, the weight layer the block belongs to (1 … L).</summary>
        public int Layer { get; }

        /// <summary>Where the block starts in the parameters.</summary>
        public int Offset { get; }

        public int Rows { get; }

        public int Columns { get; }

        /// <summary>Whether L2 regularization (λ) decays these values: weights are decayed, biases are not.</summary>
        public bool Decayed { get; }

        /// <summary>Rows × columns.</summary>
        public int Count => Rows * Columns;

        /// <summary>Where the next block starts.</summary>
        public int End => Offset + Count;

        /// <summary>"W2", "b2", or a recurrent layer's "weight_ih1", "weight_hh1", "bias_ih1", "bias_hh1" (PyTorch's names, numbered as BpGen's layers).</summary>
        public string Name => Kind switch
        {
            ParameterBlockKind.Weights => "W",
            ParameterBlockKind.Biases => "b",
            ParameterBlockKind.InputWeights => "weight_ih",
            ParameterBlockKind.RecurrentWeights => "weight_hh",
            ParameterBlockKind.InputBiases => "bias_ih",
            _ => "bias_hh",
        } + Layer.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>"W2[1,0]" or "b2[1]" for the value <paramref name="index"/> places into the block.</summary>
        public string ElementName(int index) =>
            Columns > 1 ? $"{Name}[{index / Columns},{index % Columns}]" : $"{Name}[{index}]";
    }
}
