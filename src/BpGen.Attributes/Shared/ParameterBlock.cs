namespace BpGen
{
    /// <summary>What a <see cref="ParameterBlock"/> holds.</summary>
    internal enum ParameterBlockKind
    {
        /// <summary>W^l, indexed [i,j].</summary>
        Weights,

        /// <summary>b^l, indexed [i].</summary>
        Biases,
    }

    /// <summary>
    /// One contiguous run of the parameters, a matrix of <see cref="Rows"/> × <see cref="Columns"/>
    /// stored row-major: W^l or b^l of <see cref="ParameterLayout"/>.
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

        /// <summary>"W2" or "b2".</summary>
        public string Name => $"{(Kind == ParameterBlockKind.Weights ? "W" : "b")}{Layer}";

        /// <summary>"W2[1,0]" or "b2[1]" for the value <paramref name="index"/> places into the block.</summary>
        public string ElementName(int index) =>
            Kind == ParameterBlockKind.Weights ? $"{Name}[{index / Columns},{index % Columns}]" : $"{Name}[{index}]";
    }
}
