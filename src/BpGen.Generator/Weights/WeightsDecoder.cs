using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BpGen.Generator.Model;
using BpGen.Generator.Onnx;
using BpGen.Generator.Persistence;

namespace BpGen.Generator.Weights;

/// <summary>
/// Reads a weights file, telling the format by content: "BPGN" starts BpGen's binary format, '{' (after
/// white space) its JSON, anything else is read as ONNX. Every reader reports a problem as
/// <see cref="InvalidDataException"/>, the only exception caught here, so whatever a file holds, the
/// generator gets a message, never an exception (the binary and JSON layouts are those of the runtime's
/// ParameterFile and ParameterJson).
/// </summary>
internal static class WeightsDecoder
{
    /// <summary>The file's network, or null with the reason in <paramref name="error"/>; <paramref name="nonFinite"/> tells a NaN or infinite weight from other problems.</summary>
    public static DecodedWeights? TryDecode(byte[] bytes, out string error, out bool nonFinite)
    {
        error = "";
        nonFinite = false;
        try
        {
            return Decode(bytes);
        }
        catch (InvalidDataException e)
        {
            error = e.Message;
            nonFinite = OnnxNonFinite.Is(e);
            return null;
        }
    }

    private static DecodedWeights Decode(byte[] bytes)
    {
        if (bytes.Length >= 4 && bytes[0] == 'B' && bytes[1] == 'P' && bytes[2] == 'G' && bytes[3] == 'N')
        {
            return DecodeBinary(bytes);
        }

        int first = 0;
        while (first < bytes.Length && bytes[first] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            first++;
        }

        if (first + 3 <= bytes.Length && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF && first == 0)
        {
            return DecodeJson(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        }

        if (first < bytes.Length && bytes[first] == '{')
        {
            return DecodeJson(Encoding.UTF8.GetString(bytes));
        }

        OnnxDenseNetwork network = OnnxDenseReader.Read(bytes);
        return new DecodedWeights("ONNX", network, network.Parameters.Select(p => (double)p).ToArray(), null);
    }

    /// <summary>BpGen's binary format: "BPGN", version (u16), element size (u8), loss (u8), sizes, activations, count, values, CRC-32.</summary>
    private static DecodedWeights DecodeBinary(byte[] bytes)
    {
        var reader = new ByteReader(bytes);
        reader.Skip(4);
        int version = reader.UInt16();
        if (version != 1)
        {
            throw new InvalidDataException($"it is a BpGen binary file of format version {version}; this version of BpGen reads version 1");
        }

        int elementSize = reader.Byte();
        int loss = reader.Byte();
        int sizeCount = reader.Int32();
        if (sizeCount < 2 || sizeCount > NetworkLimits.MaxNeurons)
        {
            throw new InvalidDataException($"its header says it has {sizeCount} layer sizes, which no BpGen network has");
        }

        int[] sizes = Enumerable.Range(0, sizeCount).Select(_ => reader.Int32()).ToArray();
        int[] activations = Enumerable.Range(0, sizeCount - 1).Select(_ => reader.Byte()).ToArray();
        int count = reader.Int32();
        if (elementSize is not (4 or 8) || !Enum.IsDefined(typeof(LossKind), loss) || sizes.Any(s => s < 1)
            || activations.Any(a => !Enum.IsDefined(typeof(ActivationKind), a)) || count != ParameterCount(sizes))
        {
            throw new InvalidDataException(
                $"its header is corrupt: element size {elementSize}, loss {loss}, sizes {string.Join("-", sizes)}, "
                + $"activations {string.Join(", ", activations)}, {count} parameters");
        }

        if ((long)count * elementSize + 4 > bytes.Length - reader.Position)
        {
            throw new InvalidDataException($"it ends after {bytes.Length} bytes, but its header promises {count} values of {elementSize} bytes and a checksum after byte {reader.Position}; it is truncated");
        }

        var values = new double[count];
        for (int k = 0; k < count; k++)
        {
            values[k] = elementSize == 4 ? LittleEndianBits.ToSingle(reader.UInt32()) : LittleEndianBits.ToDouble(reader.UInt64());
        }

        uint computed = Crc32.Append(0, new ReadOnlySpan<byte>(bytes, 0, reader.Position));
        uint stored = reader.UInt32();
        if (stored != computed)
        {
            throw new InvalidDataException($"it is corrupt: its CRC-32 is {stored:X8}, but its contents give {computed:X8}");
        }

        if (reader.Position != bytes.Length)
        {
            throw new InvalidDataException($"{bytes.Length - reader.Position} bytes follow the end of the parameters");
        }

        return Result("BpGen binary", sizes, activations, values, (LossKind)loss);
    }

    /// <summary>BpGen's JSON: format, version, elementType, sizes, activations, loss, and per layer weight rows and biases.</summary>
    private static DecodedWeights DecodeJson(string text)
    {
        JsonDocument.Object document = JsonDocument.Parse(text).AsObject("the document");
        string format = document.Get("format").AsString("format");
        if (format != "BpGen parameters")
        {
            throw new InvalidDataException($"\"format\" should be \"BpGen parameters\", but it is \"{format}\"");
        }

        int version = document.Get("version").AsInt32("version");
        if (version != 1)
        {
            throw new InvalidDataException($"the document has version {version}; this version of BpGen reads version 1");
        }

        string elementType = document.Get("elementType").AsString("elementType");
        if (elementType is not ("float" or "double"))
        {
            throw new InvalidDataException($"\"elementType\" should be \"float\" or \"double\", but it is \"{elementType}\"");
        }

        int[] sizes = document.Get("sizes").AsArray("sizes").Select((s, i) => s.AsInt32($"sizes[{i}]")).ToArray();
        int[] activations = document.Get("activations").AsArray("activations").Select((a, i) => EnumValue<ActivationKind>(a, $"activations[{i}]")).ToArray();
        int loss = EnumValue<LossKind>(document.Get("loss"), "loss");
        var layers = document.Get("layers").AsArray("layers");
        if (sizes.Length < 2 || sizes.Length > NetworkLimits.MaxNeurons || sizes.Any(s => s < 1) || activations.Length != sizes.Length - 1 || layers.Count != sizes.Length - 1)
        {
            throw new InvalidDataException($"its \"sizes\" ({string.Join("-", sizes)}), \"activations\" ({activations.Length}) and \"layers\" ({layers.Count}) do not describe a network");
        }

        var values = new List<double>();
        for (int l = 1; l < sizes.Length; l++)
        {
            string path = $"layers[{l - 1}]";
            JsonDocument.Object layer = layers[l - 1].AsObject(path);
            var rows = layer.Get("weights").AsArray(path + ".weights");
            Expect(rows.Count, sizes[l], path + ".weights rows");
            for (int i = 0; i < sizes[l]; i++)
            {
                ReadNumbers(rows[i], sizes[l - 1], $"{path}.weights[{i}]", elementType == "float", values);
            }

            ReadNumbers(layer.Get("biases"), sizes[l], path + ".biases", elementType == "float", values);
        }

        return Result("BpGen JSON", sizes, activations, values.ToArray(), (LossKind)loss);
    }

    private static void ReadNumbers(JsonDocument.Value array, int count, string path, bool single, List<double> values)
    {
        var items = array.AsArray(path);
        Expect(items.Count, count, path);
        for (int j = 0; j < count; j++)
        {
            // A float is parsed as float: rounding through double first could differ in the last bit.
            // A number that does not parse has passed the grammar, so it overflowed: ±∞, which the caller refuses.
            string text = items[j].AsNumberText($"{path}[{j}]");
            double overflow = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            values.Add(single
                ? float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float parsedSingle) ? parsedSingle : overflow
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : overflow);
        }
    }

