using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using static System.FormattableString;

namespace BpGen.Onnx
{
    /// <summary>
    /// Follows an ONNX graph's data from its one input to its one output, one node at a time, and
    /// collects the layers on the way (see <see cref="OnnxReader"/>): dense layers, and the scaling
    /// before and after them (see <see cref="OnnxScalingSteps"/>); or, in a graph with GRU or LSTM
    /// nodes, whose input is a sequence, recurrent layers (see <see cref="OnnxRecurrentNode"/>) among
    /// dense ones, the axes of the data followed by <see cref="OnnxSequenceAxes"/>, and the nodes that
    /// compute their zero initial states passed by (see <see cref="OnnxZeroState"/>).
    /// </summary>
    internal sealed class OnnxChainWalk
    {
        private const string SupportedOperators =
            "Gemm, MatMul, Add (a MatMul's bias), Relu, LeakyRelu, Sigmoid, Tanh, Elu, Softplus, Softmax, Identity, Flatten and Reshape, " +
            "with scaling by stored constants (Sub, then Div or Mul, before the first layer; Mul, then Add, after the last); " +
            "in a network of recurrent layers also GRU, LSTM, and Transpose, Squeeze, Gather and Slice of the sequence";

        private readonly OnnxModel _model;
        private readonly OnnxGraph _graph;
        private readonly Dictionary<string, OnnxTensor?> _constants = new Dictionary<string, OnnxTensor?>();
        private readonly Dictionary<string, List<OnnxNode>> _consumers = new Dictionary<string, List<OnnxNode>>();
        private readonly HashSet<OnnxNode> _visited = new HashSet<OnnxNode>();
        private readonly List<OnnxLayer> _layers = new List<OnnxLayer>();
        private readonly OnnxScalingSteps _scaling;
        private readonly OnnxSequenceAxes? _sequence;
        private HashSet<OnnxNode> _stateNodes = new HashSet<OnnxNode>();
        private string _inputName = "";
        private string _current = "";
        private int _width = -1;
        private OnnxNode? _softmax;

        public OnnxChainWalk(OnnxModel model)
        {
            _model = model;
            _graph = model.Graph;
            _scaling = new OnnxScalingSteps(Constant);
            _sequence = _graph.Nodes.Exists(IsRecurrent) ? new OnnxSequenceAxes(Constant) : null;
        }

        public NetworkDescription Run()
        {
            IndexGraph();
            string output = FindInputAndOutput();
            _current = _inputName;
            while (true)
            {
                _consumers.TryGetValue(_current, out List<OnnxNode>? users);
                if (users is null)
                {
                    if (_current != output)
                    {
                        throw new InvalidDataException($"The chain from the graph input '{_inputName}' ends at tensor '{_current}', which no node uses, but the graph's output is '{output}'.");
                    }

                    break;
                }

                if (users.Count > 1 || _current == output)
                {
                    string readers = string.Join(", ", users.Select(u => u.Description));
                    throw new InvalidDataException(_current == output
                        ? $"The graph's output '{output}' also feeds {readers}; a BpGen network is a single chain from input to output."
                        : Invariant($"Tensor '{_current}' feeds {users.Count} nodes ({readers}); a BpGen network is a single chain from input to output, without branches."));
                }

                Step(users[0]);
            }

            OnnxNode? stray = _graph.Nodes.Find(n => !_visited.Contains(n) && !IsConstant(n) && !_stateNodes.Contains(n));
            if (stray is not null)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(stray.Description)} is not on the chain from the graph input '{_inputName}' to its output '{output}'; a BpGen network has nothing else.");
            }

