using BpGen.Generator.Diagnostics;

namespace BpGen.Generator.Model;

/// <summary>What the parser makes of one [Network] class: a model to emit, or diagnostics, or both empty.</summary>
internal sealed record ParseResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
