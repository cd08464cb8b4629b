using System;
using System.IO;
using System.Linq;
using static System.FormattableString;
namespace BpGen.Onnx
{
    /// <summary>
    /// The scalings a graph may hold around its dense layers, as PyTorch exports them: (x − μ) / σ
    /// before the first layer (a Sub, then a Div by σ or a Mul by 1/σ) and y·σ + μ after the last (a
    /// Mul, then an Add), every step optional and by a stored constant. The chain walk hands over each
    /// step as it meets it; the values are read at the end, when the input and output counts are known.
    /// </summary>
    internal sealed class OnnxScalingSteps
    {
        /// <summary>Where scaling may stand, for the messages about one that stands elsewhere.</summary>
        private const string Place = "scaling stands only before the first layer (a Sub, then a Div or Mul, by constants: (x − μ) / σ) or after the last (a Mul, then an Add: y·σ + μ)";

        private const string InputOrder = "the input scaling subtracts one mean (a Sub) first, then divides by one standard deviation (a Div, or a Mul by 1/σ)";
        private const string OutputOrder = "the output scaling multiplies by one standard deviation (a Mul) first, then adds one mean (an Add)";

        private readonly Func<OnnxNode, int, string, OnnxTensor> _constant;
        private Operand? _inputMean;
        private Operand? _inputDeviation;
        private Operand? _outputDeviation;
        private Operand? _outputMean;

        /// <param name="constant">The stored tensor a node reads in a slot; the role names it in messages.</param>
        public OnnxScalingSteps(Func<OnnxNode, int, string, OnnxTensor> constant) => _constant = constant;

        /// <summary>A Sub, Add, Div or Mul on <paramref name="data"/>, of <paramref name="rank"/> axes, before the first layer: x − μ (or x + (−μ)), then x / σ or x·(1/σ).</summary>
        public void BeforeFirstLayer(OnnxNode node, string data, int rank)
        {
            switch (node.OpType)
            {
                case "Sub":
                    RefuseIfFollows(node, _inputDeviation ?? _inputMean, InputOrder);
                    _inputMean = Take(node, data, rank, "mean", v => v, null);
                    break;
                case "Add":
                    RefuseIfFollows(node, _inputDeviation ?? _inputMean, InputOrder);
                    _inputMean = Take(node, data, rank, "negated mean", v => -v, null);
                    break;
                case "Div":
                    RefuseIfFollows(node, _inputDeviation, InputOrder);
                    _inputDeviation = Take(node, data, rank, "standard deviation", v => v,
                        "a standardization divides by a standard deviation > 0 (a zero divisor makes ∞; a negative one flips the sign)");
                    break;
                default:
                    RefuseIfFollows(node, _inputDeviation, InputOrder);
                    _inputDeviation = Take(node, data, rank, "factor 1/σ", v => 1 / v,
                        "a standardization multiplies by 1/σ > 0 (a zero factor erases the feature; a negative one flips the sign)");
                    break;
            }
        }

        /// <summary>A Mul, then an Add, on <paramref name="data"/>, of <paramref name="rank"/> axes, after <paramref name="layer"/>, which must turn out to be the last.</summary>
        public void AfterLayer(OnnxNode node, string data, OnnxLayer layer, int rank)
        {
            switch (node.OpType)
            {
                case "Mul":
                    RefuseIfFollows(node, _outputMean ?? _outputDeviation, OutputOrder);
                    _outputDeviation = Take(node, data, rank, "standard deviation", v => v,
                        "the output scaling multiplies by a standard deviation > 0 (zero makes every output its mean; a negative one flips the sign)");
                    break;
                case "Add":
                    RefuseIfFollows(node, _outputMean, OutputOrder);
                    _outputMean = Take(node, data, rank, "mean", v => v, null);
                    break;
                default:
                    throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} follows layer {layer.Number} ({(layer.ActivationNode ?? layer.Node).Description}); {Place}."));
            }
        }

