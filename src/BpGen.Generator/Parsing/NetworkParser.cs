using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BpGen.Generator.Diagnostics;
using BpGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpGen.Generator.Parsing;

/// <summary>
/// Turns one class carrying [Network] into a <see cref="ParseResult"/>. The only place that reads
/// symbols and syntax; everything it returns is plain values.
/// </summary>
internal static class NetworkParser
{
    /// <summary>Every member the generated part of a class declares; a user member of the same name is BPG009.</summary>
    public static readonly ImmutableArray<string> GeneratedMemberNames = ImmutableArray.Create(
        "InputSize",
        "OutputSize",
        "ParameterCount",
        "Parameters",
        "InitializeParameters",
        "InputScaling",
        "OutputScaling",
        "_inputScaling",
        "_outputScaling",
        "Forward",
        "ForwardPass",
        "ForwardScaled",
        "Backward",
        "BackwardPass",
        "BackwardScaled",
        "Update",
        "TrainStep",
        "TrainStepPass",
        "TrainStepScaled",
        "BatchWidth",
        "ForwardBatch",
        "ForwardBatchPass",
        "ForwardBatchScaled",
        "BackwardBatch",
        "BackwardBatchPass",
        "BackwardBatchScaled",
        "Train",
        "Evaluate",
        "Signature",
        "SaveParameters",
        "LoadParameters",
        "ExportParametersJson",
        "ImportParametersJson",
        "ImportOnnx",
        "_parameters",
        "CreateInitialParameters",
        "FillInitialParameters");

    /// <summary>The members a network with Gru or Lstm layers declares besides the sizes, the parameters and their initialization.</summary>
    public static readonly ImmutableArray<string> RecurrentMemberNames = ImmutableArray.Create(
        "StateSize",
        "RecordSizePerStep",
        "Step",
        "StepPass",
        "StepBatch",
        "StepLanes",
        "StepStreams",
        "ForwardSequence",
        "BackwardSequence",
        "RecordSequence",
        "BackPropagateSequence",
        "AddRecurrentWeightGradients",
        "BackwardSequences",
        "RecordSequences");

    /// <summary>The members a class with Weights = "…" declares besides (a frozen one, some of) <see cref="GeneratedMemberNames"/>.</summary>
    public static readonly ImmutableArray<string> WeightsMemberNames = ImmutableArray.Create(
        "RestoreCompiledWeights",
        "CompiledWeightData",
        "CompiledInputScaling",
        "CompiledOutputScaling");

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || context.Attributes.IsEmpty)
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var diagnostics = new List<DiagnosticInfo>();
        AttributeArguments? arguments = AttributeArguments.Read(context.Attributes[0], cancellationToken);
        ImmutableArray<string> memberNames = arguments?.HiddenLayers is { } layers && layers.Any(kind => kind != (int)Layer.Dense)
            ? GeneratedMemberNames.AddRange(RecurrentMemberNames)
            : GeneratedMemberNames;
        CheckDeclarations(type, declaration, arguments?.Weights is null ? memberNames : memberNames.AddRange(WeightsMemberNames), diagnostics);

        ImmutableArray<Layer> kinds = ImmutableArray<Layer>.Empty;
        ImmutableArray<Activation>? activations = arguments is null ? null : NetworkValidator.Validate(arguments, diagnostics, out kinds);
        if (arguments is { Frozen: true, Weights: null })
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FrozenWithoutWeights, arguments.NamedLocation("Frozen")));
        }

        if (arguments is null || activations is null || diagnostics.Count > 0)
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var model = new NetworkModel(
            HintName(type),
            type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            TypeDeclarations(declaration).ToEquatableArray(),
            arguments.Sizes.ToEquatableArray(),
            activations.Value.ToEquatableArray(),
            (Loss)arguments.Loss,
            arguments.UseDouble,
            Kinds: kinds.ToEquatableArray());
        Weights.WeightsReference? weights = arguments.Weights is { } name
            ? new Weights.WeightsReference(name, LocationInfo.From(arguments.NamedLocation("Weights")), arguments.Frozen)
            : null;
        return new ParseResult(model, EquatableArray<DiagnosticInfo>.Empty, weights);
    }

    /// <summary>The class and its containers must be partial, the class an instance class with free member names.</summary>
    private static void CheckDeclarations(INamedTypeSymbol type, TypeDeclarationSyntax declaration, ImmutableArray<string> memberNames, List<DiagnosticInfo> diagnostics)
    {
        for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax typeNode; node = node.Parent)
        {
            if (!typeNode.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, typeNode.Identifier.GetLocation(), typeNode.Identifier.ValueText));
            }
        }

        if (type.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedTarget,
                declaration.Identifier.GetLocation(),
                type.Name,
                "a static class has no instances to hold parameters; remove 'static'"));
        }

        foreach (string name in memberNames)
        {
            if (type.GetMembers(name).Any(m => !m.IsImplicitlyDeclared))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberAlreadyDeclared, declaration.Identifier.GetLocation(), type.Name, name));
            }
        }
    }

    /// <summary>The declarations to reopen, outermost first, ending with the class itself.</summary>
    private static IEnumerable<TypeDeclarationModel> TypeDeclarations(TypeDeclarationSyntax declaration)
    {
        var chain = new Stack<TypeDeclarationModel>();
        for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax typeNode; node = node.Parent)
        {
            string typeParameters = typeNode.TypeParameterList is { } list
                ? "<" + string.Join(", ", list.Parameters.Select(p => p.Identifier.Text)) + ">"
                : "";
            chain.Push(new TypeDeclarationModel(Keyword(typeNode), typeNode.Identifier.Text + typeParameters));
        }

        return chain;
    }

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        _ => declaration.Keyword.ValueText,
    };

    /// <summary>
    /// <c>Namespace.Outer.Inner.g.cs</c> from metadata names (no <c>@</c> escapes), with generic arity
    /// as <c>_N</c> so that names stay unique and file-safe.
    /// </summary>
    private static string HintName(INamedTypeSymbol type)
    {
        var parts = new Stack<string>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            parts.Push(current.Arity > 0 ? current.Name + "_" + current.Arity : current.Name);
        }

        for (INamespaceSymbol? current = type.ContainingNamespace; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            parts.Push(current.Name);
        }

        return string.Join(".", parts) + ".g.cs";
    }
}
