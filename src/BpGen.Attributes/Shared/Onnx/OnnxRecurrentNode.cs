using System;
using System.IO;
using System.Linq;
using static System.FormattableString;

namespace BpGen.Onnx
{
    /// <summary>
    /// Reads one GRU or LSTM node as a recurrent layer in BpGen's (PyTorch's) layout. ONNX stores each
    /// of W, R and B gate after gate, z, r, h for a GRU and i, o, f, c for an LSTM, and B as W's biases
    /// then R's; BpGen keeps weight_ih, weight_hh, bias_ih, bias_hh with the gates r, z, n and i, f, g, o.
    /// Only the function PyTorch's layers compute is read: every attribute or input that would make the
    /// node compute another is refused by name.
    /// </summary>
    internal static class OnnxRecurrentNode
    {
        /// <summary>For each of BpGen's gates in order, the ONNX gate that holds it: GRU r, z, n from z, r, h.</summary>
        private static readonly int[] GruGates = { 1, 0, 2 };

        /// <summary>LSTM i, f, g, o from i, o, f, c.</summary>
        private static readonly int[] LstmGates = { 0, 2, 3, 1 };

        /// <summary>
        /// The layer <paramref name="node"/> computes, as layer <paramref name="number"/>.
        /// <paramref name="constant"/> gives the stored tensor in an input slot, named by its role in messages.
        /// </summary>
        public static OnnxLayer Read(OnnxNode node, int number, Func<OnnxNode, int, string, OnnxTensor> constant)
        {
            bool gru = node.OpType == "GRU";
            Layer kind = gru ? Layer.Gru : Layer.Lstm;
            int gates = ParameterLayout.Gates(kind);
            CheckAttributes(node, gru);
            CheckInputs(node, gru);

            OnnxTensor w = constant(node, 1, "input weights W");
            OnnxTensor r = constant(node, 2, "recurrent weights R");
            int hidden = HiddenSize(node, r, gates);
            int inputs = InputCount(node, w, gates, hidden);
            double[] wValues = OnnxTensorValues.FiniteDoubles(w, What(node, "input weights W", 1, number));
            double[] rValues = OnnxTensorValues.FiniteDoubles(r, What(node, "recurrent weights R", 2, number));
            double[] bValues = Biases(node, number, gates * hidden, constant);

            int[] order = gru ? GruGates : LstmGates;
            int rows = gates * hidden;
            var values = new double[(rows * inputs) + (rows * hidden) + (2 * rows)];
            int offset = 0;
            offset = Regate(wValues, 0, order, hidden, inputs, values, offset);
            offset = Regate(rValues, 0, order, hidden, hidden, values, offset);
            offset = Regate(bValues, 0, order, hidden, 1, values, offset);
            Regate(bValues, rows, order, hidden, 1, values, offset);
            return new OnnxLayer(number, node, kind, inputs, hidden, values);
        }

        /// <summary>Copies gate blocks of hidden × <paramref name="columns"/> values from ONNX's order into BpGen's; returns where the next block starts.</summary>
        private static int Regate(double[] source, int start, int[] order, int hidden, int columns, double[] target, int offset)
        {
            int block = hidden * columns;
            foreach (int gate in order)
            {
                Array.Copy(source, start + (gate * block), target, offset, block);
                offset += block;
            }

            return offset;
        }

        private static void CheckAttributes(OnnxNode node, bool gru)
        {
            string function = gru ? "PyTorch's nn.GRU" : "PyTorch's nn.LSTM";
            string? direction = node.Attribute("direction")?.String;
            if (direction is not null && direction != "forward")
            {
                Refuse(node, $"has direction '{direction}'; BpGen reads the forward direction only, as {function} computes it with bidirectional=False");
            }

            if (node.Attribute("clip") is OnnxAttribute clip)
            {
                Refuse(node, Invariant($"has clip {clip.Float ?? 0:R}; {function} does not clip its gates' inputs, so a node with clip computes another function"));
            }

            string[] defaults = gru ? new[] { "Sigmoid", "Tanh" } : new[] { "Sigmoid", "Tanh", "Tanh" };
            if (node.Attribute("activations") is OnnxAttribute activations && !activations.Strings.SequenceEqual(defaults, StringComparer.OrdinalIgnoreCase))
            {
                Refuse(node, $"has activations {string.Join(", ", activations.Strings)}; {function} computes {string.Join(", ", defaults)}, ONNX's defaults");
            }

            foreach (string name in new[] { "activation_alpha", "activation_beta" })
            {
                if (node.Attribute(name) is OnnxAttribute parameters)
                {
                    Refuse(node, Invariant($"has {name} {string.Join(", ", parameters.Floats.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}; {function}'s sigmoid and tanh take no parameters"));
                }
            }

            long layout = node.IntAttribute("layout", 0);
            if (layout != 0)
            {
                Refuse(node, Invariant($"has layout {layout}; BpGen reads the layout the exporter writes, 0: [seq, batch, features]"));
            }

            if (gru)
            {
                long? linearBeforeReset = node.Attribute("linear_before_reset")?.Int;
                if (linearBeforeReset != 1)
                {
                    string found = linearBeforeReset is long value ? Invariant($"linear_before_reset {value}") : "no linear_before_reset (0 by default)";
                    Refuse(node, $"has {found}; {function} applies the reset gate after R's product (r ⊙ (W_hn·h + b_hn)), which is linear_before_reset 1; with 0 the node computes another function");
                }
            }
            else if (node.IntAttribute("input_forget", 0) is long inputForget && inputForget != 0)
            {
                Refuse(node, Invariant($"has input_forget {inputForget}; {function} has separate input and forget gates (input_forget 0)"));
            }
        }

