extern alias Generator;

using System.Collections.Immutable;
using System.Reflection;
using Generator::BpGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpGen.Tests.Infrastructure;

/// <summary>Runs the generator through Roslyn's driver on source text, the way a consumer's build does.</summary>
public static class GeneratorRunner
{
    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static CSharpCompilation CreateCompilation(string source, LanguageVersion languageVersion = LanguageVersion.Latest, bool allowUnsafe = false) =>
        CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions(languageVersion), path: "Consumer.cs") },
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: allowUnsafe,
                specificDiagnosticOptions: UndocumentedTestClasses));

    /// <summary>
    /// The tests' own classes carry no documentation, so CS1591 is off; DocumentationCommentTests holds the
    /// generated members to it.
    /// </summary>
    public static readonly ImmutableDictionary<string, ReportDiagnostic> UndocumentedTestClasses =
        ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("CS1591", ReportDiagnostic.Suppress);

    public static GeneratorDriver CreateDriver(LanguageVersion languageVersion = LanguageVersion.Latest, IEnumerable<AdditionalText>? additionalTexts = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions(languageVersion),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// Documentation comments are parsed and checked, as in a build with GenerateDocumentationFile, so
    /// generated documentation must be well-formed XML whose references resolve.
    /// </summary>
    private static CSharpParseOptions ParseOptions(LanguageVersion languageVersion) =>
        new(languageVersion, DocumentationMode.Diagnose);

    /// <summary>Runs the generator once; returns its result and the compilation with the generated files added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(string source, LanguageVersion languageVersion = LanguageVersion.Latest, bool allowUnsafe = false, IEnumerable<AdditionalText>? additionalTexts = null)
    {
        CSharpCompilation compilation = CreateCompilation(source, languageVersion, allowUnsafe);
        GeneratorDriver driver = CreateDriver(languageVersion, additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The generator's diagnostics for <paramref name="source"/>.</summary>
    public static ImmutableArray<Diagnostic> Diagnostics(string source) => Run(source).Result.Diagnostics;

    /// <summary>The single generated file for <paramref name="source"/>.</summary>
    public static string GeneratedSource(string source, bool allowUnsafe = false)
    {
        GeneratorDriverRunResult result = Run(source, allowUnsafe: allowUnsafe).Result;
        Assert.Empty(result.Diagnostics);
        return Assert.Single(result.GeneratedTrees).GetText().ToString();
    }

    /// <summary>
    /// Generates, compiles with every warning enabled and loads <paramref name="source"/>; fails on any
    /// diagnostic, so generated code must be warning-free.
    /// </summary>
    public static Assembly CompileAndLoad(string source, bool allowUnsafe = false, IEnumerable<AdditionalText>? additionalTexts = null)
    {
        var (result, output) = Run(source, allowUnsafe: allowUnsafe, additionalTexts: additionalTexts);
        Assert.Empty(result.Diagnostics);
        var problems = WithNullableWarnings(output).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems.Take(20)));

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }

    /// <summary>
    /// <paramref name="compilation"/> with nullable warnings switched back on in the generated files, which
    /// switch them off for the users' builds: the tests hold generated code to them all the same.
    /// </summary>
    public static Compilation WithNullableWarnings(Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees.Where(tree => tree.FilePath.Contains("BpGen.Generator.NetworkGenerator", StringComparison.Ordinal)))
        {
            string text = tree.GetText().ToString();
            Assert.Contains(GeneratedHeader, text);
            compilation = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(GeneratedHeader, "#nullable enable"), tree.GetText().Encoding)));
        }

        return compilation;
    }

    private const string GeneratedHeader = "#nullable enable annotations\n#nullable disable warnings";

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return platform.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(NetworkAttribute).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
