using System;
using System.IO;
using static System.FormattableString;

namespace BpGen.Onnx
{
    /// <summary>
    /// Reads a network from an ONNX file: the chain of layers (Gemm, or MatMul then Add) and
    /// activations from the graph's one input to its one output, the weights in BpGen's layout, and
    /// the scaling of its input and output where the graph has one; or, from a graph with GRU and LSTM
    /// nodes, PyTorch's recurrent layers among the dense ones (see <see cref="OnnxRecurrentNode"/>). The
    /// generator (at compile time) and the runtime's ImportOnnx share this code, so both accept and
    /// reject exactly the same files with the same messages.
    /// </summary>
    internal static class OnnxReader
    {
        public const int MinOpset = 9;
        public const int MaxOpset = 21;

        /// <summary>
        /// The largest weights file read, 64 MiB, by ImportOnnx at run time and by the generator for any
        /// weights file: a float network of up to about 16 million parameters, twice the file of the largest
        /// dense network within BpGen's size limit, and a bound on what a bad file or stream can make either allocate.
        /// </summary>
        public const int MaxFileBytes = 64 << 20;

        /// <summary>
        /// The network in <paramref name="bytes"/>, a whole ONNX file. A file that is malformed or is
        /// not a network BpGen holds throws <see cref="InvalidDataException"/> (as LoadParameters does) naming the node, tensor or
        /// layer, what was expected and what was found; nothing else is thrown for any content.
        /// </summary>
        public static NetworkDescription Read(byte[] bytes)
        {
            if (bytes is null)
            {
                throw new ArgumentNullException(nameof(bytes));
            }

            OnnxModel model = OnnxModel.Decode(bytes);
            if (model.Opset < MinOpset || model.Opset > MaxOpset)
            {
                throw new InvalidDataException(model.Opset == 0
                    ? "The ONNX file imports no standard operator set (opset_import with domain \"\" or \"ai.onnx\")."
                    : Invariant($"The ONNX file uses operator set {model.Opset}; BpGen reads opsets {MinOpset} to {MaxOpset}."));
            }

            foreach (OnnxNode node in model.Graph.Nodes)
            {
                OnnxAttributeSchema.Check(node);
            }

            return new OnnxChainWalk(model).Run();
        }
    }
}
