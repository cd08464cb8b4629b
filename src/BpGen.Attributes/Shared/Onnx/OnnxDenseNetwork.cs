namespace BpGen.Onnx
{
    /// <summary>A dense network read from an ONNX file, in BpGen's terms.</summary>
    internal sealed class OnnxDenseNetwork
    {
        public OnnxDenseNetwork(int[] sizes, Activation[] activations, bool endsWithSoftmax, double[] parameters, string[]? layerNodes = null,
            FeatureScaling? inputScaling = null, FeatureScaling? outputScaling = null)
        {
            InputScaling = inputScaling;
            OutputScaling = outputScaling;
            LayerNodes = layerNodes ?? new string[activations.Length];
            Sizes = sizes;
            Activations = activations;
            EndsWithSoftmax = endsWithSoftmax;
            Parameters = parameters;
        }

        /// <summary>n_0 … n_L: the inputs, then each layer's neurons.</summary>
        public int[] Sizes { get; }

        /// <summary>
        /// The element-wise activation after each layer, hidden layers first, the output layer last;
        /// Identity where the file has none. A Sigmoid that ends the graph is the output layer's
        /// activation, as in BinaryCrossEntropy's output layer or a MeanSquaredError network's.
        /// </summary>
        public Activation[] Activations { get; }

        /// <summary>
        /// True when a Softmax on the last axis follows the output layer directly (whose activation is
        /// then Identity): the output of a SoftmaxCrossEntropy network.
        /// </summary>
        public bool EndsWithSoftmax { get; }

        /// <summary>
        /// Every weight and bias in BpGen's layout: layer after layer, W^l row-major (W^l[i,j] at
        /// offset + i·n_(l−1) + j), then b^l; finite, at the file's precision (a FLOAT or FLOAT16 weight
        /// widened, which is exact, a DOUBLE one as stored), so each consumer rounds once to its own type.
        /// </summary>
        public double[] Parameters { get; }

        /// <summary>
        /// How messages name each layer's node in the file: its activation's ("node 'act1' (Tanh)"), or
        /// the Gemm or MatMul's when the layer has no activation.
        /// </summary>
        public string[] LayerNodes { get; }

        /// <summary>
        /// The standardization the graph applies to its input before the first layer ((x − μ) / σ as Sub
        /// then Div or Mul by constants), or null when it has none.
        /// </summary>
        public FeatureScaling? InputScaling { get; }

        /// <summary>
        /// The scaling the graph applies after the last layer (y = a·σ + μ as Mul then Add by constants),
        /// mapping a regression network's standardized outputs back to the targets' units; null when none.
        /// </summary>
        public FeatureScaling? OutputScaling { get; }
    }
}
