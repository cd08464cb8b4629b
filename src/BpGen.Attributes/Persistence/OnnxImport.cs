using System;
using System.ComponentModel;
using System.IO;
using BpGen.Onnx;

namespace BpGen
{
    /// <summary>
    /// Behind the generated <c>ImportOnnx</c>: reads a network, dense or recurrent, from an ONNX model with the same
    /// reader and checks the generator applies to <c>Weights = "model.onnx"</c>, so a model updated after
    /// shipping is accepted exactly when it could have been compiled in.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class OnnxImport
    {
        /// <summary>The largest model read, 64 MiB: far beyond BpGen's size limit, and a bound on what a bad stream can make it allocate.</summary>
        public const int MaxBytes = OnnxReader.MaxFileBytes;

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

            FileNetwork.CopyInto(OnnxReader.Read(ReadAll(stream)), expected, parameters, out inputScaling, out outputScaling);
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
