using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpGen.Tests.Documentation;

/// <summary>
/// The C# in the README and docs/*.md compiles as written: a reader who pastes a whole block into
/// <c>dotnet new console</c> (Program.cs) or into a file of such a project gets no error and no warning,
/// and each error example gives exactly its error.
/// </summary>
public class DocumentationCodeTests
{
    private const string ErrorMarker = "compiles to ";

    /// <summary>What <c>dotnet new console</c>'s ImplicitUsings adds to every file.</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static TheoryData<string> WholeBlocks() => Blocks(code => code.Marker == "");

    public static TheoryData<string> ErrorExamples() => Blocks(code => code.Marker.StartsWith(ErrorMarker, StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(WholeBlocks))]
    public void A_whole_block_compiles_without_errors_or_warnings(string block)
    {
        MarkdownCode code = Find(block);
        var (generator, output) = Compile(code.Code);

        Assert.True(generator.IsEmpty, $"{code}: the generator reports:\n{string.Join("\n", generator)}");
        var problems = GeneratorRunner.WithNullableWarnings(output).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, $"{code} does not compile cleanly:\n{string.Join("\n", problems.Take(20))}");
    }

    [Theory]
    [MemberData(nameof(ErrorExamples))]
    public void An_error_example_gives_exactly_its_error(string block)
    {
        MarkdownCode code = Find(block);
        string expected = code.Marker.Substring(ErrorMarker.Length);

        var (generator, _) = Compile(code.Code);

        Assert.Equal(new[] { expected }, generator.Select(d => d.Id).ToArray());
    }

    /// <summary>
    /// A broken extractor would find nothing to compile and pass, so the quickstart must be among the
    /// whole blocks; the package's readme shows the same program as the README.
    /// </summary>
    [Fact]
    public void The_quickstart_is_a_whole_program_that_is_compiled()
    {
        MarkdownCode readme = Assert.Single(MarkdownCode.In("README.md"), code => code.Heading == "Quickstart");
        Assert.Equal("", readme.Marker);
        Assert.Contains("[Network(", readme.Code, StringComparison.Ordinal);
        Assert.Contains(readme.ToString(), ((IEnumerable<object[]>)WholeBlocks()).Select(row => (string)row[0]));

        MarkdownCode package = Assert.Single(MarkdownCode.In("src/BpGen.Attributes/PACKAGE.md"), code => code.Heading == "Quickstart");
        Assert.Equal(readme.Code, package.Code);
    }

    [Fact]
    public void Every_marker_is_one_the_tests_know()
    {
        Assert.All(MarkdownCode.All(), code => Assert.True(
            code.Marker == "" || code.IsFragment || code.Marker.StartsWith(ErrorMarker, StringComparison.Ordinal),
            $"{code}: unknown marker '{code.Marker}'"));
    }

    private static TheoryData<string> Blocks(Func<MarkdownCode, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (MarkdownCode code in MarkdownCode.All().Where(which))
        {
            data.Add(code.ToString());
        }

        return data;
    }

    private static MarkdownCode Find(string block) => MarkdownCode.All().Single(code => code.ToString() == block);

    /// <summary>
    /// Runs the generator on the block and compiles the result as <c>dotnet new console</c> would: an
    /// executable when the block has top-level statements, otherwise one file of a library.
    /// </summary>
    private static (System.Collections.Immutable.ImmutableArray<Diagnostic> Generator, Compilation Output) Compile(string source)
    {
        CSharpCompilation compilation = GeneratorRunner.CreateCompilation(source);
        bool program = compilation.SyntaxTrees.Single().GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        compilation = compilation
            .WithOptions(compilation.Options.WithOutputKind(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(ImplicitUsings, (CSharpParseOptions)compilation.SyntaxTrees.Single().Options, path: "GlobalUsings.g.cs"));
        GeneratorDriver driver = GeneratorRunner.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult().Diagnostics, output);
    }
}
