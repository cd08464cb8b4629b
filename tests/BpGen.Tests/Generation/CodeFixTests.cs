using BpGen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace BpGen.Tests.Generation;

/// <summary>BPG001's fix adds 'partial' where it is missing, after which the network generates.</summary>
public class CodeFixTests
{
    [Theory]
    [InlineData("[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] class Net { }", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] partial class Net { }")]
    [InlineData("[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)]\npublic sealed class Net { }", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)]\npublic sealed partial class Net { }")]
    [InlineData("public class Outer { [Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { } }", "public partial class Outer { [Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { } }")]
    [InlineData("[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)]\ninternal record Net;", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)]\ninternal partial record Net;")]
    public async Task Adding_partial_fixes_BPG001(string before, string after)
    {
        string fixedSource = await ApplyFix("using BpGen;\n" + before);

        Assert.Equal("using BpGen;\n" + after, fixedSource);
        var (result, _) = GeneratorRunner.Run(fixedSource);
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedTrees);
    }

    private static async Task<string> ApplyFix(string source)
    {
        using var workspace = new AdhocWorkspace();
        Document document = workspace.CurrentSolution
            .AddProject("Consumer", "Consumer", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .AddMetadataReferences(GeneratorRunner.CreateCompilation("").References)
            .AddDocument("Consumer.cs", source);
        Diagnostic diagnostic = Assert.Single(GeneratorRunner.Run(source).Result.Diagnostics);
        Assert.Equal(MakePartialCodeFix.DiagnosticId, diagnostic.Id);

        // The generator reported against its own tree; point the diagnostic at the document's.
        SyntaxTree tree = (await document.GetSyntaxTreeAsync())!;
        diagnostic = Diagnostic.Create(diagnostic.Descriptor, Location.Create(tree, diagnostic.Location.SourceSpan));

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new MakePartialCodeFix().RegisterCodeFixesAsync(context);
        CodeAction fix = Assert.Single(actions);
        Assert.StartsWith("Make '", fix.Title);

        var operation = (await fix.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        Document changed = operation.ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }
}
