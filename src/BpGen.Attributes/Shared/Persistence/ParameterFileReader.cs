using System;
using System.IO;
using System.Text;
using BpGen.Onnx;

namespace BpGen
{
    /// <summary>
    /// Reads BpGen's binary parameter format, all little-endian: the magic "BPGN", format version (u16),
    /// element size (u8: 4 float, 8 double), loss (u8), the number of layer sizes (i32), each size (i32),
    /// each weight layer's activation (u8; Tanh for a recurrent layer), from version 2 each weight layer's
    /// kind (u8, the <see cref="Layer"/>: 0 dense, 1 GRU, 2 LSTM), the
    /// parameter count (i32), the values in the layout of <c>Parameters</c>, from version 2 the scaling
    /// (u8 flags: 1 input, 2 output; then for each, the means and the standard deviations as f64), and a
    /// CRC-32 (zlib's) of everything before it. The header and the values are
    /// read in two steps, so the caller can compare the network with the one it expects before a byte
    /// of the values is read; every problem is an <see cref="InvalidDataException"/> saying what was
    /// expected and what was found. Reads exactly what the file holds, so the stream may go on with other data.
    /// </summary>
    internal sealed class ParameterFileReader
    {
        /// <summary>"BPGN", the first four bytes of every file.</summary>
        public static readonly byte[] Magic = Encoding.ASCII.GetBytes("BPGN");

        /// <summary>
        /// The values are read into a buffer that starts this large and doubles as they arrive, so a
        /// count that no data backs (a corrupt header in a short file) ends as truncation before it
        /// allocates much.
        /// </summary>
        private const int FirstBuffer = 1 << 16;

        /// <summary>The scaling flags of version 2: which standardizations follow the values.</summary>
        public const int InputScalingFlag = 1, OutputScalingFlag = 2;

        private readonly Stream _stream;
        private int _version;
        private long _position;
        private uint _crc;

        public ParameterFileReader(Stream stream) => _stream = stream;

        /// <summary>The parameter count the header states.</summary>
        private int _count;

        /// <summary>
        /// The whole network: the header, then the values and the scaling.
        /// <paramref name="expected"/>, when given, is named in the messages about a header that describes no network;
        /// <paramref name="checkHeader"/>, when given, sees the network the header describes (without values
        /// or scaling) before a byte of the values is read, so a file for another network, however large it
        /// says it is, is refused before it is read.
        /// </summary>
        public NetworkDescription Read(string? expected, Action<NetworkDescription>? checkHeader = null)
        {
            ParameterHeader header = ReadHeader(expected);
            checkHeader?.Invoke(Describe(header, Array.Empty<double>(), null, null));
            double[] values = ReadValues(header, out FeatureScaling? inputScaling, out FeatureScaling? outputScaling);
            return Describe(header, values, inputScaling, outputScaling);
        }

        private static NetworkDescription Describe(ParameterHeader header, double[] values, FeatureScaling? inputScaling, FeatureScaling? outputScaling) =>
            new NetworkDescription("BpGen binary", header.Sizes, header.Kinds, header.Activations, header.Loss, endsWithSoftmax: false, header.ElementSize, values, inputScaling, outputScaling);

        /// <summary>Reads the header up to the parameter count and checks that it describes a network.</summary>
        private ParameterHeader ReadHeader(string? expected)
        {
            byte[] magic = Bytes(4, "the magic number");
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"Not a BpGen parameter file: it should start with \"BPGN\" (42 50 47 4E), but starts with {BitConverter.ToString(magic).Replace('-', ' ')}.");
            }

            _version = UInt16("the format version");
            if (!ParameterHeader.IsReadable(_version))
            {
                throw new InvalidDataException($"The file has format version {_version}; this version of BpGen reads {ParameterHeader.ReadableVersions}.");
            }

            int elementSize = Byte("the element type");
            int loss = Byte("the loss");
            int sizeCount = Int32("the number of layer sizes");
            if (!ParameterHeader.IsLayerCount(sizeCount))
            {
                throw new InvalidDataException($"The file says it has {sizeCount} layer sizes, which no BpGen network has{Expecting(expected)}.");
            }

            var sizes = new int[sizeCount];
            for (int i = 0; i < sizeCount; i++)
            {
                sizes[i] = Int32("the layer sizes");
            }

            var activations = new int[sizeCount - 1];
            for (int i = 0; i < activations.Length; i++)
            {
                activations[i] = Byte("the activations");
            }

            // Version 1 files hold dense layers only, kind 0.
            var kinds = new Layer[sizeCount - 1];
            for (int l = 1; l < sizeCount && _version >= 2; l++)
            {
                int kind = Byte("the layer kinds");
                if (!Enum.IsDefined(typeof(Layer), kind))
                {
                    throw new InvalidDataException($"Layer {l} of the file is of kind {kind}; this version of BpGen reads {ParameterHeader.KnownKinds}.");
                }

                kinds[l - 1] = (Layer)kind;
            }

