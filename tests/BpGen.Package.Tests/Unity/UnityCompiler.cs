using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace BpGen.Package.Tests.Unity;

/// <summary>
/// Compiles scripts the way Unity 2022.3 and later compile a project's: with this process's Roslyn,
/// 4.3 (the oldest compiler those Unity versions run source generators in), as C# 9, against the
/// netstandard2.1 API, without unsafe code or nullable annotations (Unity's defaults), and with the
/// source generators of a RoslynAnalyzer DLL loaded as a compiler loads them.
/// </summary>
internal static class UnityCompiler
{
    public static UnityCompilation Compile(IEnumerable<string> sources, byte[] runtime, string? generator)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp9);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Assembly-CSharp",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, parseOptions)),
            NetStandard21().Append(MetadataReference.CreateFromImage(runtime)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: false, nullableContextOptions: NullableContextOptions.Disable));

        var loadFailures = new List<string>();
        ImmutableArray<ISourceGenerator> generators = ImmutableArray<ISourceGenerator>.Empty;
        if (generator is not null)
        {
            var reference = new AnalyzerFileReference(generator, new IsolatedLoader());
            reference.AnalyzerLoadFailed += (_, failure) => loadFailures.Add($"{failure.ErrorCode}: {failure.Message}");
            generators = reference.GetGenerators(LanguageNames.CSharp);
        }

        CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out ImmutableArray<Diagnostic> generatorDiagnostics);
        var emit = generated.Emit(Stream.Null);
        return new UnityCompilation(
            generators.Length,
            loadFailures,
            generated.SyntaxTrees.Count() - compilation.SyntaxTrees.Count(),
            generatorDiagnostics.Concat(emit.Diagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList());
    }

    /// <summary>The netstandard2.1 reference assemblies (NETStandard.Library.Ref, downloaded by the test project).</summary>
    private static IEnumerable<MetadataReference> NetStandard21()
    {
        string folder = typeof(UnityCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "NetStandard21References").Value!;
        return Directory.GetFiles(folder, "*.dll").Select(path => MetadataReference.CreateFromFile(path));
    }

    /// <summary>
    /// Loads the generator into a context of its own, as the compiler does; its Microsoft.CodeAnalysis
    /// references resolve to this process's Roslyn.
    /// </summary>
    private sealed class IsolatedLoader : IAnalyzerAssemblyLoader
    {
        private readonly AssemblyLoadContext _context = new("unity-generator");

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(fullPath);
    }
}

/// <param name="Generators">How many source generators the analyzer DLL offered.</param>
/// <param name="LoadFailures">Why the analyzer DLL, or a generator in it, could not be loaded.</param>
/// <param name="GeneratedFiles">The source files the generators added.</param>
/// <param name="Problems">Every warning and error of the generators and the compilation.</param>
internal sealed record UnityCompilation(int Generators, IReadOnlyList<string> LoadFailures, int GeneratedFiles, IReadOnlyList<string> Problems);
