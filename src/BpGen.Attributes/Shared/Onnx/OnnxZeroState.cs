using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace BpGen.Onnx
{
    /// <summary>
    /// The initial states of a graph's GRU and LSTM nodes. BpGen's sequences start from the zero state,
    /// so initial_h and initial_c must be absent or zeros. The exporter writes zeros shaped like the
    /// batch: a ConstantOfShape of value 0 (or a stored zero tensor Expanded), Sliced per layer, its
    /// shape computed from the data (Shape, Gather, Unsqueeze, Concat). Those nodes sit beside the chain
    /// of layers; <see cref="Nodes"/> holds them, so the chain walk can pass them by. So do the nodes whose
    /// results only a Shape among them reads: with batch_first, PyTorch computes the batch of a second
    /// recurrent module from its input transposed back to [batch, seq, n], which only that Shape reads, while
    /// the module itself reads the first one's output as it is.
    /// </summary>
    internal sealed class OnnxZeroState
    {
        /// <summary>What may compute the shape of a zero state: only shapes and indices, never values that reach the state.</summary>
        private static readonly string[] ShapeOperators = { "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Slice", "Cast" };

        private readonly Dictionary<string, OnnxTensor?> _constants;
        private readonly Dictionary<string, OnnxNode> _producers = new Dictionary<string, OnnxNode>();

        /// <param name="nodes">Every node of the graph but Constants.</param>
        /// <param name="constants">The stored tensors by name (null for a Constant without a value).</param>
        /// <param name="graphOutputs">The graph's outputs, which no node passed by may write.</param>
        public OnnxZeroState(IReadOnlyList<OnnxNode> nodes, Dictionary<string, OnnxTensor?> constants, IEnumerable<string> graphOutputs)
        {
            _constants = constants;
            foreach (OnnxNode node in nodes)
            {
                foreach (string output in node.Outputs.Where(o => o.Length > 0))
                {
                    _producers[output] = node;
                }
            }

            foreach (OnnxNode node in _producers.Values.Distinct().Where(n => n.OpType is "GRU" or "LSTM").ToList())
            {
                CheckZero(node, 5, "initial_h");
                if (node.OpType == "LSTM")
                {
                    CheckZero(node, 6, "initial_c");
                }
            }

            AddShapeOperands(nodes, new HashSet<string>(graphOutputs));
        }

        /// <summary>The nodes that compute zero initial states and their shapes.</summary>
        public HashSet<OnnxNode> Nodes { get; } = new HashSet<OnnxNode>();

        private void CheckZero(OnnxNode node, int slot, string role)
        {
            if (slot < node.Inputs.Count && node.Inputs[slot].Length > 0)
            {
                Zeros(node.Inputs[slot], $"{role} of {node.Description}");
            }
        }

        /// <summary>
        /// Tensor <paramref name="name"/> holds only zeros, stored or made by ConstantOfShape, Expand or
        /// Slice; followed without recursion, as is the shape, so no file can exhaust the stack.
        /// </summary>
        private void Zeros(string name, string what)
        {
            var shapes = new Stack<string>();
            while (true)
            {
                if (_constants.TryGetValue(name, out OnnxTensor? stored))
                {
                    if (stored is null || OnnxTensorValues.Doubles(stored, $"the {what} (tensor '{name}')").Any(v => v != 0))
                    {
                        throw new InvalidDataException($"The {what} is tensor '{name}', which is not all zeros; BpGen's sequences start from the zero state.");
                    }

                    break;
                }

                if (!_producers.TryGetValue(name, out OnnxNode? producer))
                {
                    throw new InvalidDataException($"The {what} is tensor '{name}', a graph input; BpGen's sequences start from the zero state, so the state is no input.");
                }

                if (!Nodes.Add(producer))
                {
                    break;
                }

                if (producer.OpType == "ConstantOfShape" && producer.Inputs.Count == 1)
                {
                    if (producer.Attribute("value")?.Tensor is OnnxTensor value && OnnxTensorValues.Doubles(value, $"the value of {producer.Description}").Any(v => v != 0))
                    {
                        throw new InvalidDataException($"The {what} comes from {producer.Description}, which fills it with a value other than 0; BpGen's sequences start from the zero state.");
                    }

                    shapes.Push(producer.Inputs[0]);
                    break;
                }

                if (!((producer.OpType == "Expand" && producer.Inputs.Count == 2) || (producer.OpType == "Slice" && producer.Inputs.Count >= 1)))
                {
                    throw new InvalidDataException($"The {what} comes from {producer.Description}; BpGen's sequences start from the zero state, which the exporter writes as a ConstantOfShape of 0 or stored zeros (Expanded, Sliced per layer).");
                }

                foreach (string index in producer.Inputs.Skip(1))
                {
                    shapes.Push(index);
                }

                name = producer.Inputs[0];
            }

            ShapesOf(shapes, what);
        }

        /// <summary>
        /// Adds the nodes whose every result is read only by a Shape among <see cref="Nodes"/>, or by nodes
        /// added so: only the shapes of their results matter, never their values. A worklist from the Shapes
        /// back, each node counting the reads of its results that are not yet of such nodes, so a graph of
        /// any size takes one pass over its edges.
        /// </summary>
        private void AddShapeOperands(IReadOnlyList<OnnxNode> nodes, HashSet<string> graphOutputs)
        {
            var reads = new Dictionary<string, int>();
            foreach (string input in nodes.SelectMany(n => n.Inputs).Where(i => i.Length > 0))
            {
                reads[input] = reads.TryGetValue(input, out int count) ? count + 1 : 1;
            }

            // Reads not yet by a shape-only node, for each node whose results all have readers and none is a graph output.
            var pending = new Dictionary<OnnxNode, int>();
            foreach (OnnxNode node in nodes.Where(n => !Nodes.Contains(n)))
            {
                List<string> outputs = node.Outputs.Where(o => o.Length > 0).ToList();
                if (outputs.Count > 0 && outputs.All(o => !graphOutputs.Contains(o) && reads.ContainsKey(o)))
                {
                    pending[node] = outputs.Sum(o => reads[o]);
                }
            }

            var shapeOnly = new Queue<OnnxNode>(Nodes.Where(n => n.OpType == "Shape"));
            while (shapeOnly.Count > 0)
            {
                foreach (string input in shapeOnly.Dequeue().Inputs.Where(i => i.Length > 0))
                {
                    if (!_producers.TryGetValue(input, out OnnxNode? producer) || !pending.TryGetValue(producer, out int left) || left == 0)
                    {
                        continue;
                    }

                    pending[producer] = left - 1;
                    if (left == 1)
                    {
                        Nodes.Add(producer);
                        shapeOnly.Enqueue(producer);
                    }
                }
            }
        }

        /// <summary>The tensors in <paramref name="pending"/> are shapes or indices: stored, or computed from shapes (a Shape reads any tensor).</summary>
        private void ShapesOf(Stack<string> pending, string what)
        {
            while (pending.Count > 0)
            {
                string name = pending.Pop();
                if (name.Length == 0 || _constants.ContainsKey(name))
                {
                    continue;
                }

                if (!_producers.TryGetValue(name, out OnnxNode? producer))
                {
                    throw new InvalidDataException($"The shape of the {what} reads tensor '{name}', which no node computes and the file does not store.");
                }

                if (!Nodes.Add(producer))
                {
                    continue;
                }

                if (!ShapeOperators.Contains(producer.OpType))
                {
                    throw new InvalidDataException($"The shape of the {what} is computed with {producer.Description}; only {string.Join(", ", ShapeOperators)} compute the shape of a zero state.");
                }

                if (producer.OpType != "Shape")
                {
                    foreach (string input in producer.Inputs)
                    {
                        pending.Push(input);
                    }
                }
            }
        }
    }
}
