namespace BpGen.Onnx
{
    /// <summary>One dense layer as read so far: z^l = W^l·a^(l−1) + b^l, then its activation.</summary>
    internal sealed class OnnxLayer
    {
        public OnnxLayer(int number, OnnxNode node, int inputs, int outputs, double[] weights, double[]? biases)
        {
            Number = number;
            Node = node;
            Inputs = inputs;
            Outputs = outputs;
            Weights = weights;
            Biases = biases ?? new double[outputs];
            AwaitsBias = biases is null && node.OpType == "MatMul";
        }

        public int Number { get; }

        public OnnxNode Node { get; }

        public int Inputs { get; }

        public int Outputs { get; }

        /// <summary>W^l row-major: W^l[i,j] at i·Inputs + j.</summary>
        public double[] Weights { get; }

        public double[] Biases { get; set; }

        /// <summary>A MatMul whose Add may follow.</summary>
        public bool AwaitsBias { get; set; }

        public OnnxNode? ActivationNode { get; set; }

        public Activation Activation { get; set; }
    }
}
