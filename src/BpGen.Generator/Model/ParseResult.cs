using BpGen.Generator.Diagnostics;

namespace BpGen.Generator.Model;

/// <summary>
/// What the parser makes of one [Network] class: a model to emit, or diagnostics, or both empty; and the
/// weights file it names, which the pipeline then reads into the model (<see cref="Weights.WeightsResolver"/>).
/// </summary>
internal sealed record ParseResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, Weights.WeightsReference? Weights = null);