            return Result();
        }

        private void IndexGraph()
        {
            foreach (OnnxTensor initializer in _graph.Initializers)
            {
                _constants[initializer.Name] = initializer;
            }

            foreach (OnnxNode node in _graph.Nodes.Where(IsConstant))
            {
                foreach (string output in node.Outputs)
                {
                    _constants[output] = node.Attribute("value")?.Tensor;
                }
            }

            if (_sequence is not null)
            {
                _stateNodes = new OnnxZeroState(_graph.Nodes.Where(n => !IsConstant(n)).ToList(), _constants, _graph.Outputs.Select(o => o.Name)).Nodes;
            }

            foreach (OnnxNode node in _graph.Nodes.Where(n => !IsConstant(n) && !_stateNodes.Contains(n)))
            {
                foreach (string input in node.Inputs.Distinct())
                {
                    if (!_consumers.TryGetValue(input, out List<OnnxNode>? users))
                    {
                        _consumers[input] = users = new List<OnnxNode>();
                    }

                    users.Add(node);
                }
            }
        }

        /// <summary>The one data input (older files also list initializers as inputs) and the one output.</summary>
        private string FindInputAndOutput()
        {
            List<OnnxValueInfo> inputs = _graph.Inputs.FindAll(i => !_constants.ContainsKey(i.Name));
            if (inputs.Count != 1)
            {
                throw new InvalidDataException(Invariant($"The graph has {inputs.Count} data inputs ({Names(inputs)}); a BpGen network has exactly one{(_sequence is null ? "" : ", the sequence (its recurrent layers start from the zero state)")}."));
            }

            if (_graph.Outputs.Count != 1)
            {
                throw new InvalidDataException(Invariant($"The graph has {_graph.Outputs.Count} outputs ({Names(_graph.Outputs)}); a BpGen network has exactly one{(_sequence is null ? "" : ": return only the network's output from forward, not the state of its GRU or LSTM")}."));
            }

            OnnxValueInfo input = inputs[0];
            _inputName = input.Name;
            if (input.Shape is List<long> shape)
            {
                int rank = _sequence is null ? 2 : 3;
                if (shape.Count != rank)
                {
                    throw new InvalidDataException(_sequence is null
                        ? $"The graph input '{input.Name}' has shape {OnnxText.Dimensions(shape)}; a dense network takes [batch, n]."
                        : $"The graph input '{input.Name}' has shape {OnnxText.Dimensions(shape)}; a network of recurrent layers takes a sequence, [seq, batch, n] or [batch, seq, n].");
                }

                long width = shape[rank - 1];
                _width = width > 0 && width <= int.MaxValue ? (int)width : -1;
            }

            return _graph.Outputs[0].Name;
        }

        private void Step(OnnxNode node)
        {
            if (!_visited.Add(node))
            {
                throw new InvalidDataException($"The graph has a cycle through {node.Description}.");
            }

            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} is from the operator domain '{node.Domain}'; a BpGen network uses only standard ONNX operators: {SupportedOperators}.");
            }

            if (node.Outputs.Count != 1 && !IsRecurrent(node))
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has {node.Outputs.Count} outputs; every node of a BpGen network but a GRU or LSTM has one."));
            }

            if (_softmax is not null && node.OpType is not ("Identity" or "Flatten" or "Reshape"))
            {
                string why = node.OpType is "Mul" or "Add"
                    ? "scaling after the last layer belongs to a regression network's outputs, not to a Softmax's probabilities"
                    : "a Softmax must end the network";
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} follows the final {_softmax.Description}; {why}.");
            }

            // What follows an output scaling may only reshape the outputs or, in a sequence, take its last step.
            if (node.OpType is not ("Identity" or "Flatten" or "Reshape" or "Sub" or "Div" or "Mul" or "Add")
                && !(_sequence is not null && node.OpType is "Transpose" or "Squeeze" or "Gather" or "Slice"))
            {
                _scaling.RefuseAfterOutputScaling(node);
            }

            if (_sequence is not null)
            {
                SequenceStep(node);
            }

            switch (node.OpType)
            {
                case "Gemm":
                    Gemm(node);
                    break;
                case "MatMul":
                    MatMul(node);
                    break;
                case "Add" when _layers.Count > 0 && _layers[_layers.Count - 1].AwaitsBias:
                    Bias(node, _layers[_layers.Count - 1]);
                    break;
                case "Sub":
                case "Div":
                case "Mul":
                case "Add":
                    Scale(node);
                    break;
                case "Relu":
                    Activate(node, Activation.ReLU);
                    break;
                case "LeakyRelu":
                    Activate(node, Activation.LeakyReLU, alpha: 0.01f, "its slope below 0");
                    break;
                case "Sigmoid":
                    Activate(node, Activation.Sigmoid);
                    break;
                case "Tanh":
                    Activate(node, Activation.Tanh);
                    break;
                case "Elu":
                    Activate(node, Activation.ELU, alpha: 1f, "α·(e^z − 1) below 0");
                    break;
                case "Softplus":
                    Activate(node, Activation.Softplus);
                    break;
                case "Softmax":
                    Softmax(node);
                    break;
                case "Identity":
                    DataInput(node, 1);
                    break;
                case "Flatten":
                    Flatten(node);
                    break;
                case "Reshape":
                    Reshape(node);
                    break;
                case "GRU":
                case "LSTM":
                    DataInput(node, 3, node.OpType == "GRU" ? 6 : 8);
                    AddLayer(OnnxRecurrentNode.Read(node, _layers.Count + 1, Constant));
                    break;
                case "Transpose" or "Squeeze" or "Gather" or "Slice" when _sequence is not null:
                    // SequenceStep followed the axes.
                    break;
                default:
                    throw new InvalidDataException($"{OnnxText.Sentence(node.Description)}: a BpGen network has only {SupportedOperators}, not {node.OpType}.");
            }

            _current = node.Outputs[0];
        }

        /// <summary>Y = A·B^T + C (transB 1, B stored [out, in] as W^l) or A·B + C (transB 0, B stored [in, out]).</summary>
        private void Gemm(OnnxNode node)
        {
            DataInput(node, 2, 3);
            long transA = node.IntAttribute("transA", 0);
            long transB = node.IntAttribute("transB", 0);
            float alpha = node.FloatAttribute("alpha", 1f);
            float beta = node.FloatAttribute("beta", 1f);
            if (transA != 0)
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has transA {transA}; a dense layer's Gemm takes the data as it is (transA 0)."));
            }

            if (transB is not (0 or 1))
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has transB {transB}; expected 0 or 1."));
            }

            if (alpha != 1f || beta != 1f)
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has alpha {alpha:R} and beta {beta:R}; a dense layer computes W·a + b, so both must be 1."));
            }

            int number = _layers.Count + 1;
            double[] matrix = Matrix(node, number, out int rows, out int columns);
            int inputs = transB == 1 ? columns : rows;
            int outputs = transB == 1 ? rows : columns;
            double[] weights = transB == 1 ? matrix : Transpose(matrix, rows, columns);
            bool hasBias = node.Inputs.Count == 3 && node.Inputs[2].Length > 0;
            AddLayer(new OnnxLayer(number, node, inputs, outputs, weights, hasBias ? BiasValues(node, 2, number, outputs) : null));
        }

        /// <summary>Y = A·B with B stored [in, out]; the Add after it, if any, holds b^l.</summary>
        private void MatMul(OnnxNode node)
        {
            DataInput(node, 2);
            int number = _layers.Count + 1;
            double[] matrix = Matrix(node, number, out int rows, out int columns);
            AddLayer(new OnnxLayer(number, node, rows, columns, Transpose(matrix, rows, columns), null));
        }

        /// <summary>An Add right after a MatMul is always its bias, never an output scaling's mean: that comes after the bias.</summary>
        private void Bias(OnnxNode node, OnnxLayer layer)
        {
            int dataSlot = node.Inputs.Count == 2 ? node.Inputs.IndexOf(_current) : -1;
            if (dataSlot < 0 || node.Inputs[1 - dataSlot] == _current)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} adds to tensor '{_current}'; the Add after a MatMul adds a stored bias to its product.");
            }

            layer.Biases = BiasValues(node, 1 - dataSlot, layer.Number, layer.Outputs);
            layer.AwaitsBias = false;
        }

        /// <summary>A step of the input scaling before the first layer, or of the output scaling after the last so far.</summary>
        private void Scale(OnnxNode node)
        {
            int rank = _sequence?.Rank ?? 2; // [batch, n] in a dense graph
            if (_layers.Count == 0)
            {
                _scaling.BeforeFirstLayer(node, _current, rank);
                return;
            }

            OnnxLayer layer = _layers[_layers.Count - 1];
            _scaling.AfterLayer(node, _current, layer, rank);
            layer.AwaitsBias = false;
        }

        /// <summary>The activation of the layer before; <paramref name="alpha"/> is the one BpGen's has, where it has one.</summary>
        private void Activate(OnnxNode node, Activation activation, float? alpha = null, string alphaMeaning = "")
        {
            DataInput(node, 1);
            OnnxLayer layer = DenseLayerBefore(node);
            if (layer.ActivationNode is not null)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} follows {layer.ActivationNode.Description}, the activation of layer {layer.Number}; a layer has one activation.");
            }

            if (alpha is float expected && node.FloatAttribute("alpha", expected) is float found && found != expected)
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has alpha {found:R}; BpGen's {activation} has alpha {expected:R} ({alphaMeaning})."));
            }

            layer.ActivationNode = node;
            layer.Activation = activation;
            layer.AwaitsBias = false;
        }

        private void Softmax(OnnxNode node)
        {
            DataInput(node, 1);
            OnnxLayer layer = DenseLayerBefore(node);
            if (layer.ActivationNode is not null)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} follows {layer.ActivationNode.Description}; BpGen's softmax takes the output layer's z^L directly, with no activation between.");
            }

            long axis = node.IntAttribute("axis", _model.Opset >= 13 ? -1 : 1);
            if (_sequence is not null ? !_sequence.IsFeatureAxis(axis) : axis is not (1 or -1))
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has axis {axis}; BpGen's softmax is over each sample's outputs, the last axis of [batch, n] (1 or -1)."));
            }

            layer.AwaitsBias = false;
            _softmax = node;
        }

        /// <summary>Flatten of [batch, n] at axis 1 is [batch, n]: nothing to do.</summary>
        private void Flatten(OnnxNode node)
        {
            DataInput(node, 1);
            long axis = node.IntAttribute("axis", 1);
            if (axis is not (1 or -1))
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has axis {axis}; only a Flatten that keeps [batch, n] as it is (axis 1) belongs in a dense network."));
            }
        }

        /// <summary>A Reshape to [batch, n]: [-1, n], [0, n], [0, -1] or a fixed batch with n.</summary>
        private void Reshape(OnnxNode node)
        {
            DataInput(node, 2);
            long[] shape = OnnxTensorValues.Int64s(Constant(node, 1, "target shape"), $"the target shape of {node.Description}");
            bool allowZero = node.IntAttribute("allowzero", 0) == 1;
            bool keepsBatch = shape.Length == 2 && (shape[0] == -1 || shape[0] > 0 || (shape[0] == 0 && !allowZero));
            bool keepsWidth = shape.Length == 2 && (shape[1] > 0 ? _width < 0 || shape[1] == _width : shape[1] == -1 && shape[0] == 0 && !allowZero);
            if (!keepsBatch || !keepsWidth || shape[1] > int.MaxValue)
            {
                string width = _width > 0 ? Invariant($"{_width}") : "n";
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} reshapes [batch, {width}] to {OnnxText.Dimensions(shape)}; only a Reshape that keeps [batch, {width}] belongs in a dense network.");
            }

            if (shape[1] > 0)
            {
                _width = (int)shape[1];
            }
        }

        /// <summary>The node reads the chain's tensor as its first input, and has this many inputs in all.</summary>
        private void DataInput(OnnxNode node, int minimum, int maximum = 0)
        {
            maximum = Math.Max(minimum, maximum);
            if (node.Inputs.Count < minimum || node.Inputs.Count > maximum)
            {
                string expected = minimum == maximum ? Invariant($"{minimum}") : Invariant($"{minimum} to {maximum}");
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has {node.Inputs.Count} inputs; BpGen reads a {node.OpType} of {expected}."));
            }

            if (node.Inputs[0] != _current || node.Inputs.LastIndexOf(_current) != 0)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} reads tensor '{_current}' as an input other than its first ({string.Join(", ", node.Inputs.Select(i => $"'{i}'"))}); BpGen reads the data as the first.");
            }
        }

        /// <summary>The dense layer an activation or softmax belongs to: a recurrent layer's output is its state h, with nothing applied.</summary>
        private OnnxLayer DenseLayerBefore(OnnxNode node)
        {
            if (_layers.Count == 0)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} comes before any layer (Gemm or MatMul); a dense network's first node is a layer.");
            }

            OnnxLayer layer = _layers[_layers.Count - 1];
            return layer.Kind == Layer.Dense
                ? layer
                : throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} follows layer {layer.Number} ({layer.Node.Description}); a recurrent layer's output is its state h, and BpGen applies nothing to it before the next layer.");
        }

        private void AddLayer(OnnxLayer layer)
        {
            if (layer.Inputs < 1 || layer.Outputs < 1)
            {
                throw new InvalidDataException(Invariant($"Layer {layer.Number} ({layer.Node.Description}) has {layer.Inputs} inputs and {layer.Outputs} neurons; a layer has at least one of each."));
            }

            if (_width > 0 && layer.Inputs != _width)
            {
                string before = _layers.Count == 0 ? Invariant($"the graph input '{_inputName}' has {_width} features") : Invariant($"layer {layer.Number - 1} has {_width} neurons");
                throw new InvalidDataException(Invariant($"Layer {layer.Number} ({layer.Node.Description}) takes {layer.Inputs} inputs, but {before}."));
            }

            _layers.Add(layer);
            _width = layer.Outputs;
        }

        /// <summary>The node's second input: a stored matrix, as its rows and columns.</summary>
        private double[] Matrix(OnnxNode node, int number, out int rows, out int columns)
        {
            OnnxTensor tensor = Constant(node, 1, "weights");
            string what = $"the weights of layer {number} ({node.Description}, tensor '{node.Inputs[1]}')";
            if (tensor.Dims.Count != 2)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(what)}: their shape is {OnnxText.Dimensions(tensor.Dims)}; expected a matrix.");
            }

            double[] values = OnnxTensorValues.FiniteDoubles(tensor, what);
            rows = (int)tensor.Dims[0];
            columns = (int)tensor.Dims[1];
            return values;
        }

        /// <summary>b^l: n_l stored values, shaped [n_l] or [1, n_l].</summary>
        private double[] BiasValues(OnnxNode node, int slot, int number, int outputs)
        {
            OnnxTensor tensor = Constant(node, slot, "bias");
            string what = $"the bias of layer {number} ({node.Description}, tensor '{node.Inputs[slot]}')";
            bool shaped = tensor.Dims.Count == 1 ? tensor.Dims[0] == outputs : tensor.Dims.Count == 2 && tensor.Dims[0] == 1 && tensor.Dims[1] == outputs;
            if (!shaped)
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(what)}: its shape is {OnnxText.Dimensions(tensor.Dims)}; expected [{outputs}], one value per neuron."));
            }

            return OnnxTensorValues.FiniteDoubles(tensor, what);
        }

        private OnnxTensor Constant(OnnxNode node, int slot, string role)
        {
            string name = slot < node.Inputs.Count ? node.Inputs[slot] : "";
            if (!_constants.TryGetValue(name, out OnnxTensor? tensor))
            {
                throw new InvalidDataException($"The {role} of {node.Description} is tensor '{name}', which is computed in the graph; BpGen reads it stored (as an initializer or a Constant: in PyTorch a parameter or registered buffer used as it is, not an expression of one such as 1.0 / std).");
            }

            return tensor ?? throw new InvalidDataException($"The {role} of {node.Description} comes from a Constant node without a 'value' tensor.");
        }

        private NetworkDescription Result()
        {
            if (_layers.Count == 0)
            {
                throw new InvalidDataException($"The graph has no layer (Gemm or MatMul) between its input '{_inputName}' and its output.");
            }

            OnnxLayer output = _layers[_layers.Count - 1];
            if (output.Kind != Layer.Dense)
            {
                throw new InvalidDataException($"The graph ends with layer {output.Number} ({output.Node.Description}); a BpGen network's output layer is dense, a Linear after the last recurrent layer.");
            }

            var sizes = new int[_layers.Count + 1];
            sizes[0] = _layers[0].Inputs;
            for (int l = 1; l < sizes.Length; l++)
            {
                sizes[l] = _layers[l - 1].Outputs;
            }

            Layer[] kinds = _layers.Select(l => l.Kind).ToArray();
            var layout = new ParameterLayout(sizes, kinds);
            var parameters = new double[layout.Count];
            for (int l = 1; l < sizes.Length; l++)
            {
                int offset = layout.LayerRange(l).Offset;
                _layers[l - 1].Weights.CopyTo(parameters, offset);
                _layers[l - 1].Biases.CopyTo(parameters, offset + _layers[l - 1].Weights.Length);
            }

            return new NetworkDescription("ONNX", sizes, kinds, _layers.Select(l => l.Activation).ToArray(), loss: null, _softmax is not null,
                elementSize: null, parameters, _scaling.Input(sizes[0]), _scaling.Output(_layers[_layers.Count - 1]),
                _layers.Select(l => (l.ActivationNode ?? l.Node).Description).ToArray());
        }

        /// <summary>W^l[i,j] = B[j,i]: B stored [in, out] (rows × columns) becomes W^l stored [out, in].</summary>
        private static double[] Transpose(double[] matrix, int rows, int columns)
        {
            var transposed = new double[matrix.Length];
            for (int i = 0; i < columns; i++)
            {
                for (int j = 0; j < rows; j++)
                {
                    transposed[(i * rows) + j] = matrix[(j * columns) + i];
                }
            }

            return transposed;
        }

        /// <summary>
        /// In a sequence, the axes each node reads and writes: a layer, activation or softmax reads the
        /// features last, as does a scaling or a bias, a Gemm or Flatten or Reshape one step ([batch, n]); a
        /// recurrent node's outputs other than Y (its final states) feed nothing.
        /// </summary>
        private void SequenceStep(OnnxNode node)
        {
            OnnxSequenceAxes sequence = _sequence!;
            switch (node.OpType)
            {
                case "GRU":
                case "LSTM":
                    RefuseFinalStates(node);
                    sequence.Recurrent(node);
                    break;
                case "Transpose":
                    DataInput(node, 1);
                    sequence.Transpose(node);
                    break;
                case "Squeeze":
                    DataInput(node, 1, 2);
                    sequence.Squeeze(node);
                    break;
                case "Gather":
                    DataInput(node, 2);
                    sequence.Gather(node);
                    break;
                case "Slice":
                    DataInput(node, 1, 5);
                    sequence.Slice(node);
                    break;
                case "Gemm" or "Flatten" or "Reshape" when !sequence.IsLastStep:
                    throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} reads a sequence; in a network of recurrent layers a {node.OpType} reads one step, [batch, n], after the last step is taken (out[:, -1]), and a MatMul (then Add) is a dense layer on every step.");
                case "MatMul" or "Relu" or "LeakyRelu" or "Sigmoid" or "Tanh" or "Elu" or "Softplus" or "Softmax" or "Sub" or "Div" or "Mul" or "Add":
                    sequence.RequireFeaturesLast(node);
                    break;
            }
        }

        /// <summary>Y_h and Y_c, a recurrent node's final states, must feed nothing: BpGen reads the outputs Y of every step.</summary>
        private void RefuseFinalStates(OnnxNode node)
        {
            if (node.Outputs.Count == 0 || node.Outputs[0].Length == 0)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} writes no output sequence Y; BpGen reads a recurrent layer's output at every step.");
            }

            string? used = node.Outputs.Skip(1).FirstOrDefault(o => o.Length > 0 && (_consumers.ContainsKey(o) || _graph.Outputs.Exists(g => g.Name == o)));
            if (used is not null)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)}'s final state '{used}' is used; BpGen reads the output sequence Y of a recurrent layer (out, or out[:, -1] for the last step), not its final states h_n or c_n.");
            }
        }

        private static bool IsRecurrent(OnnxNode node) => node.OpType is "GRU" or "LSTM" && node.Domain is ("" or "ai.onnx");

        private static bool IsConstant(OnnxNode node) => node.OpType == "Constant" && node.Domain is ("" or "ai.onnx");

        private static string Names(List<OnnxValueInfo> values) => string.Join(", ", values.Select(v => $"'{v.Name}'"));
    }
}
