namespace BpGen
{
    /// <summary>The bounds every BpGen network keeps (docs/design.md gives their reasons).</summary>
    internal static class NetworkLimits
    {
        /// <summary>
        /// The most neurons over all layers, inputs included: the generator refuses larger networks
        /// (BPG008), so their stack scratch stays small. As every layer has at least one neuron, it
        /// also bounds the number of layer sizes.
        /// </summary>
        internal const int MaxNeurons = 4096;
    }
}
