using static System.FormattableString;

namespace BpGen.Onnx
{
    /// <summary>What the loss implies for the end of an ONNX graph.</summary>
    internal enum OnnxOutput
    {
        /// <summary>MeanSquaredError: the output layer's activation is in the file as it is in the network.</summary>
        AsDeclared,

        /// <summary>SoftmaxCrossEntropy: logits (Identity), with or without a final Softmax.</summary>
        Softmax,

        /// <summary>BinaryCrossEntropy: a final Sigmoid, or the logits without it.</summary>
        Sigmoid,
    }

    /// <summary>How an ONNX network differs from the one declared.</summary>
    internal enum OnnxMismatchKind
    {
        Sizes,
        Activation,
    }

    /// <summary>
    /// Whether a network read from ONNX is the declared one: the same layer sizes, each layer's
    /// activation, and an output the loss accounts for. The generator (at compile time) and ImportOnnx
    /// (at run time) share it, so both accept the same files with the same messages.
    /// </summary>
    internal static class OnnxSignatureCheck
    {
        /// <summary>The first difference, as a message naming what the file has and what was declared; null when there is none.</summary>
        /// <param name="found">The network in the file.</param>
        /// <param name="sizes">n_0 … n_L declared.</param>
        /// <param name="activations">f_1 … f_L declared; the output layer's as the network computes it (Identity for softmax, Sigmoid for binary cross-entropy).</param>
        /// <param name="output">What the loss implies for the output layer.</param>
        /// <param name="kind">Which kind of difference it is.</param>
        public static string? FindMismatch(OnnxDenseNetwork found, int[] sizes, Activation[] activations, OnnxOutput output, out OnnxMismatchKind kind)
        {
            kind = OnnxMismatchKind.Sizes;
            if (found.Sizes.Length != sizes.Length)
            {
                return Invariant($"the file has {found.Sizes.Length - 1} layers ({string.Join("-", found.Sizes)}), the attribute {sizes.Length - 1} ({string.Join("-", sizes)})");
            }

            for (int l = 0; l < sizes.Length; l++)
            {
                if (found.Sizes[l] != sizes[l])
                {
                    return l == 0
                        ? Invariant($"the file takes {found.Sizes[0]} inputs, the attribute {sizes[0]}")
                        : Invariant($"layer {l} has {found.Sizes[l]} neurons in the file, {sizes[l]} in the attribute");
                }
            }

            kind = OnnxMismatchKind.Activation;
            int last = sizes.Length - 1;
            for (int l = 1; l < last; l++)
            {
                if (found.Activations[l - 1] != activations[l - 1])
                {
                    return Invariant($"layer {l} is followed by {found.Activations[l - 1]} in the file{Node(found, l)}, by {activations[l - 1]} in the attribute");
                }
            }

            Activation end = found.Activations[last - 1];
            string node = Node(found, last);
            switch (output)
            {
                case OnnxOutput.Softmax:
                    return end == Activation.Identity
                        ? null
                        : Invariant($"the output layer {last} is followed by {end} in the file{node}; Loss.SoftmaxCrossEntropy needs its logits, with or without a final Softmax");
                case OnnxOutput.Sigmoid when found.EndsWithSoftmax:
                case OnnxOutput.AsDeclared when found.EndsWithSoftmax:
                    return Invariant($"the file ends with a Softmax, which only Loss.SoftmaxCrossEntropy implies");
                case OnnxOutput.Sigmoid:
                    return end is Activation.Sigmoid or Activation.Identity
                        ? null
                        : Invariant($"the output layer {last} is followed by {end} in the file{node}; Loss.BinaryCrossEntropy needs a final Sigmoid or none");
                default:
                    return end == activations[last - 1]
                        ? null
                        : Invariant($"the output layer {last} is followed by {end} in the file{node}, by {activations[last - 1]} in the attribute");
            }
        }

        /// <summary>" (node 'act1' (Tanh))" for layer <paramref name="l"/>, or nothing when the file names no nodes.</summary>
        private static string Node(OnnxDenseNetwork found, int l) =>
            string.IsNullOrEmpty(found.LayerNodes[l - 1]) ? "" : " (" + found.LayerNodes[l - 1] + ")";
    }
}
