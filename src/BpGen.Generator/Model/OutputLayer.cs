namespace BpGen.Generator.Model;

/// <summary>What the loss decides about the output layer L, in the words messages and comments use.</summary>
internal static class OutputLayer
{
    /// <summary>"softmax" or "sigmoid" when the loss fixes the output layer; null when the user chooses it (mean squared error).</summary>
    public static string? FixedBy(LossKind loss) => loss switch
    {
        LossKind.SoftmaxCrossEntropy => "softmax",
        LossKind.BinaryCrossEntropy => "sigmoid",
        _ => null,
    };

    /// <summary>f_L: the identity under softmax (the loss applies it), σ for binary cross-entropy, else <paramref name="chosen"/>.</summary>
    public static ActivationKind Activation(LossKind loss, ActivationKind chosen) => loss switch
    {
        LossKind.SoftmaxCrossEntropy => ActivationKind.Identity,
        LossKind.BinaryCrossEntropy => ActivationKind.Sigmoid,
        _ => chosen,
    };

    /// <summary>How comments name the output layer: "softmax output", "sigmoid output", "Tanh output"…</summary>
    public static string Label(NetworkModel model) =>
        $"{FixedBy(model.Loss) ?? model.ActivationOf(model.LayerCount).ToString()} output";
}
