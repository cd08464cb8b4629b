using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>The documented signatures and argument checks that both code strategies share.</summary>
internal static partial class NetworkEmitter
{
    /// <summary>GeneratedCode, and SkipLocalsInit where stack scratch need not be zeroed.</summary>
    private static void EmitMethodAttributes(CodeWriter w, bool skipLocalsInit)
    {
        w.Line(GeneratedCode);
        if (skipLocalsInit)
        {
            w.Line("[global::System.Runtime.CompilerServices.SkipLocalsInit] // every stack value is written before it is read");
        }
    }

    /// <summary>Opens Forward and checks its spans; the caller writes the body and closes it.</summary>
    internal static void OpenForward(CodeWriter w, NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        w.Line("/// <summary>");
        w.Line(model.Loss == LossKind.SoftmaxCrossEntropy
            ? "/// The forward pass: writes the class probabilities p = softmax(zL) into <paramref name=\"output\"/>."
            : "/// The forward pass: writes the network's outputs aL into <paramref name=\"output\"/>.");
        w.Line("/// Allocates nothing; safe to call from several threads at once.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"input\">The <see cref=\"InputSize\"/> inputs a0.</param>");
        w.Line("/// <param name=\"output\">Receives the <see cref=\"OutputSize\"/> outputs.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length named above.</exception>");
        EmitMethodAttributes(w, skipLocalsInit);
        w.Open($"public void Forward(global::System.ReadOnlySpan<{t.Name}> input, global::System.Span<{t.Name}> output)");
        EmitLengthCheck(w, "input", "InputSize");
        EmitLengthCheck(w, "output", "OutputSize");
        w.Line($"global::System.ReadOnlySpan<{t.Name}> theta = _parameters; // θ, every weight and bias (see Parameters)");
        w.Line();
    }

    /// <summary>Opens Backward and checks its spans; the caller writes the body and closes it.</summary>
    internal static void OpenBackward(CodeWriter w, NumericType t, bool skipLocalsInit)
    {
        w.Line("/// <summary>");
        w.Line("/// Forward and backward pass for one sample: adds ∂J/∂θ (without the L2 term) into");
        w.Line("/// <paramref name=\"gradient\"/> and returns the sample's loss J. Parameters are not changed.");
        w.Line("/// Allocates nothing; safe to call from several threads at once with separate gradients.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"input\">The <see cref=\"InputSize\"/> inputs a0.</param>");
        w.Line("/// <param name=\"target\">The <see cref=\"OutputSize\"/> expected outputs y.</param>");
        w.Line("/// <param name=\"gradient\"><see cref=\"ParameterCount\"/> sums, in the layout of <see cref=\"Parameters\"/>, that the gradient is added to.</param>");
        w.Line("/// <returns>The loss J of this sample.</returns>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length named above.</exception>");
        EmitMethodAttributes(w, skipLocalsInit);
        w.Open($"public {t.Name} Backward(global::System.ReadOnlySpan<{t.Name}> input, global::System.ReadOnlySpan<{t.Name}> target, global::System.Span<{t.Name}> gradient)");
        EmitLengthCheck(w, "input", "InputSize");
        EmitLengthCheck(w, "target", "OutputSize");
        EmitLengthCheck(w, "gradient", "ParameterCount");
        w.Line($"global::System.ReadOnlySpan<{t.Name}> theta = _parameters; // θ, every weight and bias (see Parameters)");
        w.Line();
    }

    /// <summary>Opens TrainStep and checks its arguments; the caller writes the body and closes it.</summary>
    internal static void OpenTrainStep(CodeWriter w, NumericType t, bool skipLocalsInit)
    {
        w.Line("/// <summary>");
        w.Line("/// One step of stochastic gradient descent on one sample, fused: the parameters end exactly as after");
        w.Line("/// <see cref=\"Backward\"/> into a cleared gradient and <see cref=\"Update\"/> with batch size 1, but no");
        w.Line("/// gradient is stored. Each layer's error is back-propagated before that layer's weights change.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"input\">The <see cref=\"InputSize\"/> inputs a0.</param>");
        w.Line("/// <param name=\"target\">The <see cref=\"OutputSize\"/> expected outputs y.</param>");
        w.Line("/// <param name=\"learningRate\">α ≥ 0.</param>");
        w.Line("/// <param name=\"l2\">λ ≥ 0, the L2 weight decay; biases are not decayed.</param>");
        w.Line("/// <returns>The loss J of this sample, before the step.</returns>");
        EmitMethodAttributes(w, skipLocalsInit);
        w.Open($"public {t.Name} TrainStep(global::System.ReadOnlySpan<{t.Name}> input, global::System.ReadOnlySpan<{t.Name}> target, {t.Name} learningRate, {t.Name} l2 = {t.Literal(0)})");
        EmitLengthCheck(w, "input", "InputSize");
        EmitLengthCheck(w, "target", "OutputSize");
        EmitRateChecks(w, t);
        w.Line($"global::System.Span<{t.Name}> theta = _parameters; // θ, every weight and bias (see Parameters)");
        w.Line($"{t.Name} decay = learningRate * l2; // α·λ");
        w.Line();
    }

    /// <summary>Where row i of a matrix starts: "2080 + 32 * i", or "32 * i" at offset 0.</summary>
    internal static string RowStart(int offset, int rowLength, string times = " * ") =>
        offset == 0 ? $"{rowLength}{times}i" : $"{offset} + {rowLength}{times}i";

    /// <summary>How comments name layer l's activation: "Sigmoid", or "softmax output" for the last layer.</summary>
    internal static string LayerLabel(NetworkModel model, int l)
    {
        if (l < model.LayerCount)
        {
            return model.ActivationOf(l).ToString();
        }

        return model.Loss switch
        {
            LossKind.SoftmaxCrossEntropy => "softmax output",
            LossKind.BinaryCrossEntropy => "sigmoid output",
            _ => $"{model.ActivationOf(l)} output",
        };
    }

    /// <summary>The comment that opens layer l's forward code.</summary>
    internal static string LayerComment(NetworkModel model, int l)
    {
        int fanIn = model.Sizes[l - 1];
        string output = l == model.LayerCount && model.Loss == LossKind.SoftmaxCrossEntropy
            ? $"p = softmax(z{l})"
            : $"a{l} = {ActivationCode.Notation(model.ActivationOf(l), $"z{l}")}";
        return $"// Layer {l} ({LayerLabel(model, l)}): z{l} = W{l} · a{l - 1} + b{l}, {output}.   "
            + $"W{l}[i,j] = theta[{RowStart(model.WeightOffset(l), fanIn, "·")} + j], b{l}[i] = theta[{model.BiasOffset(l)} + i]";
    }
}
