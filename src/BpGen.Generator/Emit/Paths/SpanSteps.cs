using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// The steps the span-based paths (<see cref="LoopedPath"/> over one sample, <see cref="LanesPath"/> over a
/// block) write alike: slices of θ, and an activation or its derivative applied to a span in place.
/// </summary>
internal static class SpanSteps
{
    /// <summary>W^l as a slice of θ (or of the gradient, in the same layout).</summary>
    public static string Weights(NetworkModel model, int l, string of = "theta") =>
        $"{of}.Slice({model.WeightOffset(l)}, {model.Sizes[l] * model.Sizes[l - 1]})";

    /// <summary>b^l as a slice of θ (or of the gradient).</summary>
    public static string Biases(NetworkModel model, int l, string of = "theta") =>
        $"{of}.Slice({model.BiasOffset(l)}, {model.Sizes[l]})";

    /// <summary>span ← f(span) for its first <paramref name="count"/> values: the activation's kernel where it has one, else a loop.</summary>
    public static void Activate(CodeWriter w, NumericType t, ActivationKind activation, string span, string count)
    {
        if (activation == ActivationKind.Identity)
        {
            return;
        }

        if (ActivationCode.Kernel(activation, span, t) is { } kernelCall)
        {
            w.Line($"global::BpGen.Kernels.{kernelCall}; // {span} ← {ActivationCode.Notation(activation, span)}");
            return;
        }

        using (w.Block($"for (int i = 0; i < {count}; i++)"))
        {
            w.Line($"{t.Name} z = {span}[i];");
            w.Line($"{span}[i] = {ActivationCode.Apply(activation, "z", t)};");
        }
    }

    /// <summary>delta ← delta ⊙ f′ for its first <paramref name="count"/> values, with f′ from the activations <paramref name="a"/> kept by the forward pass.</summary>
    public static void MultiplyByDerivative(CodeWriter w, NumericType t, ActivationKind activation, string delta, string a, string count)
    {
        string notation = ActivationCode.DerivativeNotation(activation);
        if (ActivationCode.RectifierSlope(activation) is double slope)
        {
            w.Line($"global::BpGen.Kernels.MultiplyByRectifierDerivative({delta}, {a}, {t.Literal(slope)}); // {notation}");
        }
        else if (ActivationCode.DerivativeFromOutput(activation, $"{a}[j]", t) is { } derivative)
        {
            w.Line($"for (int j = 0; j < {count}; j++) {delta}[j] *= {derivative}; // {notation}");
        }
    }
}
