using System;
using System.IO;
using System.Text;
using BpGen.Onnx;

namespace BpGen.Generator.Weights;

/// <summary>
/// Reads a weights file, telling the format by content: "BPGN" starts BpGen's binary format, '{' (after
/// white space) its JSON, anything else is read as ONNX. Every reader reports a problem as
/// <see cref="InvalidDataException"/>, the only exception caught here, so whatever a file holds, the
/// generator gets a message, never an exception. The BpGen formats are read by the runtime's own readers
/// (ParameterFileReader, ParameterDocument), compiled in, so both tell a well-formed file from a bad one
/// the same way and say what is wrong in the same words.
/// </summary>
internal static class WeightsDecoder
{
    /// <summary>The file's network, or null with the reason in <paramref name="error"/>; <paramref name="nonFinite"/> tells a NaN or infinite weight from other problems.</summary>
    public static NetworkDescription? TryDecode(byte[] bytes, out string error, out bool nonFinite)
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
            nonFinite = FiniteParameters.IsError(e);
            return null;
        }
    }

    private static NetworkDescription Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(ParameterFileReader.Magic))
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
            return new ParameterDocument(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3)).Read();
        }

        if (first < bytes.Length && bytes[first] == '{')
        {
            return new ParameterDocument(Encoding.UTF8.GetString(bytes)).Read();
        }

        return OnnxReader.Read(bytes);
    }

    /// <summary>BpGen's binary format, read whole: nothing may follow the checksum.</summary>
    private static NetworkDescription DecodeBinary(byte[] bytes)
    {
        var reader = new ParameterFileReader(new MemoryStream(bytes, writable: false));
        NetworkDescription network = reader.Read(expected: null);
        reader.ReadEnd();
        return network;
    }
}
