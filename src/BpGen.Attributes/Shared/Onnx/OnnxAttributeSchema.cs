using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace BpGen.Onnx
{
    /// <summary>
    /// The attributes ONNX defines, in opsets 9 to 21, for each operator the reader looks at. A node that
    /// sets another, or one twice, makes the model invalid (onnxruntime refuses it), and reading past it
    /// would be worse than refusing: a misspelt name is an absent one, so a Gemm's "TransB" would be read
    /// as transB = 0 and its weights taken transposed. Operators not listed here are refused, or passed
    /// over, by the walk itself.
    /// </summary>
    internal static class OnnxAttributeSchema
    {
        private static readonly string[] None = new string[0];

        private static readonly string[] Recurrent = { "activation_alpha", "activation_beta", "activations", "clip", "direction", "hidden_size", "layout" };

        private static readonly Dictionary<string, string[]> Defined = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Gemm"] = new[] { "alpha", "beta", "transA", "transB" },
            ["MatMul"] = None,
            ["Add"] = None,
            ["Sub"] = None,
            ["Mul"] = None,
            ["Div"] = None,
            ["Relu"] = None,
            ["Sigmoid"] = None,
            ["Tanh"] = None,
            ["Softplus"] = None,
            ["Identity"] = None,
            ["Elu"] = new[] { "alpha" },
            ["LeakyRelu"] = new[] { "alpha" },
            ["Softmax"] = new[] { "axis" },
            ["Flatten"] = new[] { "axis" },
            ["Reshape"] = new[] { "allowzero" },
            ["Transpose"] = new[] { "perm" },
            ["Squeeze"] = new[] { "axes" },
            ["Unsqueeze"] = new[] { "axes" },
            ["Gather"] = new[] { "axis" },
            ["Slice"] = new[] { "starts", "ends", "axes" },
            ["Concat"] = new[] { "axis" },
            ["Shape"] = new[] { "start", "end" },
            ["Expand"] = None,
            ["ConstantOfShape"] = new[] { "value" },
            ["Constant"] = new[] { "value", "sparse_value", "value_float", "value_floats", "value_int", "value_ints", "value_string", "value_strings" },
            ["GRU"] = Recurrent.Append("linear_before_reset").ToArray(),
            ["LSTM"] = Recurrent.Append("input_forget").ToArray(),
        };

        /// <summary>Refuses a node of a listed operator that sets an attribute its operator does not define, or one twice.</summary>
        public static void Check(OnnxNode node)
        {
            if (node.Domain is not ("" or "ai.onnx") || !Defined.TryGetValue(node.OpType, out string[]? defined))
            {
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (OnnxAttribute attribute in node.Attributes)
            {
                if (Array.IndexOf(defined, attribute.Name) < 0)
                {
                    string known = defined.Length == 0 ? "none" : string.Join(", ", defined);
                    throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} has an attribute '{attribute.Name}', which {node.OpType} does not define (its attributes: {known}).");
                }

                if (!seen.Add(attribute.Name))
                {
                    throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} sets its attribute '{attribute.Name}' twice.");
                }
            }
        }
    }
}
