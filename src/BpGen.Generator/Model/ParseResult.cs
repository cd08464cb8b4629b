using BpGen.Generator.Diagnostics;

namespace BpGen.Generator.Model;

/// <summary>
/// What the parser makes of one [Network] class: a model to emit, or diagnostics, or both empty; and the
/// weights file it names, which the pipeline then reads into the model (<see cref="Weights.WeightsResolver"/>).
/// </summary>
/// <param name="Model">The network to emit, or null.</param>
/// <param name="Diagnostics">Errors to report.</param>
/// <param name="Weights">The Weights argument, or null.</param>
/// <param name="WeightsNotListed">Whether no additional file matches <paramref name="Weights"/>: its
/// diagnostic, which suggests near names, is made from every additional file's path in a later step.</param>
internal sealed record ParseResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, Weights.WeightsReference? Weights = null, bool WeightsNotListed = false);
