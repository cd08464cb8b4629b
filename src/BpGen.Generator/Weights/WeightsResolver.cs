using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BpGen.Generator.Diagnostics;
using BpGen.Generator.Model;

namespace BpGen.Generator.Weights;

/// <summary>
/// Completes a parsed network that names a weights file: finds the one additional file it names, reads
/// it, and checks it against the attribute, or adds the diagnostic that says why not. After such an
/// error the network is still generated, from placeholder parameters (<see cref="Placeholder"/>), so
/// that code using the class binds and the weights error is the only error the build reports.
/// </summary>
internal static class WeightsResolver
{
    public static ParseResult Resolve(ParseResult parsed, ImmutableArray<WeightsFile> files)
    {
        if (parsed.Weights is not { } reference || parsed.Model is not { } model)
        {
            return parsed;
        }

        List<WeightsFile> matches = files.Where(f => WeightsFile.Matches(f.Path, reference.Name)).ToList();
        if (matches.Count == 0)
        {
            // The diagnostic suggests a near name, from every additional file's path: see WeightsNameSuggestion.
            return parsed with { Model = Placeholder(model, reference), WeightsNotListed = true };
        }

        if (matches.Count > 1)
        {
            return Fail(parsed, model, DiagnosticDescriptors.WeightsFileAmbiguous, reference, reference.Name, matches.Count, string.Join(", ", matches.Select(m => m.Path)));
        }

        if (matches[0].Network is not { } found)
        {
            return Fail(parsed, model, matches[0].NotFinite ? DiagnosticDescriptors.WeightsNotFinite : DiagnosticDescriptors.WeightsFileUnreadable, reference, reference.Name, matches[0].Error ?? "");
        }

        if (NetworkComparison.Find(found, model.Signature, sameElementType: false) is { } mismatch)
        {
            var descriptor = mismatch.Kind switch
            {
                MismatchKind.Layers => DiagnosticDescriptors.WeightsSizeMismatch,
                MismatchKind.Loss => DiagnosticDescriptors.WeightsLossMismatch,
                _ => DiagnosticDescriptors.WeightsActivationMismatch,
            };
            return Fail(parsed, model, descriptor, reference, reference.Name, $"{mismatch.Message} ({found.Format})");
        }

        int valueBytes = model.UseDouble ? sizeof(double) : sizeof(float);
        if ((long)found.Parameters.Length * valueBytes > NetworkLimits.MaxCompiledWeightBytes)
        {
            return Fail(
                parsed, model, DiagnosticDescriptors.WeightsTooLargeToCompileIn, reference,
                reference.Name, found.Parameters.Length, (long)found.Parameters.Length * valueBytes, model.UseDouble ? "double" : "float", NetworkLimits.MaxCompiledWeightBytes);
        }

        double[] values = model.UseDouble ? found.Parameters : found.Parameters.Select(v => (double)(float)v).ToArray();

        // A double file's values can overflow the float of the attribute's network.
        if (FiniteParameters.FindNonFinite<double>(model.Layout, values) is string nonFiniteValue)
        {
            return Fail(parsed, model, DiagnosticDescriptors.WeightsNotFinite, reference, reference.Name, $"{nonFiniteValue} as a {(model.UseDouble ? "double" : "float")}.");
        }

        // A scaling a float network would hold as infinities, as LoadParameters refuses it at run time.
        foreach ((FeatureScaling? scaling, string which) in new[] { (found.InputScaling, "input"), (found.OutputScaling, "output") })
        {
            if (!model.UseDouble && scaling is not null && FeatureScaling.FindFloatProblem(scaling.Mean, scaling.Deviation) is { } problem)
            {
                return Fail(parsed, model, DiagnosticDescriptors.WeightsNotFinite, reference, reference.Name, $"Its {which} scaling's {problem}.");
            }
        }

        var weights = new CompiledWeights(reference.Name, new EquatableArray<double>(values), reference.Frozen, Compiled(found.InputScaling), Compiled(found.OutputScaling));
        return parsed with { Model = model with { Weights = weights } };
    }

    private static CompiledScaling? Compiled(FeatureScaling? scaling) =>
        scaling is null ? null : new CompiledScaling(new EquatableArray<double>(scaling.Mean), new EquatableArray<double>(scaling.Deviation));

    private static ParseResult Fail(ParseResult parsed, NetworkModel model, Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, WeightsReference reference, params object[] arguments)
    {
        var diagnostic = DiagnosticInfo.Create(descriptor, null, arguments) with { Location = reference.Location };
        return parsed with { Model = Placeholder(model, reference), Diagnostics = parsed.Diagnostics.Append(diagnostic).ToEquatableArray() };
    }

    /// <summary>
    /// The network as the attribute describes it, with zeros for the file's parameters and no scaling:
    /// the class gets exactly the members it would have had (a frozen one stays frozen), and nothing more
    /// than zeros is made up. The weights error goes with it and fails the build, and cannot be configured
    /// away (DiagnosticDescriptors marks it not configurable), so these zeros never run.
    /// </summary>
    private static NetworkModel Placeholder(NetworkModel model, WeightsReference reference) =>
        model with { Weights = CompiledWeights.Placeholder(reference.Name, reference.Frozen) };
}
