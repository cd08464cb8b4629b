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
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || context.TargetNode is not TypeDeclarationSyntax declaration
            || context.Attributes.IsEmpty)
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        // [Network] on more than one declaration of a partial class is the compiler's CS0579; the class
        // is generated once, from the declaration that holds the first.
        if (!HoldsFirstNetworkAttribute(declaration, type, context.Attributes[0].AttributeClass))
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        // Below C# 8 the generated code would not compile: one diagnostic instead of the compiler's errors in it.
        if (declaration.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 } options)
        {
            return new ParseResult(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooLow, declaration.Identifier.GetLocation(), type.Name, options.LanguageVersion.ToDisplayString()) }.ToEquatableArray());
        }

        var diagnostics = new List<DiagnosticInfo>();
        AttributeArguments? arguments = AttributeArguments.Read(context.Attributes[0], cancellationToken);
        bool recurrent = arguments?.HiddenLayers is { } layers && layers.Any(kind => kind != (int)Layer.Dense);
        string numeric = arguments?.UseDouble is true ? "double" : "float";
        CheckDeclarations(type, declaration, context.SemanticModel.Compilation, context.Attributes[0].AttributeClass, recurrent, numeric, GeneratedMembers.Names(recurrent, arguments?.Weights is not null, arguments?.Frozen is true), diagnostics);

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

    /// <summary>
    /// Whether <paramref name="declaration"/> holds the class's first [Network]: the attributes the
    /// pipeline hands over are those of the whole syntax tree, so two declarations in one file both get them.
    /// </summary>
    private static bool HoldsFirstNetworkAttribute(TypeDeclarationSyntax declaration, INamedTypeSymbol type, INamedTypeSymbol? attributeClass)
    {
        SyntaxReference? first = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeClass))?.ApplicationSyntaxReference;
        return first is null || (first.SyntaxTree == declaration.SyntaxTree && declaration.Span.Contains(first.Span));
    }

    /// <summary>
    /// The class and its containers must be partial and not file-local, the class an instance class whose
    /// name, type parameters, members and base classes' members leave the generated members' names free.
    /// </summary>
    private static void CheckDeclarations(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, Compilation compilation, INamedTypeSymbol? attributeClass, bool recurrent, string numeric, ImmutableArray<string> memberNames, List<DiagnosticInfo> diagnostics)
    {
        Location name = declaration.Identifier.GetLocation();
        for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax typeNode; node = node.Parent)
        {
            if (!typeNode.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, typeNode.Identifier.GetLocation(), typeNode.Identifier.ValueText));
            }

            // C# 11's 'file' (by its text: Roslyn 4.3 has no kind for it) keeps a type to its own file,
            // so the generated file's part would declare a second, unrelated class.
            if (typeNode.Modifiers.Any(modifier => modifier.ValueText == "file"))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedTarget, typeNode.Identifier.GetLocation(), typeNode.Identifier.ValueText, "a file-local type cannot be completed from the generated file; remove 'file'"));
            }
        }

        if (type.IsStatic)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTarget, name, type.Name, "a static class has no instances to hold parameters; remove 'static'"));
        }

        CheckNamesInScope(type, name, compilation, memberNames, diagnostics);

        INamedTypeSymbol? baseNetwork = BaseClasses(type).FirstOrDefault(b => b.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeClass)));
        if (baseNetwork is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedTarget, name, type.Name, $"its base class '{baseNetwork.Name}' is a network too, whose generated members this one's would hide; derive from another class"));
        }

        foreach (string member in memberNames)
        {
            if (type.GetMembers(member).Any(m => !m.IsImplicitlyDeclared))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberAlreadyDeclared, name, type.Name, $"declares '{member}'"));
            }
            else if (baseNetwork is null && BaseClasses(type).FirstOrDefault(b => b.GetMembers(member).Any(m => WouldBeHidden(m, member, recurrent, numeric, type, compilation))) is { } owner)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberAlreadyDeclared, name, type.Name, $"inherits '{member}' from '{owner.Name}'"));
            }
        }
    }

    /// <summary>
    /// The names the generated code meets in its scope: the class's own name and type parameters must
    /// leave its members' names free, and no type it is nested in, nor their type parameters, may be
    /// named var, nor the class have a member named nameof, which would take its var locals and its
    /// nameof(…) of arguments.
    /// </summary>
    private static void CheckNamesInScope(INamedTypeSymbol type, Location name, Compilation compilation, ImmutableArray<string> memberNames, List<DiagnosticInfo> diagnostics)
    {
        for (INamedTypeSymbol? scope = type; scope is not null; scope = scope.ContainingType)
        {
            foreach (string taken in new[] { scope.Name }.Concat(scope.TypeParameters.Select(p => p.Name)).Where(n => n == "var"))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedTarget, name, type.Name, $"the generated code declares its locals with 'var', which the type or type parameter '{taken}' would name; rename it"));
            }
        }

        if (type.GetMembers("nameof").Any(m => !m.IsImplicitlyDeclared) || BaseClasses(type).Any(b => b.GetMembers("nameof").Any(m => compilation.IsSymbolAccessibleWithin(m, type))))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedTarget, name, type.Name, "it declares or inherits a member named 'nameof', which would take the generated code's nameof(…); rename the member"));
        }

        foreach (ITypeParameterSymbol typeParameter in type.TypeParameters.Where(p => memberNames.Contains(p.Name)))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedTarget, name, type.Name, $"BpGen generates a member named '{typeParameter.Name}', the name of its type parameter; rename the type parameter"));
        }

        if (memberNames.Contains(type.Name))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedTarget, name, type.Name, $"BpGen generates a member named '{type.Name}', and C# allows no member the name of its class; rename the class"));
        }
    }

    /// <summary>
    /// Whether the generated member <paramref name="name"/> would hide <paramref name="inherited"/>, a
    /// member the class can see (CS0108, CS0114): any but a method the generated method is an overload
    /// of, by its spans or by its parameters' types.
    /// </summary>
    private static bool WouldBeHidden(ISymbol inherited, string name, bool recurrent, string numeric, INamedTypeSymbol type, Compilation compilation) =>
        !inherited.IsImplicitlyDeclared
        && compilation.IsSymbolAccessibleWithin(inherited, type)
        && !(inherited is IMethodSymbol method && IsOverloadOfGenerated(method, name, recurrent, numeric));

    private static bool IsOverloadOfGenerated(IMethodSymbol method, string name, bool recurrent, string numeric) =>
        GeneratedMembers.Signatures(name, recurrent, numeric) is { } overloads
        && (method.TypeParameters.Length > 0
            || method.Parameters.Any(p => p.RefKind != RefKind.None)
            || !overloads.Any(types => method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).SequenceEqual(types)));

    /// <summary>The classes <paramref name="type"/> derives from, object aside.</summary>
    private static IEnumerable<INamedTypeSymbol> BaseClasses(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
        {
            yield return current;
        }
    }

    /// <summary>The declarations to reopen, outermost first, ending with the class itself.</summary>
    private static IEnumerable<TypeDeclarationModel> TypeDeclarations(TypeDeclarationSyntax declaration)
    {
        var chain = new Stack<TypeDeclarationModel>();
        for (SyntaxNode? node = declaration; node is TypeDeclarationSyntax typeNode; node = node.Parent)
        {
            string typeParameters = typeNode.TypeParameterList is { } list
                ? "<" + string.Join(", ", list.Parameters.Select(p => Declared(p.Identifier))) + ">"
                : "";
            chain.Push(new TypeDeclarationModel(Keyword(typeNode), Declared(typeNode.Identifier) + typeParameters));
        }

        return chain;
    }

    /// <summary>
    /// A type's or type parameter's name as the generated part declares it: one of lowercase ASCII letters
    /// only gets the verbatim '@', which names the same thing, so the compiler's CS8981 (such names may
    /// become keywords) stays at the user's declaration, where a #pragma reaches it, not in the generated file.
    /// </summary>
    private static string Declared(SyntaxToken identifier) =>
        identifier.Text.Length > 0 && identifier.Text.All(c => c is >= 'a' and <= 'z') ? "@" + identifier.Text : identifier.Text;

    private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
    {
        RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
        _ => declaration.Keyword.ValueText,
    };

    /// <summary>
    /// <c>Namespace.Outer.Inner.g.cs</c> from metadata names (no <c>@</c> escapes), a generic type's
    /// parameters in braces (<c>Outer{T}</c>): no identifier holds a brace, so no other class's name
    /// comes out the same. Roslyn compares hint names ignoring case, so two classes whose names differ
    /// only in case still collide; <see cref="NetworkGenerator"/> gives the second a longer name.
    /// </summary>
    private static string HintName(INamedTypeSymbol type)
    {
        var parts = new Stack<string>();
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            parts.Push(current.Arity > 0 ? current.Name + "{" + string.Join(",", current.TypeParameters.Select(p => p.Name)) + "}" : current.Name);
        }

        for (INamespaceSymbol? current = type.ContainingNamespace; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            parts.Push(current.Name);
        }

        return string.Join(".", parts) + ".g.cs";
    }
}
