using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace BpGen
{
    /// <summary>
    /// The binary parameter format behind generated <c>SaveParameters</c>/<c>LoadParameters</c>, all
    /// little-endian: the magic "BPGN", format version (u16), element size (u8: 4 float, 8 double),
    /// loss (u8), the number of layer sizes (i32), each size (i32), each weight layer's activation
    /// (u8; Tanh for a recurrent layer), each weight layer's kind (u8, the <see cref="Layer"/>: 0 dense,
    /// 1 GRU, 2 LSTM), the parameter count (i32), the values in the
    /// layout of <c>Parameters</c>, the scaling (u8 flags: 1 input, 2 output; then for each the means
    /// and the standard deviations as f64), and a CRC-32 (zlib's) of everything before it. Reading is <see cref="ParameterFileReader"/>'s, which the
    /// generator also compiles in for <c>Weights = "…"</c>.
    /// </summary>
    public static class ParameterFile
    {
        /// <summary>The format version this code writes; it also reads version 1, which has no scaling.</summary>
        public static int FormatVersion => ParameterHeader.FormatVersion;

        /// <summary>
        /// Writes <paramref name="parameters"/> of the network <paramref name="signature"/> describes, with
        /// the standardization of its inputs and, for a regression network, of its outputs, if any.
        /// </summary>
        /// <exception cref="InvalidOperationException">
        /// A parameter is NaN or ±∞ (the message names which): such a file could not be loaded back, so
        /// nothing is written.
        /// </exception>
        /// <exception cref="ArgumentException">A scaling has another number of features than the network, or output scaling is given for a network that is not a regression.</exception>
        public static void Write<T>(Stream stream, NetworkSignature signature, ReadOnlySpan<T> parameters, Standardizer? inputScaling = null, Standardizer? outputScaling = null)
            where T : unmanaged
        {
            CheckArguments<T>(stream, signature, parameters.Length, write: true);
            NetworkScaling.Check(signature, inputScaling, outputScaling);
            if (FiniteParameters.FindNonFinite(signature.Layout, parameters) is string nonFinite)
            {
                throw new InvalidOperationException($"The parameters cannot be saved: {nonFinite}; {FiniteParameters.Rule}. Nothing was written.");
            }

            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(ParameterFileReader.Magic);
                writer.Write((ushort)FormatVersion);
                writer.Write((byte)signature.ElementSize);
                writer.Write((byte)signature.Loss);
                writer.Write(signature.Sizes.Length);
                foreach (int size in signature.Sizes)
                {
                    writer.Write(size);
                }

                foreach (Activation activation in signature.Activations)
                {
                    writer.Write((byte)activation);
                }

                for (int l = 1; l < signature.Sizes.Length; l++)
                {
                    writer.Write((byte)signature.KindOf(l));
                }

                writer.Write(parameters.Length);
                writer.Write(LittleEndian.ToBytes(MemoryMarshal.AsBytes(parameters), signature.ElementSize));
                writer.Write((byte)((inputScaling is null ? 0 : ParameterFileReader.InputScalingFlag) | (outputScaling is null ? 0 : ParameterFileReader.OutputScalingFlag)));
                WriteScaling(writer, inputScaling);
                WriteScaling(writer, outputScaling);
                writer.Flush();
                writer.Write(Crc32.Append(0, new ReadOnlySpan<byte>(buffer.GetBuffer(), 0, (int)buffer.Length)));
            }

            buffer.Position = 0;
            buffer.CopyTo(stream);
        }

        /// <summary>
        /// Reads and checks a whole file before touching <paramref name="parameters"/>: a file for
        /// another network, a truncated or corrupt one, or one holding NaN or ±∞ throws
        /// <see cref="InvalidDataException"/> saying what was expected and what was found; a failing
        /// stream throws its own exception. Either way <paramref name="parameters"/> is left exactly
        /// as it was. Reads exactly the file's bytes, so the stream may go on with other data.
        /// </summary>
        /// <param name="stream">The file.</param>
        /// <param name="expected">The network the file must hold.</param>
        /// <param name="parameters">Receives the values.</param>
        /// <param name="inputScaling">The file's standardization of the inputs, or null when it has none (every version-1 file).</param>
        /// <param name="outputScaling">The file's standardization of the outputs, or null when it has none.</param>
        public static void Read<T>(Stream stream, NetworkSignature expected, Span<T> parameters, out Standardizer? inputScaling, out Standardizer? outputScaling)
            where T : unmanaged
        {
            CheckArguments<T>(stream, expected, parameters.Length, write: false);
            NetworkDescription found = new ParameterFileReader(stream).Read(expected.ToString(), header => FileNetwork.CheckFits(header, expected));
            FileNetwork.CopyInto(found, expected, parameters, out inputScaling, out outputScaling);
        }

        private static void WriteScaling(BinaryWriter writer, Standardizer? scaling)
        {
            if (scaling is null)
            {
                return;
            }

            // BinaryWriter writes little-endian on every machine.
            foreach (double mean in scaling.Mean)
            {
                writer.Write(mean);
            }

            foreach (double deviation in scaling.StandardDeviation)
            {
                writer.Write(deviation);
            }
        }

        private static void CheckArguments<T>(Stream stream, NetworkSignature signature, int length, bool write)
            where T : unmanaged
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            if (write ? !stream.CanWrite : !stream.CanRead)
            {
                throw new ArgumentException(write ? "The stream must be writable." : "The stream must be readable.", nameof(stream));
            }

            if (signature is null)
            {
                throw new ArgumentNullException(nameof(signature));
            }

            // The values are floats or doubles as the signature says, so the file's values are these bits.
            if (length != signature.ParameterCount || typeof(T) != (signature.UseDouble ? typeof(double) : typeof(float)))
            {
                throw new ArgumentException($"parameters must be {signature.ParameterCount} values of {signature.ElementSize} bytes for a {signature}, but are {length} of {typeof(T).Name}.", "parameters");
            }
        }
    }
}
