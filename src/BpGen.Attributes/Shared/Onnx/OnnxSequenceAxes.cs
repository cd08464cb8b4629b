using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace BpGen.Onnx
{
    /// <summary>
    /// The axes of the tensor the chain walk is at, in a graph of recurrent layers, whose input is a
    /// sequence: [seq, batch, n], or [batch, seq, n] with Transposes around the recurrent layers
    /// (PyTorch's batch_first). Which of the input's first two axes is the sequence is known at the first
    /// GRU or LSTM, which reads [seq, batch, n] and writes [seq, 1, batch, H] (one direction), which a
    /// Squeeze of axis 1 makes [seq, batch, H] again. After the last recurrent layer a Gather or Slice of
    /// index −1 on the sequence axis may keep only the last step; no recurrent layer may follow it.
    /// </summary>
    internal sealed class OnnxSequenceAxes
    {
        /// <summary>What an axis holds.</summary>
        private enum Axis
        {
            /// <summary>The input's first or second axis, before a recurrent layer says which is the sequence.</summary>
            Input0,
            Input1,
            Sequence,
            Batch,
            Features,

            /// <summary>The direction axis of a recurrent node's output, of length 1.</summary>
            Direction,

            /// <summary>The sequence after a Slice kept its last step only, of length 1.</summary>
            LastStep,
        }

        /// <summary>What each axis is, outermost first.</summary>
        private readonly List<Axis> _axes = new List<Axis> { Axis.Input0, Axis.Input1, Axis.Features };

        private readonly Func<OnnxNode, int, string, OnnxTensor> _constant;
        private bool _afterRecurrent;

        /// <param name="constant">The stored tensor a node reads in a slot; the role names it in messages.</param>
        public OnnxSequenceAxes(Func<OnnxNode, int, string, OnnxTensor> constant) => _constant = constant;

        /// <summary>Whether the last axis holds the features and no direction axis stands before it: what a MatMul or an activation reads.</summary>
        public bool FeaturesLast => _axes[_axes.Count - 1] == Axis.Features && !_axes.Contains(Axis.Direction);

        /// <summary>Whether the sequence axis is gone: the tensor is [batch, n], what a Gemm reads.</summary>
        public bool IsLastStep => _axes.Count == 2 && FeaturesLast;

        /// <summary>A recurrent node reads [seq, batch, n] and writes Y, [seq, 1, batch, H].</summary>
        public void Recurrent(OnnxNode node)
        {
            bool sequenceFirst = _axes.Count == 3 && _axes[2] == Axis.Features && (!_afterRecurrent || _axes[0] == Axis.Sequence);
            if (!sequenceFirst)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} reads {Shape()}; a {node.OpType} reads [seq, batch, n].");
            }

            _afterRecurrent = true;
            _axes.Clear();
            _axes.AddRange(new[] { Axis.Sequence, Axis.Direction, Axis.Batch, Axis.Features });
        }

        /// <summary>A Transpose may swap the sequence and batch axes, keeping the features last.</summary>
        public void Transpose(OnnxNode node)
        {
            List<long> perm = node.Attribute("perm")?.Ints ?? Enumerable.Range(0, _axes.Count).Reverse().Select(i => (long)i).ToList();
            bool valid = perm.Count == _axes.Count && perm.OrderBy(p => p).SequenceEqual(Enumerable.Range(0, _axes.Count).Select(i => (long)i));
            if (!valid || perm[perm.Count - 1] != perm.Count - 1 || _axes.Contains(Axis.Direction))
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} permutes {Shape()} by {OnnxText.Dimensions(perm)}; in a recurrent network only the sequence and batch axes swap, the features staying last.");
            }

            var permuted = perm.Select(p => _axes[(int)p]).ToList();
            _axes.Clear();
            _axes.AddRange(permuted);
        }

        /// <summary>A Squeeze drops the direction axis of a recurrent node's output, or the one step a Slice kept; its axes are an input from opset 13, an attribute before.</summary>
        public void Squeeze(OnnxNode node)
        {
            long[] axes = node.Inputs.Count > 1 ? Int64s(node, 1, "axes") : node.Attribute("axes")?.Ints.ToArray() ?? new long[0];
            int[] dropped = axes.Select(a => a < 0 ? a + _axes.Count : a).Distinct().Select(a => a >= 0 && a < _axes.Count ? (int)a : -1).ToArray();
            if (dropped.Length == 0 || dropped.Any(a => a < 0 || (_axes[a] != Axis.Direction && _axes[a] != Axis.LastStep)))
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} squeezes axes {OnnxText.Dimensions(axes)} of {Shape()}; only the direction axis of a GRU or LSTM output, or a last step kept as an axis, is squeezed.");
            }

            foreach (int a in dropped.OrderByDescending(a => a))
            {
                _axes.RemoveAt(a);
            }
        }

        /// <summary>out[:, −1] or out[−1]: a Gather of index −1 on the sequence axis; of indices [−1] the step stays an axis.</summary>
        public void Gather(OnnxNode node)
        {
            OnnxTensor indices = _constant(node, 1, "indices");
            long[] index = Int64s(node, 1, "indices");
            if (index.Length != 1 || index[0] != -1 || indices.Dims.Count > 1)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} takes indices {OnnxText.Dimensions(index)}; only the last step of the sequence, index −1, is taken.");
            }

            LastStepOf(node, node.IntAttribute("axis", 0), keepsAxis: indices.Dims.Count == 1);
        }

        /// <summary>out[:, −1:]: a Slice from −1 to the end on the sequence axis, its bounds inputs from opset 10, attributes before.</summary>
        public void Slice(OnnxNode node)
        {
            bool inputs = node.Inputs.Count > 1;
            long[] starts = inputs ? Int64s(node, 1, "starts") : node.Attribute("starts")?.Ints.ToArray() ?? new long[0];
            long[] ends = inputs ? Int64s(node, 2, "ends") : node.Attribute("ends")?.Ints.ToArray() ?? new long[0];
            long[] axes = inputs ? (node.Inputs.Count > 3 && node.Inputs[3].Length > 0 ? Int64s(node, 3, "axes") : new long[] { 0 }) : node.Attribute("axes")?.Ints.ToArray() ?? new long[] { 0 };
            long[] steps = node.Inputs.Count > 4 && node.Inputs[4].Length > 0 ? Int64s(node, 4, "steps") : new long[] { 1 };
            if (starts.Length != 1 || ends.Length != 1 || axes.Length != 1 || steps.Length != 1 || starts[0] != -1 || ends[0] < int.MaxValue || steps[0] != 1)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} slices from {OnnxText.Dimensions(starts)} to {OnnxText.Dimensions(ends)} on axes {OnnxText.Dimensions(axes)} by {OnnxText.Dimensions(steps)}; only the last step of the sequence is taken, from −1 to the end on one axis by 1.");
            }

            LastStepOf(node, axes[0], keepsAxis: true);
        }

        private void LastStepOf(OnnxNode node, long axis, bool keepsAxis)
        {
            long a = axis < 0 ? axis + _axes.Count : axis;
            if (a < 0 || a >= _axes.Count || _axes[(int)a] != Axis.Sequence)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} takes a step on axis {axis.ToString(CultureInfo.InvariantCulture)} of {Shape()}; only the last step of the sequence is taken, after the recurrent layers.");
            }

            if (keepsAxis)
            {
                _axes[(int)a] = Axis.LastStep;
            }
            else
            {
                _axes.RemoveAt((int)a);
            }
        }

        /// <summary>Refuses a node that needs the features last (a layer, an activation, a softmax) where they are not.</summary>
        public void RequireFeaturesLast(OnnxNode node)
        {
            if (!FeaturesLast)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} reads {Shape()}; it needs the features on the last axis, without the direction axis of a GRU or LSTM output (which a Squeeze of axis 1 drops).");
            }
        }

        /// <summary>The number of axes of the tensor the chain walk is at.</summary>
        public int Rank => _axes.Count;

        /// <summary>Whether <paramref name="axis"/> is the last, the features, for a Softmax.</summary>
        public bool IsFeatureAxis(long axis) => axis == -1 || axis == _axes.Count - 1;

        private long[] Int64s(OnnxNode node, int slot, string role) =>
            OnnxTensorValues.Int64s(_constant(node, slot, role), $"the {role} of {node.Description}");

        /// <summary>"[seq, direction, batch, features]": the axes as messages show them.</summary>
        private string Shape() => "[" + string.Join(", ", _axes.Select(Name)) + "]";

        private static string Name(Axis axis) => axis switch
        {
            Axis.Input0 => "input axis 0",
            Axis.Input1 => "input axis 1",
            Axis.Sequence => "seq",
            Axis.Batch => "batch",
            Axis.Features => "features",
            Axis.Direction => "direction",
            _ => "last step",
        };
    }
}
