using System.IO;
using System.Linq;
using System.Threading;
using BpGen.Generator.Model;
using BpGen.Onnx;
using Microsoft.CodeAnalysis;
using static System.FormattableString;

namespace BpGen.Generator.Weights;

/// <summary>
/// An additional file that a Weights argument names, by content: the pipeline compares its bytes, so
/// editing the file regenerates the networks that name it and touching it without a change regenerates
/// nothing.
/// </summary>
/// <param name="Path">The additional file's path.</param>
/// <param name="Bytes">Its content.</param>
/// <param name="ReadError">Why it could not be read, or null.</param>
internal sealed record WeightsFile(string Path, EquatableArray<byte> Bytes, string? ReadError)
{
    /// <summary>
    /// The bytes of <paramref name="text"/>. Roslyn 4.3 offers additional files only as decoded text,
    /// and binary files do not survive that: the compiler decodes them as UTF-8, replacing every invalid
    /// sequence (so the bytes cannot be recovered), and a file with two zero bytes in a row, which every
    /// ONNX and BpGen binary file has, makes GetText fail the build with CS2015 ("is a binary file
    /// instead of a text file"). So the bytes come from the file on disk, and GetText is called only
    /// for a file that exists in memory alone (an editor's unsaved buffer, a test), which can only be
    /// text (JSON). A file larger than <see cref="OnnxDenseReader.MaxFileBytes"/> is refused by its
    /// length, unread, as ImportOnnx refuses such a stream: the pipeline would hold its bytes and compare
    /// them on every run.
    /// </summary>
    public static WeightsFile Read(AdditionalText text, CancellationToken cancellationToken)
    {
#pragma warning disable RS1035 // The only way to a binary additional file's bytes (see above); the file is an input the project declares.
        if (File.Exists(text.Path))
        {
            try
            {
                long length = new FileInfo(text.Path).Length;
                return length > OnnxDenseReader.MaxFileBytes
                    ? new WeightsFile(text.Path, EquatableArray<byte>.Empty, Invariant($"It is {length} bytes; BpGen reads a weights file of at most {OnnxDenseReader.MaxFileBytes} bytes (64 MiB), about twice the binary or ONNX file of the largest network it generates."))
                    : new WeightsFile(text.Path, new EquatableArray<byte>(File.ReadAllBytes(text.Path)), null);
            }
            catch (IOException e)
            {
                return new WeightsFile(text.Path, EquatableArray<byte>.Empty, e.Message);
            }
            catch (System.UnauthorizedAccessException e)
            {
                return new WeightsFile(text.Path, EquatableArray<byte>.Empty, e.Message);
            }
        }
#pragma warning restore RS1035

        string? content = text.GetText(cancellationToken)?.ToString();
        return content is null
            ? new WeightsFile(text.Path, EquatableArray<byte>.Empty, "The compiler could not read it.")
            : new WeightsFile(text.Path, new EquatableArray<byte>(System.Text.Encoding.UTF8.GetBytes(content)), null);
    }

    /// <summary>
    /// Whether <paramref name="path"/> ends with the segments of <paramref name="name"/>: "wine.onnx" and
    /// "models/wine.onnx" both name …/models/wine.onnx; either separator; case as written (file systems differ).
    /// </summary>
    public static bool Matches(string path, string name)
    {
        string[] pathSegments = Segments(path);
        string[] nameSegments = Segments(name);
        if (nameSegments.Length == 0 || nameSegments.Length > pathSegments.Length)
        {
            return false;
        }

        for (int i = 1; i <= nameSegments.Length; i++)
        {
            if (nameSegments[nameSegments.Length - i] != pathSegments[pathSegments.Length - i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The segments of <paramref name="path"/>, split at either separator, without empty and "." segments.</summary>
    public static string[] Segments(string path) =>
        path.Split('/', '\\').Where(segment => segment.Length > 0 && segment != ".").ToArray();
}
