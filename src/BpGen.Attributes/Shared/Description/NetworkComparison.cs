using static System.FormattableString;

namespace BpGen
{
    /// <summary>What a file and the network it is for disagree on, which decides the diagnostic.</summary>
    internal enum MismatchKind
    {
        /// <summary>The number of layers, the inputs, or a layer's neurons or kind (BPG014).</summary>
        Layers,

        /// <summary>A layer's activation, or the output layer's (BPG015).</summary>
        Activation,

        /// <summary>The loss, or an output the loss does not allow (BPG018).</summary>
        Loss,

        /// <summary>Float against double: only loading a BpGen file into a built network requires the same.</summary>
        ElementType,
    }

    /// <summary>The first difference between a file's network and the one it is for.</summary>
    internal sealed class NetworkMismatch
    {
        public NetworkMismatch(MismatchKind kind, string message)
        {
            Kind = kind;
            Message = message;
        }

        public MismatchKind Kind { get; }

        /// <summary>What the file has and what the attribute says, e.g. "layer 1 has 4 neurons in the file, 3 in the attribute".</summary>
        public string Message { get; }
    }

    /// <summary>
    /// Whether a file's network (<see cref="NetworkDescription"/>, from any reader) is the one declared
    /// (<see cref="NetworkSignature"/>): the one comparison behind Weights = "…" at compile time and
    /// LoadParameters, ImportParametersJson and ImportOnnx at run time, so all of them accept the same
    /// files and name a difference in the same words.
    /// </summary>
    internal static class NetworkComparison
    {
        /// <summary>The first difference, layers before activations before the loss; null when there is none.</summary>
        /// <param name="found">The file's network.</param>
        /// <param name="expected">The network declared.</param>
        /// <param name="sameElementType">
        /// Whether a BpGen file's values must be of the network's type, as when loading into a built
        /// network; compiled in, any file's values are rounded once to the network's type instead.
        /// </param>
        public static NetworkMismatch? Find(NetworkDescription found, NetworkSignature expected, bool sameElementType)
        {
            return FindLayers(found, expected)
                ?? FindActivations(found, expected)
                ?? FindOutput(found, expected)
                ?? FindElementType(found, expected, sameElementType);
        }

        private static NetworkMismatch? FindLayers(NetworkDescription found, NetworkSignature expected)
        {
            int[] sizes = expected.Sizes.ToArray();
            if (found.Sizes.Length != sizes.Length)
            {
                return Layers($"the file has {found.Sizes.Length - 1} layers ({string.Join("-", found.Sizes)}), the attribute {sizes.Length - 1} ({string.Join("-", sizes)})");
            }

            for (int l = 0; l < sizes.Length; l++)
            {
                if (found.Sizes[l] != sizes[l])
                {
                    return Layers(l == 0
                        ? Invariant($"the file takes {found.Sizes[0]} inputs, the attribute {sizes[0]}")
                        : Invariant($"layer {l} has {found.Sizes[l]} neurons in the file, {sizes[l]} in the attribute"));
                }
            }

            for (int l = 1; l < sizes.Length; l++)
            {
                if (found.Kinds[l - 1] != expected.KindOf(l))
                {
                    return Layers(Invariant($"layer {l} is a {found.Kinds[l - 1]} layer in the file{Name(found, l)}, a {expected.KindOf(l)} layer in the attribute"));
                }
            }

            return null;
        }

        private static NetworkMismatch? FindActivations(NetworkDescription found, NetworkSignature expected)
        {
            for (int l = 1; l < expected.Sizes.Length - 1; l++)
            {
                if (found.Activations[l - 1] != expected.Activations[l - 1])
                {
                    return Activation(Invariant($"layer {l} is followed by {found.Activations[l - 1]} in the file{Name(found, l)}, by {expected.Activations[l - 1]} in the attribute"));
                }
            }

            return null;
        }

