using BpGen.Generator.Diagnostics;

namespace BpGen.Generator.Weights;

/// <summary>A network's Weights argument, waiting for the additional files to be matched against it.</summary>
/// <param name="Name">The file name as written, e.g. <c>models/wine.onnx</c>.</param>
/// <param name="Location">The Weights argument, where its diagnostics point.</param>
/// <param name="Frozen">The Frozen argument.</param>
internal sealed record WeightsReference(string Name, LocationInfo? Location, bool Frozen);
