using System;
using System.Linq;

namespace BpGen
{
    /// <summary>
    /// A network as a file holds it, whatever the format: what every reader (BpGen's binary and JSON
    /// files, ONNX) produces and <see cref="NetworkComparison"/> checks against the network it is for,
    /// at compile time (Weights = "…") and at run time (LoadParameters, ImportParametersJson,
    /// ImportOnnx) alike. Value equality, so the generator's pipeline can hold a decoded file in place
    /// of its bytes.
    /// </summary>
    internal sealed class NetworkDescription : IEquatable<NetworkDescription>
    {
        public NetworkDescription(
            string format,
            int[] sizes,
            Layer[] kinds,
            Activation[] activations,
            Loss? loss,
            bool endsWithSoftmax,
            int? elementSize,
            double[] parameters,
            FeatureScaling? inputScaling,
            FeatureScaling? outputScaling,
            string[]? layerNames = null)
        {
            Format = format;
            Sizes = sizes;
            Kinds = kinds;
            Activations = activations;
            Loss = loss;
            EndsWithSoftmax = endsWithSoftmax;
            ElementSize = elementSize;
            Parameters = parameters;
            InputScaling = inputScaling;
            OutputScaling = outputScaling;
            LayerNames = layerNames ?? new string[activations.Length];
        }

        /// <summary>"BpGen binary", "BpGen JSON" or "ONNX", for messages.</summary>
        public string Format { get; }

        /// <summary>n_0 … n_L: the inputs, then each layer's neurons.</summary>
        public int[] Sizes { get; }

        /// <summary>What each weight layer 1 … L computes.</summary>
        public Layer[] Kinds { get; }

        /// <summary>
        /// f_1 … f_L, hidden layers first, the output layer last: in a BpGen file as the network computes
        /// it; in ONNX the element-wise activation after the layer, Identity where there is none (a final
        /// Sigmoid is the output layer's, as for BinaryCrossEntropy; a final Softmax is <see cref="EndsWithSoftmax"/>).
        /// </summary>
        public Activation[] Activations { get; }

        /// <summary>The loss a BpGen file names; null for ONNX, which has none.</summary>
        public Loss? Loss { get; }

        /// <summary>
        /// Whether a Softmax on the last axis follows the output layer (whose activation is then
        /// Identity): how an ONNX graph ends for SoftmaxCrossEntropy. Never in a BpGen file.
        /// </summary>
        public bool EndsWithSoftmax { get; }

        /// <summary>
        /// The bytes of a value in a BpGen file (4 float, 8 double), which LoadParameters requires to be
        /// the network's; null for ONNX, whose values a float or a double network takes alike.
        /// </summary>
        public int? ElementSize { get; }

        /// <summary>
        /// Every weight and bias in the layout of <c>Parameters</c> (<see cref="ParameterLayout"/>),
        /// finite, at the file's precision: float values widened, which is exact, double values as
        /// stored, so that each network rounds them once to its own type.
        /// </summary>
        public double[] Parameters { get; }

        /// <summary>The standardization of the inputs before the first layer, or null.</summary>
        public FeatureScaling? InputScaling { get; }

        /// <summary>The scaling of the outputs after the last layer (a regression network's), or null.</summary>
        public FeatureScaling? OutputScaling { get; }

        /// <summary>How messages name each layer's place in the file ("node 'act1' (Tanh)"), or null where the format has no names.</summary>
        public string?[] LayerNames { get; }

        /// <summary>Σ over the layers of their parameters.</summary>
        public long ParameterCount => Layout.Count;

        /// <summary>Where each layer's parameters sit.</summary>
        public ParameterLayout Layout => new(Sizes, Kinds);

        /// <summary>
        /// E.g. "2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy)" for a BpGen file (a recurrent
        /// layer shows its kind: "3-4-2 float network (Gru, Identity; SoftmaxCrossEntropy)"), "2-3-2 network
        /// (Sigmoid, Identity, Softmax)" for ONNX.
        /// </summary>
        public override string ToString() =>
            $"{string.Join("-", Sizes)} {(ElementSize == 8 ? "double " : ElementSize == 4 ? "float " : "")}network ({NetworkSignature.LayerNotation(Kinds, Activations)}{(Loss is { } loss ? "; " + loss : EndsWithSoftmax ? ", Softmax" : "")})";

        public bool Equals(NetworkDescription? other) =>
            other is not null
            && Format == other.Format
            && Sizes.SequenceEqual(other.Sizes)
            && Kinds.SequenceEqual(other.Kinds)
            && Activations.SequenceEqual(other.Activations)
            && Loss == other.Loss
            && EndsWithSoftmax == other.EndsWithSoftmax
            && ElementSize == other.ElementSize
            && Parameters.SequenceEqual(other.Parameters)
            && Equals(InputScaling, other.InputScaling)
            && Equals(OutputScaling, other.OutputScaling)
            && LayerNames.SequenceEqual(other.LayerNames);

        public override bool Equals(object? obj) => Equals(obj as NetworkDescription);

        public override int GetHashCode() => (Format, Sizes.Length, Parameters.Length, ElementSize).GetHashCode();

        private static bool Equals(FeatureScaling? a, FeatureScaling? b) =>
            a is null ? b is null : b is not null && a.Mean.SequenceEqual(b.Mean) && a.Deviation.SequenceEqual(b.Deviation);
    }
}
