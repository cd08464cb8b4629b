using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Methods;

/// <summary>
/// The bodies of the public methods of a network that may scale (every trainable network, whose
/// <c>InputScaling</c> and <c>OutputScaling</c> are set at run time, and a frozen one that has scaling
/// compiled in): without scaling they hand their arguments to the private pass as they are; with it, they
/// standardize the inputs (and a regression's targets) into stack buffers first, and map the outputs
/// back to the targets' units after. The batched methods do that a block of <c>BatchWidth</c> samples
/// at a time, so any number of samples takes the same stack.
/// </summary>
internal static class ScalingDispatch
{
    private const string Standardized = "global::BpGen.NetworkScaling.Standardized";
    private const string Restore = "global::BpGen.NetworkScaling.Restore";

    /// <summary>Whether <paramref name="model"/>'s methods scale around a pass.</summary>
    public static bool Applies(NetworkModel model) =>
        !model.IsFrozen || model.Weights is { InputScaling: not null } or { OutputScaling: not null };

    public static void Forward(CodeWriter w, NumericType t)
    {
        Unscaled(w, "ForwardPass(input, output);", returns: false);
        Buffer(w, t, "scaledInput", "InputSize");
        w.Line($"ForwardPass({Standardized}(inputScaling, input, scaledInput), output);");
        w.Line($"{Restore}(outputScaling, output);");
    }

    public static void Backward(CodeWriter w, NumericType t) => WithTarget(w, t, "BackwardPass", "gradient");

    public static void TrainStep(CodeWriter w, NumericType t) => WithTarget(w, t, "TrainStepPass", "learningRate, l2");

    public static void ForwardBatch(CodeWriter w, NumericType t)
    {
        Unscaled(w, "ForwardBatchPass(inputs, outputs);", returns: false);
        Buffer(w, t, "scaledInputs", "BatchWidth * InputSize");
        w.Line();
        using (MethodSkeletons.OpenBlockLoop(w))
        {
            w.Line($"global::System.Span<{t.Name}> blockOutputs = outputs.Slice(start * OutputSize, block * OutputSize);");
            w.Line($"ForwardBatchPass({Standardized}(inputScaling, inputs.Slice(start * InputSize, block * InputSize), scaledInputs), blockOutputs);");
            w.Line($"{Restore}(outputScaling, blockOutputs);");
        }
    }

    public static void BackwardBatch(CodeWriter w, NumericType t)
    {
        Unscaled(w, "return BackwardBatchPass(inputs, targets, gradient);", returns: true);
        Buffer(w, t, "scaledInputs", "BatchWidth * InputSize");
        Buffer(w, t, "scaledTargets", "BatchWidth * OutputSize");
        w.Line($"{t.Name} loss = {t.Literal(0)}; // Σ J over the samples");
        w.Line();
        using (MethodSkeletons.OpenBlockLoop(w))
        {
            w.Line($"loss += BackwardBatchPass(");
            w.Line($"    {Standardized}(inputScaling, inputs.Slice(start * InputSize, block * InputSize), scaledInputs),");
            w.Line($"    {Standardized}(outputScaling, targets.Slice(start * OutputSize, block * OutputSize), scaledTargets),");
            w.Line("    gradient);");
        }

        w.Line();
        w.Line("return loss;");
    }

    /// <summary>A one-sample method with a target: Backward or TrainStep, whose pass takes <paramref name="rest"/> after input and target.</summary>
    private static void WithTarget(CodeWriter w, NumericType t, string pass, string rest)
    {
        Unscaled(w, $"return {pass}(input, target, {rest});", returns: true);
        Buffer(w, t, "scaledInput", "InputSize");
        Buffer(w, t, "scaledTarget", "OutputSize");
        w.Line($"return {pass}({Standardized}(inputScaling, input, scaledInput), {Standardized}(outputScaling, target, scaledTarget), {rest});");
    }

    /// <summary>The scaling read once, and the call that needs none.</summary>
    private static void Unscaled(CodeWriter w, string call, bool returns)
    {
        w.Line();
        w.Line("var inputScaling = _inputScaling; // read once: another thread may set it meanwhile");
        w.Line("var outputScaling = _outputScaling;");
        using (w.Block("if (inputScaling is null && outputScaling is null)"))
        {
            w.Line(call);
            if (!returns)
            {
                w.Line("return;");
            }
        }

        w.Line();
    }

    private static void Buffer(CodeWriter w, NumericType t, string name, string length) =>
        w.Line($"global::System.Span<{t.Name}> {name} = stackalloc {t.Name}[{length}]; // the standardized values");
}
