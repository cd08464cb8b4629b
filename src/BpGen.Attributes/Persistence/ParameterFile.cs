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
    /// (u8), the parameter count (i32), the values in the layout of <c>Parameters</c>, and a CRC-32
    /// (zlib's) of everything before it.
    /// </summary>
    public static class ParameterFile
    {
        /// <summary>The format version this code writes and reads.</summary>
        public const int FormatVersion = 1;

        private static readonly byte[] Magic = Encoding.ASCII.GetBytes("BPGN");

        /// <summary>Writes <paramref name="parameters"/> of the network <paramref name="signature"/> describes.</summary>
        /// <exception cref="InvalidOperationException">
        /// A parameter is NaN or ±∞ (the message names which): such a file could not be loaded back, so
        /// nothing is written.
        /// </exception>
        public static void Write<T>(Stream stream, NetworkSignature signature, ReadOnlySpan<T> parameters)
            where T : unmanaged
        {
            CheckArguments(stream, signature, parameters.Length, Marshal.SizeOf<T>(), write: true);
            if (FiniteParameters.FindNonFinite(signature, parameters) is string nonFinite)
            {
                throw new InvalidOperationException($"The parameters cannot be saved: {nonFinite}; {FiniteParameters.Rule}. Nothing was written.");
            }

            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
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

                writer.Write(parameters.Length);
                writer.Write(LittleEndian.ToBytes(MemoryMarshal.AsBytes(parameters), signature.ElementSize));
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
        public static void Read<T>(Stream stream, NetworkSignature expected, Span<T> parameters)
            where T : unmanaged
        {
            CheckArguments(stream, expected, parameters.Length, Marshal.SizeOf<T>(), write: false);
            var reader = new CheckedReader(stream);

            byte[] magic = reader.Bytes(4, "the magic number");
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"Not a BpGen parameter file: it should start with \"BPGN\" (42 50 47 4E), but starts with {BitConverter.ToString(magic).Replace('-', ' ')}.");
            }

            int version = reader.UInt16("the format version");
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"The file has format version {version}; this version of BpGen reads version {FormatVersion}.");
            }

            int elementSize = reader.Byte("the element type");
            var loss = (Loss)reader.Byte("the loss");
            int sizeCount = reader.Int32("the number of layer sizes");
            if (sizeCount < 2 || sizeCount > NetworkLimits.MaxNeurons)
            {
                throw new InvalidDataException($"The file says it has {sizeCount} layer sizes, which no BpGen network has; expected {expected.Sizes.Length} for a {expected}.");
            }

            var sizes = new int[sizeCount];
            for (int i = 0; i < sizeCount; i++)
            {
                sizes[i] = reader.Int32("the layer sizes");
            }

            var activations = new Activation[sizeCount - 1];
            for (int i = 0; i < activations.Length; i++)
            {
                activations[i] = (Activation)reader.Byte("the activations");
            }

            int count = reader.Int32("the parameter count");
            if (elementSize is not (4 or 8) || !Enum.IsDefined(typeof(Loss), loss) || Array.Exists(sizes, s => s < 1)
                || Array.Exists(activations, a => !Enum.IsDefined(typeof(Activation), a)))
            {
                throw new InvalidDataException(
                    $"The file's header is corrupt: element size {elementSize}, loss {(int)loss}, sizes {string.Join("-", sizes)}, "
                    + $"activations {string.Join(", ", Array.ConvertAll(activations, a => (int)a))}; expected a {expected}.");
            }

            var found = new NetworkSignature(sizes, activations, loss, elementSize == 8);
            if (!found.Equals(expected) || count != parameters.Length)
            {
                throw new InvalidDataException($"The file holds a {found} with {count} parameters, but this is a {expected} with {parameters.Length}.");
            }

            byte[] values = reader.Bytes(count * elementSize, "the parameter values");
            uint computed = reader.Crc;
            uint stored = (uint)reader.Int32("the checksum");
            if (stored != computed)
            {
                throw new InvalidDataException($"The file is corrupt: its CRC-32 is {stored:X8}, but its contents give {computed:X8}.");
            }

            ReadOnlySpan<T> read = MemoryMarshal.Cast<byte, T>(LittleEndian.ToBytes(values, elementSize));
            if (FiniteParameters.FindNonFinite(expected, read) is string nonFinite)
            {
                throw new InvalidDataException($"The file is corrupt: {nonFinite}; {FiniteParameters.Rule}.");
            }

            read.CopyTo(parameters);
        }

        private static void CheckArguments(Stream stream, NetworkSignature signature, int length, int elementSize, bool write)
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

            if (length != signature.ParameterCount || elementSize != signature.ElementSize)
            {
                throw new ArgumentException($"parameters must be {signature.ParameterCount} values of {signature.ElementSize} bytes for a {signature}, but are {length} of {elementSize}.", "parameters");
            }
        }

        /// <summary>Reads exactly what it is asked for, keeping the CRC-32 of everything read.</summary>
        private sealed class CheckedReader
        {
            private readonly Stream _stream;
            private long _position;

            public CheckedReader(Stream stream) => _stream = stream;

            public uint Crc { get; private set; }

            public byte[] Bytes(int count, string what)
            {
                var buffer = new byte[count];
                int read = 0;
                while (read < count)
                {
                    int n = _stream.Read(buffer, read, count - read);
                    if (n == 0)
                    {
                        throw new InvalidDataException($"The file ends after {_position + read} bytes, in {what}; {count - read} more bytes were expected. It is truncated.");
                    }

                    read += n;
                }

                _position += count;
                Crc = Crc32.Append(Crc, buffer);
                return buffer;
            }

            public int Byte(string what) => Bytes(1, what)[0];

            public int UInt16(string what) => BitConverter.ToUInt16(LittleEndian.ToBytes(Bytes(2, what), 2), 0);

            public int Int32(string what) => BitConverter.ToInt32(LittleEndian.ToBytes(Bytes(4, what), 4), 0);
        }
    }
}
