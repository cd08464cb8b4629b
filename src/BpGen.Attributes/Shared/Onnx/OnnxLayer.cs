namespace BpGen.Onnx
{
    /// <summary>
    /// One layer as read so far: a dense layer, z^l = W^l·a^(l−1) + b^l, then its activation; or a
    /// recurrent layer (GRU or LSTM), whose output is its state h.
    /// </summary>
    internal sealed class OnnxLayer
    {
        /// <summary>A dense layer; <paramref name="biases"/> is null for a MatMul, whose Add may follow.</summary>
        public OnnxLayer(int number, OnnxNode node, int inputs, int outputs, double[] weights, double[]? biases)
        {
            Number = number;
            Node = node;
            Kind = Layer.Dense;
            Inputs = inputs;
            Outputs = outputs;
            Weights = weights;
            Biases = biases ?? new double[outputs];
            AwaitsBias = biases is null && node.OpType == "MatMul";
        }

        /// <summary>A recurrent layer of <paramref name="hidden"/> units; <paramref name="values"/> are its four blocks in BpGen's layout.</summary>
        public OnnxLayer(int number, OnnxNode node, Layer kind, int inputs, int hidden, double[] values)
        {
            Number = number;
            Node = node;
            Kind = kind;
            Inputs = inputs;
            Outputs = hidden;
            Weights = values;
            Biases = new double[0];

            // The output of a recurrent layer is h, which tanh bounds; binary files describe it so.
            Activation = Activation.Tanh;
        }

        public int Number { get; }

        public OnnxNode Node { get; }

        public Layer Kind { get; }

        public int Inputs { get; }

        public int Outputs { get; }

        /// <summary>
        /// A dense layer's W^l row-major (W^l[i,j] at i·Inputs + j); a recurrent layer's weight_ih,
        /// weight_hh, bias_ih and bias_hh, one after the other. Either way the layer's values up to
        /// <see cref="Biases"/>, in the layout of <c>Parameters</c>.
        /// </summary>
        public double[] Weights { get; }

        /// <summary>A dense layer's b^l, which follows W^l; empty for a recurrent layer.</summary>
        public double[] Biases { get; set; }

        /// <summary>A MatMul whose Add may follow.</summary>
        public bool AwaitsBias { get; set; }

        public OnnxNode? ActivationNode { get; set; }

        public Activation Activation { get; set; }
    }
}
