using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;
using BpGen.Onnx;

namespace BpGen
{
    /// <summary>
    /// Behind the generated <c>ImportOnnx</c>: reads a dense network from an ONNX model with the same
    /// reader and checks the generator applies to <c>Weights = "model.onnx"</c>, so a model updated after
    /// shipping is accepted exactly when it could have been compiled in.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class OnnxImport
    {
        /// <summary>The largest model read, 64 MiB: far beyond BpGen's size limit, and a bound on what a bad stream can make it allocate.</summary>
        public const int MaxBytes = OnnxDenseReader.MaxFileBytes;

        /// <summary>
        /// Reads the whole stream and checks it before touching <paramref name="parameters"/>: a malformed
        /// model, an operator BpGen does not read, other layer sizes or activations, or an output the loss
        /// does not imply throws <see cref="InvalidDataException"/> naming what was expected and found; a
        /// failing stream throws its own exception. Either way <paramref name="parameters"/> is left as it was.
        /// </summary>
        /// <param name="stream">The model.</param>
        /// <param name="expected">The network the model must be.</param>
        /// <param name="parameters">Receives the weights and biases.</param>
        /// <param name="inputScaling">The standardization the graph applies before its first layer, or null when it has none.</param>
        /// <param name="outputScaling">The scaling the graph applies after its last layer, or null when it has none.</param>
        public static void Read<T>(Stream stream, NetworkSignature expected, Span<T> parameters, out Standardizer? inputScaling, out Standardizer? outputScaling)
            where T : unmanaged
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            if (!stream.CanRead)
            {
                throw new ArgumentException("The stream must be readable.", nameof(stream));
            }

            if (expected is null)
            {
                throw new ArgumentNullException(nameof(expected));
            }

            // The values are copied as the signature's element type, so T must be it.
            if (parameters.Length != expected.ParameterCount || typeof(T) != (expected.UseDouble ? typeof(double) : typeof(float)))
            {
                throw new ArgumentException($"parameters must be the {expected.ParameterCount} values of a {expected}, but there are {parameters.Length} of {typeof(T).Name}.", nameof(parameters));
            }

            OnnxDenseNetwork found = OnnxDenseReader.Read(ReadAll(stream));
            var activations = new Activation[expected.Activations.Length];
            for (int l = 0; l < activations.Length; l++)
            {
                activations[l] = (Activation)expected.Activations[l];
            }

            OnnxOutput output = expected.Loss switch
            {
                Loss.SoftmaxCrossEntropy => OnnxOutput.Softmax,
                Loss.BinaryCrossEntropy => OnnxOutput.Sigmoid,
                _ => OnnxOutput.AsDeclared,
            };
            if (OnnxSignatureCheck.FindMismatch(found, expected.Sizes.ToArray(), activations, output, out _) is string mismatch)
            {
                throw new InvalidDataException($"The ONNX model does not fit this network: {mismatch}. Expected a {expected}.");
            }

            if (found.OutputScaling is not null && expected.Loss != Loss.MeanSquaredError)
            {
                throw new InvalidDataException($"The ONNX model scales its outputs after the last layer, which only a regression (MeanSquaredError) network does; this is a {expected}.");
            }

            // The reader gives the file's values, finite, at the file's precision: a double network takes
            // them as they are, a float network each rounded once, to nearest, where a DOUBLE beyond
            // float's range becomes infinite.
            if (typeof(T) == typeof(double))
            {
                found.Parameters.AsSpan().CopyTo(MemoryMarshal.Cast<T, double>(parameters));
            }
            else
            {
                float[] rounded = Array.ConvertAll(found.Parameters, value => (float)value);
                if (FiniteParameters.FindNonFinite<float>(expected.Sizes, rounded) is string nonFinite)
                {
                    throw new InvalidDataException($"The ONNX model does not fit this network: {nonFinite} as a float. Expected a {expected}.");
                }

                rounded.AsSpan().CopyTo(MemoryMarshal.Cast<T, float>(parameters));
            }

            inputScaling = Standardizer.From(found.InputScaling);
            outputScaling = Standardizer.From(found.OutputScaling);
        }

        private static byte[] ReadAll(Stream stream)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    throw new InvalidDataException($"The ONNX model is larger than {MaxBytes} bytes, the most BpGen reads; a BpGen network's parameters take far less.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
