using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

// Also compiled into the generator, which reads weights files at compile time (see ParameterHeader).
#if BPGEN_GENERATOR
namespace BpGen.Generator.Persistence
#else
namespace BpGen
#endif
{
    /// <summary>
    /// Reads BpGen's JSON parameter document:
    /// <code>
    /// { "format": "BpGen parameters", "version": 1, "elementType": "float",
    ///   "sizes": [2, 3, 2], "activations": ["Sigmoid", "Identity"], "loss": "SoftmaxCrossEntropy",
    ///   "layers": [ { "weights": [[w, w], …], "biases": [b, …] }, … ] }
    /// </code>
    /// strictly (<see cref="JsonDocument"/>), the header and the values in two steps, so the caller can
    /// compare the network with the one it expects first. Every problem is an
    /// <see cref="InvalidDataException"/> naming the member, what was expected and what was found.
    /// </summary>
    internal sealed class ParameterDocument
    {
        /// <summary>The value of "format".</summary>
        public const string FormatName = "BpGen parameters";

        private readonly JsonDocument.Object _document;

        /// <summary>Parses <paramref name="text"/>, which must be one JSON object.</summary>
        public ParameterDocument(string text) => _document = JsonDocument.Parse(text).AsObject("the document");

        /// <summary>"format", "version", "elementType", "sizes", "activations" and "loss", checked to describe a network.</summary>
        public ParameterHeader ReadHeader()
        {
            string format = _document.Get("format").AsString("format");
            if (format != FormatName)
            {
                throw new InvalidDataException($"\"format\" should be \"{FormatName}\", but it is \"{format}\".");
            }

            int version = _document.Get("version").AsInt32("version");
            if (version != ParameterHeader.FormatVersion)
            {
                throw new InvalidDataException($"The document has version {version}; this version of BpGen reads version {ParameterHeader.FormatVersion}.");
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
            return ParameterHeader.FromNames(elementType == "double" ? 8 : 4, loss, sizes, activations)
                ?? throw new InvalidDataException($"The document's \"sizes\" ({string.Join("-", sizes)}) and \"activations\" ({activations.Length}) do not describe a network: {ParameterHeader.Rule}.");
        }

        /// <summary>
        /// "layers": per layer, n_l rows of n_(l−1) weights and n_l biases, in the layout of
        /// <c>Parameters</c>. A float document's numbers are parsed as float (through double, the
        /// last bit could round otherwise), then widened, which is exact; NaN and ±∞ are refused.
        /// </summary>
        public double[] ReadValues(ParameterHeader header)
        {
            int[] sizes = header.Sizes;
            IReadOnlyList<JsonDocument.Value> layers = _document.Get("layers").AsArray("layers");
            if (layers.Count != sizes.Length - 1)
            {
                throw new InvalidDataException($"\"layers\" should have {sizes.Length - 1} entries, but it has {layers.Count}.");
            }

            // Grows with what the document holds: its sizes alone could promise any number of values.
            var values = new List<double>();
            for (int l = 1; l < sizes.Length; l++)
            {
                string path = $"layers[{l - 1}]";
                JsonDocument.Object layer = layers[l - 1].AsObject(path);
                IReadOnlyList<JsonDocument.Value> rows = layer.Get("weights").AsArray(path + ".weights");
                ExpectCount(rows.Count, sizes[l], path + ".weights rows");
                for (int i = 0; i < sizes[l]; i++)
                {
                    ReadNumbers(rows[i], sizes[l - 1], $"{path}.weights[{i}]", header, values);
                }

                ReadNumbers(layer.Get("biases"), sizes[l], path + ".biases", header, values);
            }

            return values.ToArray();
        }

        private static void ReadNumbers(JsonDocument.Value array, int count, string path, ParameterHeader header, List<double> values)
        {
            IReadOnlyList<JsonDocument.Value> items = array.AsArray(path);
            ExpectCount(items.Count, count, path);
            for (int j = 0; j < count; j++)
            {
                string text = items[j].AsNumberText($"{path}[{j}]");
                double value = header.UseDouble
                    ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : Overflow(text)
                    : float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float single) ? single : Overflow(text);
                if (double.IsNaN(value) || double.IsInfinity(value))
                {
                    throw FiniteParameters.Error($"{path}[{j}] is {text}, which is {FiniteParameters.Describe(value)} as a {header.ElementType}; {FiniteParameters.Rule}.");
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

        private static void ExpectCount(int found, int expected, string what)
        {
            if (found != expected)
            {
                throw new InvalidDataException($"{what} should have {expected} values, but it has {found}.");
            }
        }
    }
}
