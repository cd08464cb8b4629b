using BpGen.Generator.Emit;
using BpGen.Generator.Model;
using BpGen.Generator.Parsing;
using BpGen.Generator.Weights;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpGen.Generator;

/// <summary>
/// The pipeline: every class with [BpGen.Network] is parsed into a value model; diagnostics and
/// source are separate outputs, so a change that only moves a diagnostic does not re-emit code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    /// <summary>Step names, for tests that check what the driver cached.</summary>
    public static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Models = nameof(Models);
        public const string Diagnostics = nameof(Diagnostics);
        public const string SkipLocalsInit = nameof(SkipLocalsInit);
        public const string WeightsFiles = nameof(WeightsFiles);
        public const string Resolve = nameof(Resolve);
        public const string AdditionalFilePaths = nameof(AdditionalFilePaths);
        public const string WeightsNotListed = nameof(WeightsNotListed);
        public const string SharedHintNames = nameof(SharedHintNames);
    }

    private const string NetworkAttributeName = "BpGen.NetworkAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                NetworkAttributeName,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: NetworkParser.Parse)
            .WithTrackingName(TrackingNames.Parse);

        // Networks that name a weights file get its parameters (or a diagnostic); see WeightsResolver.
        IncrementalValuesProvider<ParseResult> results = parsed
            .Combine(WeightsFiles(context, parsed))
            .Select(static (input, _) => WeightsResolver.Resolve(input.Left, input.Right))
            .WithTrackingName(TrackingNames.Resolve);

        IncrementalValuesProvider<NetworkModel> models = results
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Models);

        IncrementalValuesProvider<EquatableArray<Diagnostics.DiagnosticInfo>> diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .Where(static diagnostics => !diagnostics.IsEmpty)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (output, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        // A Weights name no additional file matches gets its diagnostic here, with near names from every
        // additional file's path: only these networks depend on the list of paths.
        IncrementalValuesProvider<Diagnostics.DiagnosticInfo> notListed = results
            .Where(static result => result.WeightsNotListed)
            .Select(static (result, _) => result.Weights!)
            .Combine(AdditionalFilePaths(context))
            .Select(static (input, _) => WeightsNameSuggestion.Diagnose(input.Left, input.Right))
            .WithTrackingName(TrackingNames.WeightsNotListed);

        context.RegisterSourceOutput(notListed, static (output, diagnostic) => output.ReportDiagnostic(diagnostic.ToDiagnostic()));

        // Whether stack scratch may skip zero-initialization: only where the consumer allows unsafe code
        // and the core library (the one defining object) has the attribute, net5.0 and later. A project may
        // declare the attribute in its own source, as Unity projects do on their netstandard2.1 profile,
        // whose compiler rejects it in user code. A plain bool, so most edits leave it cached.
        IncrementalValueProvider<bool> skipLocalsInit = context.CompilationProvider
            .Select(static (compilation, _) =>
                compilation.Options is CSharpCompilationOptions { AllowUnsafe: true }
                && compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.SkipLocalsInitAttribute") is { } attribute
                && SymbolEqualityComparer.Default.Equals(attribute.ContainingAssembly, compilation.ObjectType.ContainingAssembly))
            .WithTrackingName(TrackingNames.SkipLocalsInit);

        // Roslyn compares hint names ignoring case: the names that two classes share but for case (Net
        // and NET), which then take their rank among the names so spelled as well. A plain list, so most
        // edits leave it unchanged and cached.
        IncrementalValueProvider<EquatableArray<string>> sharedHintNames = models
            .Select(static (model, _) => model.HintName)
            .Collect()
            .Select(static (names, _) => names.GroupBy(name => name, System.StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).SelectMany(g => g).ToEquatableArray())
            .WithTrackingName(TrackingNames.SharedHintNames);

        context.RegisterSourceOutput(models.Combine(skipLocalsInit).Combine(sharedHintNames), static (output, input) =>
            output.AddSource(HintName(input.Left.Left.HintName, input.Right), NetworkEmitter.Emit(input.Left.Left, input.Left.Right)));
    }

    /// <summary>
    /// The model's hint name, or, where another class's differs from it only in case, <c>Net.g.1.cs</c>:
    /// its rank among those spellings in ordinal order, after the <c>.g</c> that ends every other name,
    /// so no two names and no class's own name come out the same.
    /// </summary>
    private static string HintName(string hintName, EquatableArray<string> shared)
    {
        if (!shared.Contains(hintName))
        {
            return hintName;
        }

        int rank = shared.Count(name => string.Equals(name, hintName, System.StringComparison.OrdinalIgnoreCase) && string.CompareOrdinal(name, hintName) < 0);
        return hintName.Substring(0, hintName.Length - ".cs".Length) + "." + rank.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cs";
    }

    /// <summary>
    /// The additional files some network's Weights names, read by content: only those are read, and
    /// only again when they or the names change.
    /// </summary>
    private static IncrementalValueProvider<ImmutableArray<WeightsFile>> WeightsFiles(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<ParseResult> parsed)
    {
        IncrementalValueProvider<ImmutableArray<string>> names = parsed
            .Where(static result => result.Weights is not null)
            .Select(static (result, _) => result.Weights!.Name)
            .Collect();

        return context.AdditionalTextsProvider
            .Combine(names)
            .Where(static input => input.Right.Any(name => WeightsFile.Matches(input.Left.Path, name)))
            .Select(static (input, cancellationToken) => WeightsFile.Read(input.Left, cancellationToken))
            .WithTrackingName(TrackingNames.WeightsFiles)
            .Collect();
    }

    /// <summary>Every additional file's path, as an equatable value: adding, removing or renaming a file changes it; editing one does not.</summary>
    private static IncrementalValueProvider<EquatableArray<string>> AdditionalFilePaths(IncrementalGeneratorInitializationContext context) =>
        context.AdditionalTextsProvider
            .Select(static (text, _) => text.Path)
            .Collect()
            .Select(static (paths, _) => paths.ToEquatableArray())
            .WithTrackingName(TrackingNames.AdditionalFilePaths);
}
