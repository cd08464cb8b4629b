namespace BpGen.Generator.Model;

/// <summary>What the loss decides about the output layer L, in the words messages and comments use.</summary>
internal static class OutputLayer
{
    /// <summary>"softmax" or "sigmoid" when the loss fixes the output layer; null when the user chooses it (mean squared error).</summary>
    public static string? FixedBy(Loss loss) => loss switch
    {
        Loss.SoftmaxCrossEntropy => "softmax",
        Loss.BinaryCrossEntropy => "sigmoid",
        _ => null,
    };

    /// <summary>f_L: the identity under softmax (the loss applies it), σ for binary cross-entropy, else <paramref name="chosen"/>.</summary>
    public static Activation ActivationFor(Loss loss, Activation chosen) => loss switch
    {
        Loss.SoftmaxCrossEntropy => BpGen.Activation.Identity,
        Loss.BinaryCrossEntropy => BpGen.Activation.Sigmoid,
        _ => chosen,
    };

    /// <summary>How comments name the output layer: "softmax output", "sigmoid output", "Tanh output"…</summary>
    public static string Label(NetworkModel model) =>
        $"{FixedBy(model.Loss) ?? model.ActivationOf(model.LayerCount).ToString()} output";
}
