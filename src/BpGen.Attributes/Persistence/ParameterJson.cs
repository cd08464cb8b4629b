using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace BpGen
{
    /// <summary>
    /// A readable JSON form of a network's parameters, for people who inspect weights or move them to
    /// or from Python (<c>json.load</c>, then <c>numpy.array(layer["weights"])</c>):
    /// <code>
    /// { "format": "BpGen parameters", "version": 1, "elementType": "float",
    ///   "sizes": [2, 3, 2], "activations": ["Sigmoid", "Identity"], "loss": "SoftmaxCrossEntropy",
    ///   "layers": [ { "weights": [[w, w], …], "biases": [b, …] }, … ] }
    /// </code>
    /// Weights are n_l rows of n_(l−1) values, W^l[i][j]. Numbers are written with 17 significant
    /// digits (double) or 9 (float), which round-trip exactly on every runtime; only finite numbers are
    /// written or read.
    /// </summary>
    public static class ParameterJson
    {
        private const string FormatName = "BpGen parameters";

        /// <summary>Writes <paramref name="parameters"/> of the network <paramref name="signature"/> describes.</summary>
        /// <exception cref="InvalidOperationException">
        /// A parameter is NaN or ±∞ (the message names which): such a document could not be read back,
        /// so nothing is written.
        /// </exception>
        public static void Write<T>(TextWriter writer, NetworkSignature signature, ReadOnlySpan<T> parameters)
            where T : unmanaged, IFormattable
        {
            if (writer is null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            if (signature is null || parameters.Length != signature.ParameterCount)
            {
                throw new ArgumentException($"parameters must be the {signature?.ParameterCount} values of a {signature}, but there are {parameters.Length}.", nameof(parameters));
            }

            if (FiniteParameters.FindNonFinite(signature, parameters) is string nonFinite)
            {
                throw new InvalidOperationException($"The parameters cannot be exported: {nonFinite}; {FiniteParameters.Rule}. Nothing was written.");
            }

            ReadOnlySpan<int> sizes = signature.Sizes;
            writer.Write("{\n");
            writer.Write($"  \"format\": \"{FormatName}\",\n  \"version\": {ParameterFile.FormatVersion},\n");
            writer.Write($"  \"elementType\": \"{(signature.UseDouble ? "double" : "float")}\",\n");
            writer.Write($"  \"sizes\": [{string.Join(", ", sizes.ToArray())}],\n");
            writer.Write($"  \"activations\": [{string.Join(", ", signature.Activations.ToArray().Select(a => $"\"{a}\""))}],\n");
            writer.Write($"  \"loss\": \"{signature.Loss}\",\n");
            writer.Write("  \"layers\": [\n");
            var layout = new ParameterLayout(sizes);
            for (int l = 1; l < sizes.Length; l++)
            {
                writer.Write("    {\n      \"weights\": [\n");
                for (int i = 0; i < sizes[l]; i++)
                {
                    writer.Write($"        {Numbers(parameters.Slice(layout.WeightOffset(l) + i * sizes[l - 1], sizes[l - 1]))}{(i + 1 < sizes[l] ? "," : "")}\n");
                }

                writer.Write($"      ],\n      \"biases\": {Numbers(parameters.Slice(layout.BiasOffset(l), layout.BiasCount(l)))}\n");
                writer.Write(l + 1 < sizes.Length ? "    },\n" : "    }\n");
            }

            writer.Write("  ]\n}\n");
        }

        /// <summary>
        /// Reads and checks a whole document before touching <paramref name="parameters"/>; anything
        /// malformed (strict JSON, no member name twice in an object, at most
        /// <see cref="JsonDocument.MaxDepth"/> levels of nesting), for another network, or holding a
        /// number beyond the element type's range throws <see cref="InvalidDataException"/> naming what
        /// was expected and what was found, and leaves <paramref name="parameters"/> as it was.
        /// </summary>
        public static void Read<T>(TextReader reader, NetworkSignature expected, Span<T> parameters)
            where T : unmanaged, IFormattable
        {
            if (reader is null)
            {
                throw new ArgumentNullException(nameof(reader));
            }

            if (expected is null || parameters.Length != expected.ParameterCount)
            {
                throw new ArgumentException($"parameters must be the {expected?.ParameterCount} values of a {expected}.", nameof(parameters));
            }

            var document = JsonDocument.Parse(reader.ReadToEnd()).AsObject("the document");
            string format = document.Get("format").AsString("format");
            if (format != FormatName)
            {
                throw new InvalidDataException($"\"format\" should be \"{FormatName}\", but it is \"{format}\".");
            }

            int version = document.Get("version").AsInt32("version");
            if (version != ParameterFile.FormatVersion)
            {
                throw new InvalidDataException($"The document has version {version}; this version of BpGen reads version {ParameterFile.FormatVersion}.");
            }

            NetworkSignature found = ReadSignature(document);
            if (!found.Equals(expected))
            {
                throw new InvalidDataException($"The document holds a {found}, but this is a {expected}.");
            }

            int[] sizes = found.Sizes.ToArray();

            var values = new T[parameters.Length];
            var layout = new ParameterLayout(sizes);
            var layers = document.Get("layers").AsArray("layers");
            if (layers.Count != sizes.Length - 1)
            {
                throw new InvalidDataException($"\"layers\" should have {sizes.Length - 1} entries, but it has {layers.Count}.");
            }

            for (int l = 1; l < sizes.Length; l++)
            {
                var layer = layers[l - 1].AsObject($"layers[{l - 1}]");
                var rows = layer.Get("weights").AsArray($"layers[{l - 1}].weights");
                Expect(rows.Count, sizes[l], $"layers[{l - 1}].weights rows");
                for (int i = 0; i < sizes[l]; i++)
                {
                    ReadNumbers<T>(rows[i], sizes[l - 1], $"layers[{l - 1}].weights[{i}]", values, layout.WeightOffset(l) + i * sizes[l - 1]);
                }

                ReadNumbers<T>(layer.Get("biases"), layout.BiasCount(l), $"layers[{l - 1}].biases", values, layout.BiasOffset(l));
            }

            values.AsSpan().CopyTo(parameters);
        }

        private static NetworkSignature ReadSignature(JsonDocument.Object document)
        {
            string elementType = document.Get("elementType").AsString("elementType");
            if (elementType is not ("float" or "double"))
            {
                throw new InvalidDataException($"\"elementType\" should be \"float\" or \"double\", but it is \"{elementType}\".");
            }

            int[] sizes = document.Get("sizes").AsArray("sizes").Select((s, i) => s.AsInt32($"sizes[{i}]")).ToArray();
            Activation[] activations = document.Get("activations").AsArray("activations").Select((a, i) => ParseEnum<Activation>(a, $"activations[{i}]")).ToArray();
            Loss loss = ParseEnum<Loss>(document.Get("loss"), "loss");
            if (sizes.Length < 2 || Array.Exists(sizes, size => size < 1) || activations.Length != sizes.Length - 1)
            {
                throw new InvalidDataException($"The document's \"sizes\" ({string.Join("-", sizes)}) and \"activations\" ({activations.Length}) do not describe a network.");
            }

            return new NetworkSignature(sizes, activations, loss, elementType == "double");
        }

        private static TEnum ParseEnum<TEnum>(JsonDocument.Value value, string path)
            where TEnum : struct
        {
            string text = value.AsString(path);
            string[] names = Enum.GetNames(typeof(TEnum));
            if (Array.IndexOf(names, text) < 0)
            {
                throw new InvalidDataException($"{path} should name a {typeof(TEnum).Name} ({string.Join(", ", names)}), but it is \"{text}\".");
            }

            return (TEnum)Enum.Parse(typeof(TEnum), text);
        }

        private static string Numbers<T>(ReadOnlySpan<T> values)
            where T : unmanaged, IFormattable
        {
            // "R" does not always round-trip on .NET Framework; 9 significant digits for float and 17 for double always do.
            string format = typeof(T) == typeof(float) ? "G9" : "G17";
            var texts = new string[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                texts[i] = values[i].ToString(format, CultureInfo.InvariantCulture);
            }

            return "[" + string.Join(", ", texts) + "]";
        }

        private static void ReadNumbers<T>(JsonDocument.Value array, int count, string path, T[] values, int offset)
            where T : unmanaged, IFormattable
        {
            var items = array.AsArray(path);
            Expect(items.Count, count, path);
            for (int j = 0; j < count; j++)
            {
                string text = items[j].AsNumberText($"{path}[{j}]");
                double value;
                if (typeof(T) == typeof(float))
                {
                    float single = float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float parsed) ? parsed : (float)Overflow(text);
                    values[offset + j] = (T)(object)single;
                    value = single;
                }
                else
                {
                    value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : Overflow(text);
                    values[offset + j] = (T)(object)value;
                }

                if (double.IsNaN(value) || double.IsInfinity(value))
                {
                    throw new InvalidDataException(
                        $"{path}[{j}] is {text}, which is {FiniteParameters.Describe(value)} as a {(typeof(T) == typeof(float) ? "float" : "double")}; {FiniteParameters.Rule}.");
                }
            }
        }

        /// <summary>
        /// ±∞ for a JSON number that does not parse: the grammar has been checked, so only overflow is
        /// left, which .NET Framework reports as a failure where .NET Core rounds to ±∞.
        /// </summary>
        private static double Overflow(string number) => number[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;

        private static void Expect(int found, int expected, string what)
        {
            if (found != expected)
            {
                throw new InvalidDataException($"{what} should have {expected} values, but it has {found}.");
            }
        }
    }
}
