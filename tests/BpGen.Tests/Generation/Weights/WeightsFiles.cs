using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BpGen.Tests.Generation;

/// <summary>Additional files for the driver, and a folder of weights files per test.</summary>
public static class WeightsFiles
{
    public static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Runtime", "Persistence", "Onnx", "Fixtures", file);

    /// <summary>
    /// One folder for this test run's files, deleted when the run ends, so runs leave nothing behind in the
    /// temporary folder.
    /// </summary>
    private static readonly Lazy<string> RunFolder = new(() =>
    {
        string folder = Path.Combine(Path.GetTempPath(), "bpgen-weights-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(folder);
        return folder;
    });

    /// <summary>Deletes the run's folder at exit; a file still open (Windows) leaves it behind rather than failing the run.</summary>
    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A fresh folder for one test's files.</summary>
    public static string NewFolder() =>
        Directory.CreateDirectory(Path.Combine(RunFolder.Value, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Generates, compiles and loads <paramref name="source"/> with <paramref name="files"/> as additional files.</summary>
    public static System.Reflection.Assembly CompileAndLoad(string source, params AdditionalText[] files) =>
        GeneratorRunner.CompileAndLoad(source, additionalTexts: files);

    /// <summary>
    /// A network's parameters saved as net.bpgen and net.json, compiled back in as Compiled.FromBinary,
    /// FromJson, FrozenBinary and FrozenJson, each declared by <paramref name="attribute"/> with the named
    /// arguments it is given.
    /// </summary>
    public static System.Reflection.Assembly CompileBothFormats(Action<Stream> save, Action<TextWriter> export, Func<string, string> attribute)
    {
        string folder = NewFolder();
        using (var stream = File.Create(Path.Combine(folder, "net.bpgen")))
        {
            save(stream);
        }

        using (var writer = File.CreateText(Path.Combine(folder, "net.json")))
        {
            export(writer);
        }

        return CompileAndLoad(
            $$"""
            using BpGen;
            namespace Compiled;
            {{attribute(", Weights = \"net.bpgen\"")}} public partial class FromBinary { }
            {{attribute(", Weights = \"net.json\"")}} public partial class FromJson { }
            {{attribute(", Weights = \"net.bpgen\", Frozen = true")}} public partial class FrozenBinary { }
            {{attribute(", Weights = \"net.json\", Frozen = true")}} public partial class FrozenJson { }
            """,
            new DiskFile(Path.Combine(folder, "net.bpgen")),
            new DiskFile(Path.Combine(folder, "net.json")));
    }

    public static ImmutableArray<Diagnostic> Diagnostics(string source, params AdditionalText[] files) =>
        GeneratorRunner.Run(source, additionalTexts: files).Result.Diagnostics;
}

/// <summary>
/// An additional file on disk. The compiler would decode it as text and fail the build for a binary
/// file (CS2015), so GetText throws here: the generator must read such a file's bytes, never its text.
/// </summary>
public sealed class DiskFile : AdditionalText
{
    public DiskFile(string path) => Path = path;

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"The generator decoded '{Path}' as text.");
}

/// <summary>An additional file that exists only in memory, as an editor's unsaved buffer.</summary>
public sealed class MemoryFile : AdditionalText
{
    private readonly string _content;

    public MemoryFile(string path, string content)
    {
        Path = path;
        _content = content;
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_content);
}
