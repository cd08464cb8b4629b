using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// The steps the span-based paths (<see cref="LoopedPath"/> over one sample, <see cref="LanesPath"/> over a
/// block) write alike: slices of θ, an activation or its derivative applied to a span in place, and the
/// body of the loss step's loop over the outputs.
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
    public static void Activate(CodeWriter w, NumericType t, Activation activation, string span, string count)
    {
        if (activation == Activation.Identity)
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
    public static void MultiplyByDerivative(CodeWriter w, NumericType t, Activation activation, string delta, string a, string count)
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

    /// <summary>The loss step's comments, J's and δ^L's, unless the softmax's normalizer has written them.</summary>
    public static void LossComments(CodeWriter w, LossComments? comments)
    {
        if (comments is not null)
        {
            w.Line($"// {comments.Loss}.");
            w.Line($"// Output error: {comments.OutputError}.");
        }
    }

    /// <summary>One output's locals, its share of J added to <c>loss</c>, and its error, in a loop body.</summary>
    public static void OutputLoss(CodeWriter w, NumericType t, OutputValues values, OutputLoss loss)
    {
        foreach (var (name, value) in loss.Locals)
        {
            w.Line($"{t.Name} {name} = {value};");
        }

        w.Line($"loss += {loss.Term};");
        w.Line($"{values.Error} {loss.Error.Operator} {loss.Error.Value};");
    }
}
