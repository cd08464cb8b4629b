namespace BpGen.Generator.Emit.Paths;

/// <summary>Which pass a method body runs: inference writes the outputs, training keeps what back-propagation needs.</summary>
internal enum Pass
{
    Inference,
    Training,
}
