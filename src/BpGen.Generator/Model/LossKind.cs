namespace BpGen.Generator.Model;

/// <summary>Mirrors <c>BpGen.Loss</c> value for value.</summary>
internal enum LossKind
{
    MeanSquaredError = 0,
    SoftmaxCrossEntropy = 1,
    BinaryCrossEntropy = 2,
}
