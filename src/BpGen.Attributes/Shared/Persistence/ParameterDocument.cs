using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace BpGen
{
    /// <summary>
    /// Reads BpGen's JSON parameter document:
    /// <code>
    /// { "format": "BpGen parameters", "version": 2, "elementType": "float",
    ///   "sizes": [2, 3, 2], "activations": ["Sigmoid", "Identity"], "loss": "SoftmaxCrossEntropy",
    ///   "inputScaling": { "mean": [m, m], "standardDeviation": [s, s] },
    ///   "layers": [ { "kind": "Dense", "weights": [[w, w], …], "biases": [b, …] }, … ] }
    /// </code>
    /// A recurrent layer holds PyTorch's tensors under their names in place of "weights" and "biases":
    /// <c>{ "kind": "Gru", "weight_ih": [[…], …], "weight_hh": [[…], …], "bias_ih": […], "bias_hh": […] }</c>
    /// (G·H rows of n_(l−1) and of H values, G·H biases each; G = 3 for Gru, 4 for Lstm), its activation Tanh.
    /// "inputScaling", and "outputScaling" for a regression network's outputs, are there when the
    /// network has them. Version 1 documents (no kinds, no scaling) are read too. Read
    /// strictly (<see cref="JsonDocument"/>) into a <see cref="NetworkDescription"/>. Every problem is an
    /// <see cref="InvalidDataException"/> naming the member, what was expected and what was found.
    /// </summary>
    internal sealed class ParameterDocument
    {
        /// <summary>The value of "format".</summary>
        public const string FormatName = "BpGen parameters";

        /// <summary>The members that hold the scaling, from version 2.</summary>
        public const string InputScalingName = "inputScaling", OutputScalingName = "outputScaling";

        /// <summary>The members of the document, and of a scaling.</summary>
        private static readonly string[] DocumentMembers = { "format", "version", "elementType", "sizes", "activations", "loss", InputScalingName, OutputScalingName, "layers" };
        private static readonly string[] ScalingMembers = { "mean", "standardDeviation" };

        /// <summary>The members version 1 does not have: kinds, recurrent layers' tensors and scaling.</summary>
        private static readonly string[] VersionTwoMembers = { "kind", "weight_ih", "weight_hh", "bias_ih", "bias_hh", InputScalingName, OutputScalingName };

        private int _version;

        private readonly JsonDocument.Object _document;

        /// <summary>Parses <paramref name="text"/>, which must be one JSON object.</summary>
        public ParameterDocument(string text) => _document = JsonDocument.Parse(text).AsObject("the document");

        /// <summary>The whole network: the header, each layer's kind and values, and the scaling.</summary>
        public NetworkDescription Read()
        {
            ParameterHeader header = ReadHeader();
            RefuseOtherMembers(_document, "the document", DocumentMembers);
            double[] values = ReadValues(header);
            return new NetworkDescription("BpGen JSON", header.Sizes, header.Kinds, header.Activations, header.Loss, endsWithSoftmax: false, header.ElementSize, values,
                ReadScaling(header, InputScalingName), ReadScaling(header, OutputScalingName));
        }

        /// <summary>"format", "version", "elementType", "sizes", "activations", "loss" and each layer's "kind", checked to describe a network.</summary>
        private ParameterHeader ReadHeader()
        {
            string format = _document.Get("format").AsString("format");
            if (format != FormatName)
            {
                throw new InvalidDataException($"\"format\" should be \"{FormatName}\", but it is \"{format}\".");
            }

            _version = _document.Get("version").AsInt32("version");
            if (!ParameterHeader.IsReadable(_version))
            {
                throw new InvalidDataException($"The document has version {_version}; this version of BpGen reads {ParameterHeader.ReadableVersions}.");
            }

            string elementType = _document.Get("elementType").AsString("elementType");
            if (elementType is not ("float" or "double"))
            {
                throw new InvalidDataException($"\"elementType\" should be \"float\" or \"double\", but it is \"{elementType}\".");
            }

            int[] sizes = _document.Get("sizes").AsArray("sizes").Select((s, i) => s.AsInt32($"sizes[{i}]")).ToArray();
            string[] activationNames = ParameterHeader.ActivationNames;
            string[] activations = _document.Get("activations").AsArray("activations").Select((a, i) => Name(a, $"activations[{i}]", "an Activation", activationNames)).ToArray();
            string loss = Name(_document.Get("loss"), "loss", "a Loss", ParameterHeader.LossNames);
            Layer[] kinds = activations.Length == sizes.Length - 1 ? ReadKinds(activations.Length) : Array.Empty<Layer>();
            ParameterHeader header = ParameterHeader.FromNames(elementType == "double" ? 8 : 4, loss, sizes, activations, kinds)
                ?? throw new InvalidDataException($"The document's \"sizes\" ({ParameterHeader.SizesText(sizes)}) and \"activations\" ({activations.Length}) do not describe a network: {ParameterHeader.Rule}.");
            return header.KindProblem is string problem
                ? throw new InvalidDataException($"The document's \"layers\" do not describe a network: {problem}.")
                : header;
        }

        /// <summary>
        /// Each layer's "kind", all of them before any values, so that the layout is known: Dense in a
        /// version-1 document. Nothing when the sizes and activations describe no network, or
        /// <paramref name="count"/> layers cannot be, which the header's check then reports.
        /// </summary>
        private Layer[] ReadKinds(int count)
        {
            if (!ParameterHeader.IsLayerCount(count + 1))
            {
                return Array.Empty<Layer>();
            }

            IReadOnlyList<JsonDocument.Value> layers = Layers(count);
            var kinds = new Layer[count];
            for (int l = 1; l <= count && _version >= 2; l++)
            {
                string path = $"layers[{l - 1}]";
                string kind = Name(layers[l - 1].AsObject(path).Get("kind"), path + ".kind", "a layer kind", Enum.GetNames(typeof(Layer)));
                kinds[l - 1] = (Layer)Enum.Parse(typeof(Layer), kind);
            }

            return kinds;
        }

        /// <summary>"layers", which must have <paramref name="count"/> entries.</summary>
        private IReadOnlyList<JsonDocument.Value> Layers(int count)
        {
            IReadOnlyList<JsonDocument.Value> layers = _document.Get("layers").AsArray("layers");
            if (layers.Count != count)
            {
                throw new InvalidDataException($"\"layers\" should have {count} entries, but it has {layers.Count}.");
            }

            return layers;
        }

        /// <summary>
        /// "layers": each block of the layout (<see cref="ParameterLayout"/>) under its name
        /// (<see cref="MemberName"/>) in its layer's object, a matrix as its rows, a bias vector as one
        /// array. A float document's numbers are parsed as float (through double, the last bit could
        /// round otherwise), then widened, which is exact; NaN and ±∞ are refused.
        /// </summary>
        private double[] ReadValues(ParameterHeader header)
        {
            IReadOnlyList<JsonDocument.Value> layers = Layers(header.Sizes.Length - 1);

            var members = new List<string>[header.Sizes.Length - 1];
            for (int l = 1; l < header.Sizes.Length; l++)
            {
                members[l - 1] = _version >= 2 ? new List<string> { "kind" } : new List<string>();
            }

            foreach (ParameterBlock block in header.Layout)
            {
                members[block.Layer - 1].Add(MemberName(block.Kind));
            }

            for (int l = 1; l < header.Sizes.Length; l++)
            {
                RefuseOtherMembers(layers[l - 1].AsObject($"layers[{l - 1}]"), $"layers[{l - 1}]", members[l - 1]);
            }

            // Grows with what the document holds: its sizes alone could promise any number of values.
            var values = new List<double>();
            foreach (ParameterBlock block in header.Layout)
            {
                string path = $"layers[{block.Layer - 1}].{MemberName(block.Kind)}";
                JsonDocument.Value member = layers[block.Layer - 1].AsObject($"layers[{block.Layer - 1}]").Get(MemberName(block.Kind));
                if (!IsMatrix(block.Kind))
                {
                    ReadNumbers(member, block.Rows, path, header.UseDouble, values);
                    continue;
                }

                IReadOnlyList<JsonDocument.Value> rows = member.AsArray(path);
                ExpectCount(rows.Count, block.Rows, path, "rows");
                for (int i = 0; i < block.Rows; i++)
                {
                    ReadNumbers(rows[i], block.Columns, $"{path}[{i}]", header.UseDouble, values);
                }
            }

            return values.ToArray();
        }

        /// <summary>The member of a layer's object that holds a block: "weights" and "biases" of a dense layer, PyTorch's "weight_ih", "weight_hh", "bias_ih", "bias_hh" of a recurrent one.</summary>
        public static string MemberName(ParameterBlockKind kind) => kind switch
        {
            ParameterBlockKind.Weights => "weights",
            ParameterBlockKind.Biases => "biases",
            ParameterBlockKind.InputWeights => "weight_ih",
            ParameterBlockKind.RecurrentWeights => "weight_hh",
            ParameterBlockKind.InputBiases => "bias_ih",
            _ => "bias_hh",
        };

        /// <summary>Whether a block is written as rows of numbers (the weights) rather than one array (the biases).</summary>
        public static bool IsMatrix(ParameterBlockKind kind) => kind is ParameterBlockKind.Weights or ParameterBlockKind.InputWeights or ParameterBlockKind.RecurrentWeights;

        /// <summary>
        /// The standardization in member <paramref name="name"/> ("inputScaling" or "outputScaling"), or
        /// null when the document has none: { "mean": [...], "standardDeviation": [...] }, one number of
        /// each per input or output, finite, the deviations ≥ 0; output scaling only for a regression.
        /// </summary>
        private FeatureScaling? ReadScaling(ParameterHeader header, string name)
        {
            if (!_document.Has(name))
            {
                return null;
            }

            if (_version < 2)
            {
                throw new InvalidDataException($"\"{name}\" is part of version 2, but the document has version {_version}.");
            }

            bool input = name == InputScalingName;
            int count = input ? header.Sizes[0] : header.Sizes[header.Sizes.Length - 1];
            if (!input && header.Loss != Loss.MeanSquaredError)
            {
                throw new InvalidDataException($"\"{name}\" scales the outputs of a {header.Loss} network; output scaling belongs to regression (MeanSquaredError) networks.");
            }

            JsonDocument.Object scaling = _document.Get(name).AsObject(name);
            RefuseOtherMembers(scaling, $"\"{name}\"", ScalingMembers);
            var mean = new List<double>();
            var deviation = new List<double>();
            ReadNumbers(scaling.Get("mean"), count, name + ".mean", useDouble: true, mean);
            ReadNumbers(scaling.Get("standardDeviation"), count, name + ".standardDeviation", useDouble: true, deviation);
            var result = new FeatureScaling(mean.ToArray(), deviation.ToArray());
            if (FeatureScaling.FindProblem(result.Mean, result.Deviation, count) is string problem)
            {
                throw new InvalidDataException($"\"{name}\" is not a standardization: {problem}; {FeatureScaling.Rule}.");
            }

            if (!input && FeatureScaling.FindOutputProblem(result.Deviation) is string zero)
            {
                throw new InvalidDataException($"\"{name}\" cannot be used: {zero}.");
            }

            return result;
        }

        /// <summary>
        /// Refuses a member of <paramref name="value"/> (at <paramref name="where"/>) other than
        /// <paramref name="known"/>: a misspelt "inputScaling" must not drop the scaling unnoticed, nor a
        /// version-1 document's recurrent layer read as a dense one.
        /// </summary>
        private void RefuseOtherMembers(JsonDocument.Object value, string where, IReadOnlyCollection<string> known)
        {
            foreach (string name in value.Names)
            {
                if (known.Contains(name))
                {
                    continue;
                }

                string path = where == "the document" ? name : $"{where}.{name}";
                if (_version < 2 && VersionTwoMembers.Contains(name))
                {
                    throw new InvalidDataException($"\"{path}\" is part of version 2, but the document has version {_version}.");
                }

                string simplified = JsonDocument.Simplified(name);
                string? meant = known.FirstOrDefault(k => JsonDocument.Simplified(k) == simplified);
                throw new InvalidDataException(
                    $"The member {JsonDocument.Shown(name)} of {where} is none of those it may have{(meant is null ? "" : $" (did you mean \"{meant}\"?)")}: {string.Join(", ", known.Select(k => $"\"{k}\""))}.");
            }
        }

        private static void ReadNumbers(JsonDocument.Value array, int count, string path, bool useDouble, List<double> values)
        {
            IReadOnlyList<JsonDocument.Value> items = array.AsArray(path);
            ExpectCount(items.Count, count, path, "values");
            for (int j = 0; j < count; j++)
            {
                string text = items[j].AsNumberText($"{path}[{j}]");
                double value = useDouble
                    ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : Overflow(text)
                    : float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float single) ? single : Overflow(text);
                if (double.IsNaN(value) || double.IsInfinity(value))
                {
                    throw FiniteParameters.Error($"{path}[{j}] is {text}, which is {FiniteParameters.Describe(value)} as a {(useDouble ? "double" : "float")}; {FiniteParameters.Rule}.");
                }

                values.Add(value);
            }
        }

        /// <summary>
        /// ±∞ for a JSON number that does not parse: the grammar has been checked, so only overflow is
        /// left, which .NET Framework reports as a failure where .NET Core rounds to ±∞.
        /// </summary>
        private static double Overflow(string number) => number[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;

        /// <summary>The string <paramref name="value"/>, which must be one of <paramref name="names"/> exactly (no numbers, no other case, no lists of flags).</summary>
        private static string Name(JsonDocument.Value value, string path, string kind, string[] names)
        {
            string text = value.AsString(path);
            if (Array.IndexOf(names, text) < 0)
            {
                throw new InvalidDataException($"{path} should name {kind} ({string.Join(", ", names)}), but it is \"{text}\".");
            }

            return text;
        }

        private static void ExpectCount(int found, int expected, string path, string items)
        {
            if (found != expected)
            {
                throw new InvalidDataException($"{path} should have {expected} {items}, but it has {found}.");
            }
        }
    }
}