        /// <summary>Refuses a layer, activation or softmax after a step of the output scaling, which then stood between layers.</summary>
        public void RefuseAfterOutputScaling(OnnxNode node)
        {
            if ((_outputDeviation ?? _outputMean) is Operand step)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(step.Node.Description)} is followed by {node.Description}; {Place}.");
            }
        }

        /// <summary>The scaling before the first layer, for <paramref name="features"/> inputs; null when the graph has none.</summary>
        public FeatureScaling? Input(int features) =>
            Read(_inputMean, _inputDeviation, "input", features, Invariant($"the input has {Count(features, "feature")}"), "feature");

        /// <summary>The scaling after <paramref name="last"/>, the output layer; null when the graph has none.</summary>
        public FeatureScaling? Output(OnnxLayer last)
        {
            if ((_outputDeviation ?? _outputMean) is Operand step && last.Activation == Activation.Sigmoid)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(step.Node.Description)} follows {last.ActivationNode!.Description}, the output layer's activation; scaling after the last layer belongs to a regression network's outputs, not to a Sigmoid's probabilities.");
            }

            return Read(_outputMean, _outputDeviation, "output", last.Outputs, Invariant($"the output layer has {Count(last.Outputs, "neuron")}"), "neuron");
        }

        /// <summary>The step's constant operand, checked for place: the data first in a Sub or Div (x − μ, x / σ), either in a Mul or Add.</summary>
        private Operand Take(OnnxNode node, string data, int rank, string role, Func<double, double> use, string? positiveRule)
        {
            if (node.Inputs.Count != 2)
            {
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(node.Description)} has {node.Inputs.Count} inputs; a {node.OpType} that scales the data has 2: the data and a stored constant."));
            }

            int slot = 1 - node.Inputs.IndexOf(data);
            string other = node.Inputs[slot];
            if (other == data)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} combines tensor '{data}' with itself; a {node.OpType} that scales the data takes the data and a stored constant.");
            }

            if (slot == 0 && node.OpType == "Sub")
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} subtracts the data '{data}' from tensor '{other}' (c − x); a standardization subtracts the mean from the data (x − μ), so the data comes first.");
            }

            if (slot == 0 && node.OpType == "Div")
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} divides tensor '{other}' by the data '{data}' (c / x); a standardization divides the data by the standard deviation ((x − μ) / σ), so the data comes first.");
            }

            return new Operand(node, slot, _constant(node, slot, role), rank, role, use, positiveRule);
        }

        private static void RefuseIfFollows(OnnxNode node, Operand? earlier, string order)
        {
            if (earlier is not null)
            {
                throw new InvalidDataException($"{OnnxText.Sentence(node.Description)} follows {earlier.Node.Description}; {order}.");
            }
        }

        /// <summary>Mean 0 and deviation 1 where a step is missing; null when both are.</summary>
        private static FeatureScaling? Read(Operand? mean, Operand? deviation, string side, int features, string counted, string unit)
        {
            if (mean is null && deviation is null)
            {
                return null;
            }

            var scaling = new FeatureScaling(
                mean is null ? new double[features] : Values(mean, side, features, counted, unit),
                deviation is null ? Enumerable.Repeat(1.0, features).ToArray() : Values(deviation, side, features, counted, unit));

            // Only 1/σ of a DOUBLE factor below double's normal range gets here: σ overflows to ∞.
            string? problem = FeatureScaling.FindProblem(scaling.Mean, scaling.Deviation, features);
            if (problem is not null)
            {
                throw new InvalidDataException($"The {side} scaling ({(deviation ?? mean)!.Node.Description}): {problem}; {FeatureScaling.Rule}.");
            }

            return scaling;
        }

        /// <summary>
        /// The operand's values as the scaling uses them, one per feature, at the file's precision: shaped
        /// [n] (after axes of 1, no more axes than the data: [1, n], or [1, 1, n] for a sequence) or a single
        /// value for every feature; finite; and > 0 where a rule says so.
        /// </summary>
        private static double[] Values(Operand operand, string side, int features, string counted, string unit)
        {
            string what = $"the {operand.Role} of the {side} scaling ({operand.Node.Description}, tensor '{operand.Node.Inputs[operand.Slot]}')";
            var dims = operand.Tensor.Dims;
            long last = dims.Count == 0 ? 1 : dims[dims.Count - 1];
            if (dims.Count > operand.Rank || dims.Take(Math.Max(0, dims.Count - 1)).Any(d => d != 1) || (last != 1 && last != features))
            {
                // More axes than the data would broadcast the data into a tensor of more axes, which is another computation.
                string shapes = string.Join(", ", Enumerable.Range(0, operand.Rank).Select(ones => "[" + string.Concat(Enumerable.Repeat("1, ", ones)) + Invariant($"{features}]")));
                throw new InvalidDataException(Invariant($"{OnnxText.Sentence(what)}: its shape is {OnnxText.Dimensions(dims)}; {counted} and the data {operand.Rank} axes, so expected {shapes} (one value per {unit}, the data's axes at most), or a single value."));
            }

            double[] stored = OnnxTensorValues.Doubles(operand.Tensor, what);
            var values = new double[features];
            for (int i = 0; i < features; i++)
            {
                int k = stored.Length == 1 ? 0 : i;
                double value = stored[k];
                if (double.IsNaN(value) || double.IsInfinity(value))
                {
                    throw new InvalidDataException(Invariant($"{OnnxText.Sentence(what)}: element {k} is {(double.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "−infinity")}; a scaling's values must be finite."));
                }

                if (operand.PositiveRule is string rule && !(value > 0))
                {
                    throw new InvalidDataException(Invariant($"{OnnxText.Sentence(what)}: element {k} is {value:R}; {rule}."));
                }

                values[i] = operand.Use(value);
            }

            return values;
        }

        private static string Count(int n, string unit) => Invariant($"{n} {unit}{(n == 1 ? "" : "s")}");

        /// <summary>A scaling step's stored constant and what the scaling makes of each of its values.</summary>
        private sealed class Operand
        {
            public Operand(OnnxNode node, int slot, OnnxTensor tensor, int rank, string role, Func<double, double> use, string? positiveRule)
            {
                Node = node;
                Slot = slot;
                Tensor = tensor;
                Rank = rank;
                Role = role;
                Use = use;
                PositiveRule = positiveRule;
            }

            public OnnxNode Node { get; }

            public int Slot { get; }

            public OnnxTensor Tensor { get; }

            /// <summary>The axes of the data it scales: the most the constant may have.</summary>
            public int Rank { get; }

            /// <summary>What the values are, in messages: "mean", "standard deviation", "factor 1/σ".</summary>
            public string Role { get; }

            /// <summary>The mean or deviation a stored value stands for: itself, its negation (x + c) or its reciprocal (x·c).</summary>
            public Func<double, double> Use { get; }

            /// <summary>Why each value must be > 0, for a deviation or factor; null for a mean.</summary>
            public string? PositiveRule { get; }
        }
    }
}
