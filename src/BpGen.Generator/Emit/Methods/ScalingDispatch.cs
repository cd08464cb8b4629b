using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Methods;

/// <summary>
/// The bodies of the public methods of a network that may scale (every trainable network, whose
/// <c>InputScaling</c> and <c>OutputScaling</c> are set at run time, and a frozen one that has scaling
/// compiled in): without scaling they hand their arguments to the private pass as they are; with it, to
/// a private method that standardizes the inputs (and a regression's targets) into stack buffers first,
/// and maps the outputs back to the targets' units after. The batched methods do that a block of <c>BatchWidth</c> samples
/// at a time, so any number of samples takes the same stack.
/// </summary>
internal static class ScalingDispatch
{
    private const string Standardized = "global::BpGen.NetworkScaling.Standardized";
    private const string Restore = "global::BpGen.NetworkScaling.Restore";

    /// <summary>Whether <paramref name="model"/>'s methods scale around a pass.</summary>
    public static bool Applies(NetworkModel model) =>
        !model.IsFrozen || model.Weights is { InputScaling: not null } or { OutputScaling: not null };

    public static readonly ScaledMethod Forward = new("Forward", "input, output", Returns: false, (w, t) =>
    {
        ReadScaling(w);
        Buffer(w, t, "scaledInput", "InputSize");
        w.Line($"ForwardPass({Standardized}(inputScaling, input, scaledInput), output);");
        w.Line($"{Restore}(outputScaling, output);");
    });

    public static readonly ScaledMethod Backward = WithTarget("Backward", "gradient");

    public static readonly ScaledMethod TrainStep = WithTarget("TrainStep", "learningRate, l2");

    public static readonly ScaledMethod ForwardBatch = new("ForwardBatch", "inputs, outputs", Returns: false, (w, t) =>
    {
        w.Line("int count = inputs.Length / InputSize; // m, the number of samples");
        ReadScaling(w);
        Buffer(w, t, "scaledInputs", "BatchWidth * InputSize");
        w.Line();
        using (MethodSkeletons.OpenBlockLoop(w))
        {
            w.Line($"global::System.Span<{t.Name}> blockOutputs = outputs.Slice(start * OutputSize, block * OutputSize);");
            w.Line($"ForwardBatchPass({Standardized}(inputScaling, inputs.Slice(start * InputSize, block * InputSize), scaledInputs), blockOutputs);");
            w.Line($"{Restore}(outputScaling, blockOutputs);");
        }
    });

    public static readonly ScaledMethod BackwardBatch = new("BackwardBatch", "inputs, targets, gradient", Returns: true, (w, t) =>
    {
        w.Line("int count = inputs.Length / InputSize; // m, the number of samples");
        ReadScaling(w);
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
    });

    /// <summary>A recurrent network's one step: the step's inputs standardized on the stack, its outputs mapped back.</summary>
    public static readonly ScaledMethod Step = new("Step", "input, state, output", Returns: false, (w, t) =>
    {
        ReadScaling(w);
        Buffer(w, t, "scaledInput", "InputSize");
        w.Line($"StepPass({Standardized}(inputScaling, input, scaledInput), state, output);");
        w.Line($"{Restore}(outputScaling, output);");
    });

    /// <summary>
    /// A recurrent network's step of m streams, <paramref name="streams"/> of them standardized at a time:
    /// on the stack, or where so many streams' inputs would take more than <see cref="ScaledStreamBytes"/>
    /// (<paramref name="pooled"/>), in an array rented from the shared pool for the call, so that a
    /// block still fills the batch kernels.
    /// </summary>
    public static ScaledMethod StepBatch(int streams, bool pooled) => new("StepBatch", "inputs, states, outputs", Returns: false, (w, t) =>
    {
        w.Line("int count = inputs.Length / InputSize; // m, the number of streams");
        ReadScaling(w);
        if (!pooled)
        {
            w.Line($"const int width = {streams}; // streams standardized at a time, their inputs within {ScaledStreamBytes / 1024} KiB of stack");
            Buffer(w, t, "scaledInputs", "width * InputSize");
            StandardizedBlocks(w, t);
            return;
        }

        w.Line($"const int width = {streams}; // streams standardized at a time, as many as the batch kernels take in a block");
        w.Line($"{t.Name}[]? rented = inputScaling is null ? null : global::System.Buffers.ArrayPool<{t.Name}>.Shared.Rent(width * InputSize); // too many values for the stack");
        using (w.Block("try"))
        {
            w.Line($"global::System.Span<{t.Name}> scaledInputs = rented;");
            StandardizedBlocks(w, t);
        }

        using (w.Block("finally"))
        {
            w.Line($"if (rented != null) global::System.Buffers.ArrayPool<{t.Name}>.Shared.Return(rented);");
        }
    });

