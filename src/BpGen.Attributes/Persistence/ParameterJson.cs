using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace BpGen
{
    /// <summary>
    /// A readable JSON form of a network's parameters, for people who inspect weights or move them to
    /// or from Python (<c>json.load</c>, then <c>numpy.array(layer["weights"])</c>, or
    /// <c>numpy.array(layer["weight_ih"])</c> for a recurrent layer's <c>state_dict</c> tensor):
    /// <code>
    /// { "format": "BpGen parameters", "version": 2, "elementType": "float",
    ///   "sizes": [2, 3, 2], "activations": ["Sigmoid", "Identity"], "loss": "SoftmaxCrossEntropy",
    ///   "inputScaling": { "mean": [m, m], "standardDeviation": [s, s] },
    ///   "layers": [ { "kind": "Dense", "weights": [[w, w], …], "biases": [b, …] }, … ] }
    /// </code>
    /// A GRU or LSTM layer holds PyTorch's tensors of the layer under their names, in their shapes:
    /// <c>{ "kind": "Gru", "weight_ih": [[…], …], "weight_hh": [[…], …], "bias_ih": […], "bias_hh": […] }</c>,
    /// G·H rows of n_(l−1) and of H values, G·H biases each (G = 3 for Gru, 4 for Lstm; the gates in PyTorch's order).
    /// "inputScaling", and "outputScaling" for a regression network's outputs, are there when the
    /// network has them. Version 1 documents (no kinds, no scaling) are read too.
    /// Weights are n_l rows of n_(l−1) values, W^l[i][j]. Numbers are written with 17 significant
    /// digits (double) or 9 (float), which round-trip exactly on every runtime; only finite numbers are
    /// written or read.
    /// </summary>
    public static class ParameterJson
    {
        /// <summary>
        /// Writes <paramref name="parameters"/> of the network <paramref name="signature"/> describes, with
        /// the standardization of its inputs and, for a regression network, of its outputs, if any.
        /// </summary>
        /// <exception cref="ArgumentException">A scaling has another number of features than the network, or output scaling is given for a network that is not a regression.</exception>
        /// <exception cref="InvalidOperationException">
        /// A parameter is NaN or ±∞ (the message names which): such a document could not be read back,
        /// so nothing is written.
        /// </exception>
        public static void Write<T>(TextWriter writer, NetworkSignature signature, ReadOnlySpan<T> parameters, Standardizer? inputScaling = null, Standardizer? outputScaling = null)
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

            if (FiniteParameters.FindNonFinite(signature.Layout, parameters) is string nonFinite)
            {
                throw new InvalidOperationException($"The parameters cannot be exported: {nonFinite}; {FiniteParameters.Rule}. Nothing was written.");
            }

            NetworkScaling.Check(signature, inputScaling, outputScaling);
            ReadOnlySpan<int> sizes = signature.Sizes;
            writer.Write("{\n");
            writer.Write($"  \"format\": \"{ParameterDocument.FormatName}\",\n  \"version\": {ParameterFile.FormatVersion},\n");
            writer.Write($"  \"elementType\": \"{(signature.UseDouble ? "double" : "float")}\",\n");
            writer.Write($"  \"sizes\": [{string.Join(", ", sizes.ToArray())}],\n");
            writer.Write($"  \"activations\": [{string.Join(", ", signature.Activations.ToArray().Select(a => $"\"{a}\""))}],\n");
            writer.Write($"  \"loss\": \"{signature.Loss}\",\n");
            WriteScaling(writer, ParameterDocument.InputScalingName, inputScaling);
            WriteScaling(writer, ParameterDocument.OutputScalingName, outputScaling);
            writer.Write("  \"layers\": [\n");
            ParameterLayout layout = signature.Layout;
            for (int l = 1; l < sizes.Length; l++)
            {
                writer.Write($"    {{\n      \"kind\": \"{signature.KindOf(l)}\"");
                foreach (ParameterBlock block in layout)
                {
                    if (block.Layer == l)
                    {
                        writer.Write(",\n");
                        WriteBlock(writer, block, parameters);
                    }
                }

                writer.Write(l + 1 < sizes.Length ? "\n    },\n" : "\n    }\n");
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
        /// <param name="reader">The document.</param>
        /// <param name="expected">The network the document must hold.</param>
        /// <param name="parameters">Receives the values.</param>
        /// <param name="inputScaling">The document's standardization of the inputs, or null when it has none.</param>
        /// <param name="outputScaling">The document's standardization of the outputs, or null when it has none.</param>
        public static void Read<T>(TextReader reader, NetworkSignature expected, Span<T> parameters, out Standardizer? inputScaling, out Standardizer? outputScaling)
            where T : unmanaged, IFormattable
        {
            if (reader is null)
            {
                throw new ArgumentNullException(nameof(reader));
            }

            // The values are read as the document's element type, which the signature check makes the expected one; T must be it too.
            if (expected is null || parameters.Length != expected.ParameterCount || typeof(T) != (expected.UseDouble ? typeof(double) : typeof(float)))
            {
                throw new ArgumentException($"parameters must be the {expected?.ParameterCount} values of a {expected}, but there are {parameters.Length} of {typeof(T).Name}.", nameof(parameters));
            }

            NetworkDescription found = new ParameterDocument(reader.ReadToEnd()).Read();
            FileNetwork.CopyInto(found, expected, parameters, out inputScaling, out outputScaling);
        }

        /// <summary>A weight block as its rows, one to a line; a bias block as one array.</summary>
        private static void WriteBlock<T>(TextWriter writer, ParameterBlock block, ReadOnlySpan<T> parameters)
            where T : unmanaged, IFormattable
        {
            string name = ParameterDocument.MemberName(block.Kind);
            if (!ParameterDocument.IsMatrix(block.Kind))
            {
                writer.Write($"      \"{name}\": {Numbers(parameters.Slice(block.Offset, block.Count))}");
                return;
            }

            writer.Write($"      \"{name}\": [\n");
            for (int i = 0; i < block.Rows; i++)
            {
                writer.Write($"        {Numbers(parameters.Slice(block.Offset + i * block.Columns, block.Columns))}{(i + 1 < block.Rows ? "," : "")}\n");
            }

            writer.Write("      ]");
        }

        private static void WriteScaling(TextWriter writer, string name, Standardizer? scaling)
        {
            if (scaling is not null)
            {
                writer.Write($"  \"{name}\": {{ \"mean\": {Numbers<double>(scaling.Mean.ToArray())}, \"standardDeviation\": {Numbers<double>(scaling.StandardDeviation.ToArray())} }},\n");
            }
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
    }
}
