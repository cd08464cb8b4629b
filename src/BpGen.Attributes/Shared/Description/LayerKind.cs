namespace BpGen
{
    /// <summary>
    /// What a weight layer computes. The binary format stores each layer's kind as this number, the
    /// JSON format as this name; a file of a kind BpGen does not know is refused by both.
    /// </summary>
    internal enum LayerKind
    {
        /// <summary>z^l = W^l·a^(l−1) + b^l, then a^l = f(z^l).</summary>
        Dense = 0,
    }
}
