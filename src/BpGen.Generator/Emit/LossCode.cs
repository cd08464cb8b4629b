using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit;

/// <summary>
/// The losses J and their output errors δ^L = ∂J/∂z^L (docs/design.md): the notation comments use and
/// the scalar expressions every code path builds its loss from.
/// </summary>
internal static class LossCode
{
    /// <summary>The loss's name in the file's header line: "cross-entropy", "binary cross-entropy", "mean squared error".</summary>
    public static string Name(Loss loss) => loss switch
    {
        Loss.SoftmaxCrossEntropy => "cross-entropy",
        Loss.BinaryCrossEntropy => "binary cross-entropy",
        _ => "mean squared error",
    };

    /// <summary>
    /// J for comments, without a closing period; <paramref name="max"/> and <paramref name="sum"/> name
    /// the softmax's shift and denominator.
    /// </summary>
    public static string Notation(Loss loss, int L, string max, string sum) => loss switch
    {
        Loss.SoftmaxCrossEntropy => $"J = −Σ y_j·ln p_j, with ln p_j = {PreActivation(L)}_j − ({max} + ln {sum}): never the logarithm of 0",
        Loss.BinaryCrossEntropy => "J = −Σ [y·ln a + (1 − y)·ln(1 − a)], written as max(z, 0) − z·y + ln(1 + e^−|z|) so it stays finite when σ saturates",
        _ => $"J = ½ Σ ({Activation(L)}_i − y_i)²",
    };

    /// <summary>δ^L for comments, without a closing period.</summary>
    public static string OutputErrorNotation(Loss loss, int L) => loss switch
    {
        Loss.SoftmaxCrossEntropy => $"{Error(L)} = p − y",
        Loss.BinaryCrossEntropy => $"{Error(L)} = {Activation(L)} − y",
        _ => $"{Error(L)} = ({Activation(L)} − y) ⊙ f{L}′({PreActivation(L)})",
    };

    /// <summary>ln Σ e^(z − max), the logarithm of the sum of the shifted exponentials, at least ln 1 = 0.</summary>
    public static string LogSum(string sum, NumericType t) => t.Log(sum);

    /// <summary>
    /// −y_i·ln p_i, one output's share of the softmax cross-entropy, as y_i·(ln Σ e^(z − max) − (z_i − max)):
    /// shifted, so its error scales with the loss, not with the logits (max + ln Σ − z_i would lose the
    /// loss's digits to large logits).
    /// </summary>
    public static string CrossEntropyTerm(string y, string logSum, string z, string max) => $"{y} * ({logSum} - ({z} - {max}))";

    /// <summary>One output's binary cross-entropy from its logit: max(z, 0) − z·y + ln(1 + e^−|z|).</summary>
    public static string BinaryCrossEntropyTerm(string z, string y, NumericType t) =>
        $"{t.Max(z, t.Literal(0))} - {z} * {y} + {t.Log($"{t.Literal(1)} + {t.Exp("-" + t.Abs(z))}")}";

    /// <summary>δ_i of the squared error: error·f′ with f′ from the output a, or the error alone when f′ = 1.</summary>
    public static string SquaredErrorDelta(string error, Activation output, string a, NumericType t) =>
        ActivationCode.DerivativeFromOutput(output, a, t) is { } derivative ? $"{error} * {derivative}" : error;
}
