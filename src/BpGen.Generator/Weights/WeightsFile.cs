using System.IO;
using System.Linq;
using System.Threading;
using BpGen.Onnx;
using Microsoft.CodeAnalysis;
using static System.FormattableString;

namespace BpGen.Generator.Weights;

/// <summary>
/// An additional file that a Weights argument names, decoded as soon as it is read: the pipeline holds
/// and compares the network it describes (<see cref="NetworkDescription"/> has value equality), not the
/// file's bytes, so editing the file regenerates the networks that name it and touching it, or changing
/// it in a way that leaves the network the same, regenerates nothing.
/// </summary>
/// <param name="Path">The additional file's path.</param>
/// <param name="Network">The network it holds, or null when it could not be read or decoded.</param>
/// <param name="Error">Why not, when <paramref name="Network"/> is null.</param>
/// <param name="NotFinite">Whether the reason is a NaN or infinite value, a diagnostic of its own.</param>
internal sealed record WeightsFile(string Path, NetworkDescription? Network, string? Error, bool NotFinite)
{
    /// <summary>
    /// The bytes of <paramref name="text"/>. Roslyn 4.3 offers additional files only as decoded text,
    /// and binary files do not survive that: the compiler decodes them as UTF-8, replacing every invalid
    /// sequence (so the bytes cannot be recovered), and a file with two zero bytes in a row, which every
    /// ONNX and BpGen binary file has, makes GetText fail the build with CS2015 ("is a binary file
    /// instead of a text file"). So the bytes come from the file on disk, and GetText is called only
    /// for a file that exists in memory alone (an editor's unsaved buffer, a test), which can only be
    /// text (JSON). A file larger than <see cref="OnnxReader.MaxFileBytes"/> is refused by its
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
                return length > OnnxReader.MaxFileBytes
                    ? Unreadable(text.Path, Invariant($"It is {length} bytes; BpGen reads a weights file of at most {OnnxReader.MaxFileBytes} bytes (64 MiB), the file of a float network of up to about 16 million parameters and twice that of the largest dense network it generates."))
                    : Decoded(text.Path, File.ReadAllBytes(text.Path));
            }
            catch (IOException e)
            {
                return Unreadable(text.Path, e.Message);
            }
            catch (System.UnauthorizedAccessException e)
            {
                return Unreadable(text.Path, e.Message);
            }
        }
#pragma warning restore RS1035

        string? content = text.GetText(cancellationToken)?.ToString();
        return content is null
            ? Unreadable(text.Path, "The compiler could not read it.")
            : Decoded(text.Path, System.Text.Encoding.UTF8.GetBytes(content));
    }

    private static WeightsFile Decoded(string path, byte[] bytes)
    {
        NetworkDescription? network = WeightsDecoder.TryDecode(bytes, out string error, out bool nonFinite);
        return new WeightsFile(path, network, network is null ? error : null, nonFinite);
    }

    private static WeightsFile Unreadable(string path, string error) => new(path, null, error, NotFinite: false);

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