        /// <summary>sequence_lens and the LSTM's peepholes P must be absent; the initial state is checked with the graph, by <see cref="OnnxZeroState"/>.</summary>
        private static void CheckInputs(OnnxNode node, bool gru)
        {
            int most = gru ? 6 : 8;
            if (node.Inputs.Count < 3 || node.Inputs.Count > most)
            {
                Refuse(node, Invariant($"has {node.Inputs.Count} inputs; a {node.OpType} has 3 to {most}: X, W, R, then optionally B, sequence_lens, initial_h{(gru ? "" : ", initial_c, P")}"));
            }

            if (Input(node, 4) is string lengths)
            {
                Refuse(node, $"has sequence_lens (tensor '{lengths}'); BpGen runs every sequence to its end, so it reads no node with sequence lengths");
            }

            if (!gru && Input(node, 7) is string peepholes)
            {
                Refuse(node, $"has peepholes P (tensor '{peepholes}'); PyTorch's nn.LSTM has none, so an LSTM with P computes another function");
            }
        }

        /// <summary>H from R [1, G·H, H], checked against hidden_size where the node sets it.</summary>
        private static int HiddenSize(OnnxNode node, OnnxTensor r, int gates)
        {
            var dims = r.Dims;
            if (dims.Count != 3 || dims[0] != 1 || dims[2] < 1 || dims[2] > NetworkLimits.MaxNeurons || dims[1] != gates * dims[2])
            {
                Refuse(node, Invariant($"has recurrent weights R (tensor '{node.Inputs[2]}') of shape {OnnxText.Dimensions(dims)}; expected [1, {gates}·H, H], H the hidden size"));
            }

            int hidden = (int)dims[2];
            long? declared = node.Attribute("hidden_size")?.Int;
            if (declared is long size && size != hidden)
            {
                Refuse(node, Invariant($"has hidden_size {size}, but its weights R (tensor '{node.Inputs[2]}', shape {OnnxText.Dimensions(dims)}) are for hidden size {hidden}"));
            }

            return hidden;
        }

        /// <summary>The inputs of a step, from W [1, G·H, n].</summary>
        private static int InputCount(OnnxNode node, OnnxTensor w, int gates, int hidden)
        {
            var dims = w.Dims;
            if (dims.Count != 3 || dims[0] != 1 || dims[1] != gates * hidden || dims[2] < 1 || dims[2] > NetworkLimits.MaxNeurons)
            {
                Refuse(node, Invariant($"has input weights W (tensor '{node.Inputs[1]}') of shape {OnnxText.Dimensions(dims)}; for hidden size {hidden} expected [1, {gates * hidden}, n], n the inputs of a step"));
            }

            return (int)dims[2];
        }

        /// <summary>B [1, 2·G·H], W's biases then R's; zeros where the node has none, as PyTorch's bias=False.</summary>
        private static double[] Biases(OnnxNode node, int number, int rows, Func<OnnxNode, int, string, OnnxTensor> constant)
        {
            if (Input(node, 3) is null)
            {
                return new double[2 * rows];
            }

            OnnxTensor b = constant(node, 3, "biases B");
            if (b.Dims.Count != 2 || b.Dims[0] != 1 || b.Dims[1] != 2 * rows)
            {
                Refuse(node, Invariant($"has biases B (tensor '{node.Inputs[3]}') of shape {OnnxText.Dimensions(b.Dims)}; expected [1, {2 * rows}]: W's {rows} biases, then R's"));
            }

            return OnnxTensorValues.FiniteDoubles(b, What(node, "biases B", 3, number));
        }

        /// <summary>The tensor in <paramref name="slot"/>, or null where the node leaves the optional input out.</summary>
        private static string? Input(OnnxNode node, int slot) => slot < node.Inputs.Count && node.Inputs[slot].Length > 0 ? node.Inputs[slot] : null;

        private static string What(OnnxNode node, string role, int slot, int number) => $"the {role} of layer {number} ({node.Description}, tensor '{node.Inputs[slot]}')";

        private static void Refuse(OnnxNode node, string problem) => throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} {problem}.");
    }
}
