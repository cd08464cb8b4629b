using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit;

/// <summary>How comments name a layer and where its parameters sit in θ.</summary>
internal static class LayerNotation
{
    /// <summary>Layer l's activation for comments: "Sigmoid", or "softmax output" for the last layer.</summary>
    public static string Label(NetworkModel model, int l) =>
        l < model.LayerCount ? model.ActivationOf(l).ToString() : OutputLayer.Label(model);

    /// <summary>Where row i of a matrix starts: "2080 + 32·i", or "32·i" at offset 0.</summary>
    private static string RowStart(int offset, int rowLength) =>
        offset == 0 ? $"{rowLength}·i" : $"{offset} + {rowLength}·i";

    /// <summary>The comment that opens layer l's forward code.</summary>
    public static string LayerComment(NetworkModel model, int l)
    {
        int fanIn = model.Sizes[l - 1];
        string output = l == model.LayerCount && model.Loss == Loss.SoftmaxCrossEntropy
            ? $"p = softmax({PreActivation(l)})"
            : $"{Activation(l)} = {ActivationCode.Notation(model.ActivationOf(l), PreActivation(l))}";
        return $"// Layer {l} ({Label(model, l)}): {PreActivation(l)} = W{l} · {Activation(l - 1)} + b{l}, {output}.   "
            + $"W{l}[i,j] = theta[{RowStart(model.WeightOffset(l), fanIn)} + j], b{l}[i] = theta[{model.BiasOffset(l)} + i]";
    }
}
