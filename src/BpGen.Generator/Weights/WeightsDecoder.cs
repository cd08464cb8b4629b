using System;
using System.IO;
using System.Text;
using BpGen.Onnx;

namespace BpGen.Generator.Weights;

/// <summary>
/// Reads a weights file, telling the format by content: "BPGN" starts BpGen's binary format, '{' (after
/// white space) or a byte-order mark (UTF-8, UTF-16 or UTF-32) its JSON, anything else is read as ONNX. Every reader reports a problem as
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

        if (StartsWithByteOrderMark(bytes))
        {
            // Text saved by an editor or a shell with a byte-order mark (Windows PowerShell 5.1 writes
            // UTF-16): decoded by it, as the JSON it must be.
            using var reader = new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return new ParameterDocument(reader.ReadToEnd()).Read();
        }

        if (first < bytes.Length && bytes[first] == '{')
        {
            return new ParameterDocument(Encoding.UTF8.GetString(bytes)).Read();
        }

        return OnnxReader.Read(bytes);
    }

    /// <summary>Whether the bytes start with the byte-order mark of UTF-8, UTF-16 or UTF-32, which no binary format here starts with.</summary>
    private static bool StartsWithByteOrderMark(byte[] bytes) =>
        bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })
        || bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE })
        || bytes.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF })
        || bytes.AsSpan().StartsWith(new byte[] { 0x00, 0x00, 0xFE, 0xFF });

    /// <summary>BpGen's binary format, read whole: nothing may follow the checksum.</summary>
    private static NetworkDescription DecodeBinary(byte[] bytes)
    {
        var reader = new ParameterFileReader(new MemoryStream(bytes, writable: false));
        NetworkDescription network = reader.Read(expected: null);
        reader.ReadEnd();
        return network;
    }
}