            _count = Int32("the parameter count");
            ParameterHeader header = ParameterHeader.FromCodes(elementSize, loss, sizes, activations, kinds)
                ?? throw new InvalidDataException(
                    $"The file's header is corrupt: element size {elementSize}, loss {loss}, sizes {ParameterHeader.SizesText(sizes)}, "
                    + $"activations {string.Join(", ", activations)}; {ParameterHeader.Rule}{Expecting(expected)}.");
            return header.KindProblem is string problem
                ? throw new InvalidDataException($"The file's header is corrupt: {problem}{Expecting(expected)}.")
                : header;
        }

        /// <summary>
        /// The values that follow <paramref name="header"/>, once the count agrees with the sizes, the
        /// checksum with everything read, and every value is finite; a float file's values are widened,
        /// which is exact. A version-2 file's scaling is read on the way.
        /// </summary>
        private double[] ReadValues(ParameterHeader header, out FeatureScaling? input, out FeatureScaling? output)
        {
            if (_count != header.ParameterCount)
            {
                string kinds = Array.Exists(header.Kinds, kind => kind != Layer.Dense) ? $" and layer kinds {string.Join(", ", header.Kinds)}" : "";
                throw new InvalidDataException($"The file's header is corrupt: its sizes {string.Join("-", header.Sizes)}{kinds} make {header.ParameterCount} parameters, but it says {_count}.");
            }

            // At most 4096 neurons in all make at most about 67 million parameters (an LSTM layer of 4094
            // units on one input), 537 MB of doubles: the product fits an int.
            byte[] bytes = Bytes(_count * header.ElementSize, "the parameter values");
            input = null;
            output = null;
            if (_version >= 2)
            {
                int flags = Byte("the scaling flags");
                if ((flags & ~(InputScalingFlag | OutputScalingFlag)) != 0)
                {
                    throw new InvalidDataException($"The file is corrupt: its scaling flags are {flags}, where only 1 (input) and 2 (output) are defined.");
                }

                input = (flags & InputScalingFlag) != 0 ? Scaling(header.Sizes[0], "the input scaling") : null;
                output = (flags & OutputScalingFlag) != 0 ? Scaling(header.Sizes[header.Sizes.Length - 1], "the output scaling") : null;
            }

            uint computed = _crc;
            uint stored = (uint)Int32("the checksum");
            if (stored != computed)
            {
                throw new InvalidDataException($"The file is corrupt: its CRC-32 is {stored:X8}, but its contents give {computed:X8}.");
            }

            var values = new double[_count];
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = header.UseDouble ? LittleEndianBits.ToDouble(LittleEndianBits.UInt64(bytes, 8 * k)) : LittleEndianBits.ToSingle(LittleEndianBits.UInt32(bytes, 4 * k));
            }

            if (FiniteParameters.FindNonFinite<double>(header.Layout, values) is string nonFinite)
            {
                throw FiniteParameters.Error($"The file is corrupt: {nonFinite}; {FiniteParameters.Rule}.");
            }

            CheckScaling(input, "input", header.Sizes[0]);
            CheckScaling(output, "output", header.Sizes[header.Sizes.Length - 1]);
            if (output is not null && header.Loss != Loss.MeanSquaredError)
            {
                throw new InvalidDataException($"The file is corrupt: it scales the outputs of a {header.Loss} network; output scaling belongs to regression (MeanSquaredError) networks.");
            }

            if (output is not null && FeatureScaling.FindOutputProblem(output.Deviation) is string zero)
            {
                throw new InvalidDataException($"The file's output scaling cannot be used: {zero}.");
            }

            return values;
        }

        /// <summary>Refuses a scaling whose values no standardization has, naming the first.</summary>
        internal static void CheckScaling(FeatureScaling? scaling, string side, int featureCount)
        {
            if (scaling is not null && FeatureScaling.FindProblem(scaling.Mean, scaling.Deviation, featureCount) is string problem)
            {
                throw new InvalidDataException($"The file's {side} scaling is corrupt: {problem}; {FeatureScaling.Rule}.");
            }
        }

        /// <summary>The means, then the deviations, of <paramref name="count"/> features, as f64.</summary>
        private FeatureScaling Scaling(int count, string what)
        {
            byte[] bytes = Bytes(16 * count, what);
            var mean = new double[count];
            var deviation = new double[count];
            for (int i = 0; i < count; i++)
            {
                mean[i] = LittleEndianBits.ToDouble(LittleEndianBits.UInt64(bytes, 8 * i));
                deviation[i] = LittleEndianBits.ToDouble(LittleEndianBits.UInt64(bytes, 8 * (count + i)));
            }

            return new FeatureScaling(mean, deviation);
        }

        /// <summary>
        /// For a whole file: refuses anything after the checksum. Only the generator reads whole files;
        /// the runtime's stream may go on with other data.
        /// </summary>
        public void ReadEnd()
        {
            var buffer = new byte[FirstBuffer];
            long extra = 0;
            for (int n; (n = _stream.Read(buffer, 0, buffer.Length)) > 0;)
            {
                extra += n;
            }

            if (extra > 0)
            {
                throw new InvalidDataException($"The file goes on for {extra} bytes after its checksum, where it should end.");
            }
        }

        private static string Expecting(string? expected) => expected is null ? "" : $"; expected a {expected}";

        private int Byte(string what) => Bytes(1, what)[0];

        private int UInt16(string what) => LittleEndianBits.UInt16(Bytes(2, what), 0);

        private int Int32(string what) => (int)LittleEndianBits.UInt32(Bytes(4, what), 0);

        /// <summary>Exactly <paramref name="count"/> bytes, added to the checksum; <paramref name="what"/> names them if the file ends first.</summary>
        private byte[] Bytes(int count, string what)
        {
            var buffer = new byte[Math.Min(count, FirstBuffer)];
            int read = 0;
            while (read < count)
            {
                if (read == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
                }

                int n = _stream.Read(buffer, read, buffer.Length - read);
                if (n == 0)
                {
                    throw new InvalidDataException($"The file ends after {_position + read} bytes, in {what}; {count - read} more bytes were expected. It is truncated.");
                }

                read += n;
            }

            _position += count;
            _crc = Crc32.Append(_crc, buffer);
            return buffer;
        }
    }
}