        /// <summary>
        /// The output layer and what follows it. A BpGen file names its loss and stores f_L as the
        /// network computes it. An ONNX graph names no loss; its end must be one the declared loss
        /// implies: logits or a final Softmax for SoftmaxCrossEntropy, logits or a final Sigmoid for
        /// BinaryCrossEntropy, the declared f_L otherwise. Only a regression scales its outputs.
        /// </summary>
        private static NetworkMismatch? FindOutput(NetworkDescription found, NetworkSignature expected)
        {
            int last = expected.Sizes.Length - 1;
            Activation end = found.Activations[last - 1];
            Activation declared = expected.Activations[last - 1];
            string name = Name(found, last);
            if (found.Loss is { } loss)
            {
                // The loss first: it fixes the output layer of all but a regression, so another loss is the cause.
                if (loss != expected.Loss)
                {
                    return Loss(Invariant($"the file is for Loss.{loss}, the attribute says Loss.{expected.Loss}"));
                }

                if (end != declared)
                {
                    return Activation(Invariant($"the output layer {last} is followed by {end} in the file, by {declared} in the attribute{OutputActivationHint(expected, end)}"));
                }
            }
            else if (found.EndsWithSoftmax && expected.Loss != BpGen.Loss.SoftmaxCrossEntropy)
            {
                return Loss(Invariant($"the file ends with a Softmax, which only Loss.SoftmaxCrossEntropy implies; the attribute says Loss.{expected.Loss}"));
            }
            else if (expected.Loss == BpGen.Loss.SoftmaxCrossEntropy && end != BpGen.Activation.Identity)
            {
                return Activation(Invariant($"the output layer {last} is followed by {end} in the file{name}; Loss.SoftmaxCrossEntropy needs its logits, with or without a final Softmax"));
            }
            else if (expected.Loss == BpGen.Loss.BinaryCrossEntropy && end is not (BpGen.Activation.Sigmoid or BpGen.Activation.Identity))
            {
                return Activation(Invariant($"the output layer {last} is followed by {end} in the file{name}; Loss.BinaryCrossEntropy needs a final Sigmoid or none"));
            }
            else if (expected.Loss == BpGen.Loss.MeanSquaredError && end != declared)
            {
                return Activation(Invariant($"the output layer {last} is followed by {end} in the file{name}, by {declared} in the attribute{OutputActivationHint(expected, end)}"));
            }

            return found.OutputScaling is not null && expected.Loss != BpGen.Loss.MeanSquaredError
                ? Loss(Invariant($"the file scales the outputs after the last layer, which only a regression (Loss.MeanSquaredError) does; the attribute says Loss.{expected.Loss}"))
                : null;
        }

        private static NetworkMismatch? FindElementType(NetworkDescription found, NetworkSignature expected, bool sameElementType) =>
            sameElementType && found.ElementSize is { } size && size != expected.ElementSize
                ? new NetworkMismatch(MismatchKind.ElementType, Invariant($"the file holds {(size == 8 ? "double" : "float")} values, the network {(expected.UseDouble ? "double" : "float")} ones"))
                : null;

        /// <summary>For a regression, whose output layer's activation the attribute may choose, the setting that takes the file's.</summary>
        private static string OutputActivationHint(NetworkSignature expected, Activation end) =>
            expected.Loss == BpGen.Loss.MeanSquaredError ? $" (OutputActivation = Activation.{end} takes the file's)" : "";

        /// <summary>" (node 'act1' (Tanh))" for layer <paramref name="l"/>, or nothing where the file names no layers.</summary>
        private static string Name(NetworkDescription found, int l) =>
            string.IsNullOrEmpty(found.LayerNames[l - 1]) ? "" : " (" + found.LayerNames[l - 1] + ")";

        private static NetworkMismatch Layers(string message) => new(MismatchKind.Layers, message);

        private static NetworkMismatch Activation(string message) => new(MismatchKind.Activation, message);

        private static NetworkMismatch Loss(string message) => new(MismatchKind.Loss, message);
    }
}
