namespace BpGen.Generator.Model;

/// <summary>Trained parameters read from a file at compile time, in the layout of Parameters.</summary>
/// <param name="FileName">The Weights argument as written, for comments in the generated code.</param>
/// <param name="Values">Every weight and bias, as the network's element type holds them (floats widened exactly to double).</param>
/// <param name="Frozen">Whether the class is inference-only with the values as constants.</param>
internal sealed record CompiledWeights(string FileName, EquatableArray<double> Values, bool Frozen);