    /// <summary>The most stack <see cref="StepBatch"/>'s standardized inputs take.</summary>
    public const int ScaledStreamBytes = 32 * 1024;

    /// <summary>StepBatchPass over blocks of <c>width</c> streams, each block's inputs standardized into <c>scaledInputs</c> and its outputs mapped back.</summary>
    private static void StandardizedBlocks(CodeWriter w, NumericType t)
    {
        using (w.Block("for (int start = 0, block; start < count; start += block)"))
        {
            w.Line("block = global::System.Math.Min(width, count - start);");
            w.Line($"global::System.Span<{t.Name}> blockOutputs = outputs.Slice(start * OutputSize, block * OutputSize);");
            w.Line($"StepBatchPass({Standardized}(inputScaling, inputs.Slice(start * InputSize, block * InputSize), scaledInputs), states.Slice(start * StateSize, block * StateSize), blockOutputs);");
            w.Line($"{Restore}(outputScaling, blockOutputs);");
        }
    }

    /// <summary>
    /// The private method NameScaled, which standardizes around NamePass: <paramref name="parameters"/>
    /// are the public method's.
    /// </summary>
    public static void EmitScaled(CodeWriter w, NumericType t, ScaledMethod method, string returnType, string parameters, bool skipLocalsInit)
    {
        using (MethodSignatures.OpenPass(w, returnType, method.Name + "Scaled", parameters, skipLocalsInit, $"{method.Name} with scaling set: the values standardized around {method.Name}Pass"))
        {
            method.ScaledBody(w, t);
        }

        w.Line();
    }

    /// <summary>
    /// The public method's body: the pass on the arguments as they are when no scaling is set (a call
    /// in tail position), else the method that standardizes them. The stack buffers live in that other
    /// method, so the common case pays for none of them.
    /// </summary>
    public static void Dispatch(CodeWriter w, ScaledMethod method)
    {
        string result = method.Returns ? "return " : "";
        w.Line();
        using (w.Block("if (_inputScaling is null && _outputScaling is null)"))
        {
            w.Line($"{result}{method.Name}Pass({method.Arguments});");
            if (!method.Returns)
            {
                w.Line("return;");
            }
        }

        w.Line();
        w.Line($"{result}{method.Name}Scaled({method.Arguments});");
    }

    /// <summary>A one-sample method with a target: Backward or TrainStep, whose pass takes <paramref name="rest"/> after input and target.</summary>
    private static ScaledMethod WithTarget(string name, string rest) => new(name, $"input, target, {rest}", Returns: true, (w, t) =>
    {
        ReadScaling(w);
        Buffer(w, t, "scaledInput", "InputSize");
        Buffer(w, t, "scaledTarget", "OutputSize");
        w.Line($"return {name}Pass({Standardized}(inputScaling, input, scaledInput), {Standardized}(outputScaling, target, scaledTarget), {rest});");
    });

    /// <summary>The scaling, read once: another thread may set a trainable network's meanwhile (a null one passes values through).</summary>
    internal static void ReadScaling(CodeWriter w)
    {
        w.Line("var inputScaling = _inputScaling; // read once: another thread may set a trainable network's meanwhile");
        w.Line("var outputScaling = _outputScaling;");
    }

    private static void Buffer(CodeWriter w, NumericType t, string name, string length) =>
        w.Line($"global::System.Span<{t.Name}> {name} = stackalloc {t.Name}[{length}]; // the standardized values");
}

/// <summary>
/// A public method that may scale: <see cref="Name"/> is also the stem of its pass (NamePass) and of
/// the method that standardizes around it (NameScaled), which <see cref="ScaledBody"/> writes.
/// </summary>
/// <param name="Name">The public method's name.</param>
/// <param name="Arguments">Its parameters, as the calls to the pass pass them on.</param>
/// <param name="Returns">Whether it returns the loss.</param>
/// <param name="ScaledBody">The body of NameScaled.</param>
internal sealed record ScaledMethod(string Name, string Arguments, bool Returns, System.Action<CodeWriter, NumericType> ScaledBody);