    private static int EnumValue<TEnum>(JsonDocument.Value value, string path)
        where TEnum : struct
    {
        string text = value.AsString(path);
        string[] names = Enum.GetNames(typeof(TEnum));
        if (Array.IndexOf(names, text) < 0)
        {
            throw new InvalidDataException($"{path} should be one of {string.Join(", ", names)}, but it is \"{text}\"");
        }

        return Convert.ToInt32(Enum.Parse(typeof(TEnum), text), CultureInfo.InvariantCulture);
    }

    private static void Expect(int found, int expected, string what)
    {
        if (found != expected)
        {
            throw new InvalidDataException($"{what} should have {expected} values, but it has {found}");
        }
    }

    private static long ParameterCount(int[] sizes)
    {
        long count = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            count += (long)sizes[l] * (sizes[l - 1] + 1);
        }

        return count;
    }

    /// <summary>A BpGen file's network, in the form the ONNX check compares (activations share their numbers).</summary>
    private static DecodedWeights Result(string format, int[] sizes, int[] activations, double[] values, LossKind loss) =>
        new(format, new OnnxDenseNetwork(sizes, activations.Select(a => (OnnxActivation)a).ToArray(), false, Array.Empty<float>(), 0), values, loss);

    /// <summary>Little-endian values, each read checking that the file has them.</summary>
    private sealed class ByteReader
    {
        private readonly byte[] _bytes;

        public ByteReader(byte[] bytes) => _bytes = bytes;

        public int Position { get; private set; }

        public void Skip(int count) => Take(count);

        public int Byte() => _bytes[Take(1)];

        public int UInt16() => LittleEndianBits.UInt16(_bytes, Take(2));

        public int Int32() => (int)UInt32();

        public uint UInt32() => LittleEndianBits.UInt32(_bytes, Take(4));

        public ulong UInt64() => LittleEndianBits.UInt64(_bytes, Take(8));

        private int Take(int count)
        {
            if (_bytes.Length - Position < count)
            {
                throw new InvalidDataException($"it ends after {_bytes.Length} bytes, {count - (_bytes.Length - Position)} bytes short of the value at byte {Position}; it is truncated");
            }

            int start = Position;
            Position += count;
            return start;
        }
    }
}
