using System.Linq;
using BpGen.Generator.Emit.Methods;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// The members of a network with Gru or Lstm layers: its sizes and state size, its parameters with
/// PyTorch's initialization, one time step with the state owned by the caller (<c>Step</c>), and a
/// whole sequence from the zero state (<c>ForwardSequence</c>), the step written by
/// <see cref="RecurrentStepEmitter"/> (unrolled for a small network, a kernel call per layer beyond) and
/// many streams' steps by <see cref="RecurrentStepBatchEmitter"/>.
/// </summary>
internal static class RecurrentEmitter
{
    public static void EmitMembers(CodeWriter w, NetworkModel model, NumericType t)
    {
        ParametersEmitter.EmitConstants(w, model, t);
        ParametersEmitter.EmitCompiledData(w, model, t);
        w.Line($"/// <summary>The values of the state a caller keeps per stream: {StateNotation(model)}.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public const int StateSize = {StateSize(model)};");
        w.Line();
        NetworkInterfaces.EmitSizes(w, model, t);
        if (model.IsFrozen)
        {
            EmitFrozenMembers(w, model, t);
            return;
        }

        ParametersEmitter.EmitParameters(w, model, t);
        ScalingEmitter.Emit(w, model);
        ParametersEmitter.EmitInitialization(w, model, t);
        ParametersEmitter.EmitCompiledRestore(w, model, t);
        var step = new RecurrentStepEmitter(model, t, MethodSignatures.ParameterArray);
        EmitStep(w, model, t, step);
        RecurrentStepBatchEmitter.Emit(w, model, t, step);
        EmitForwardSequence(w, model, t);
        RecurrentBackwardEmitter.Emit(w, model, t, step);
        RecurrentSequencesEmitter.Emit(w, model, t, step);
        w.Line();
        MethodSkeletons.EmitUpdate(w, model, t);
        w.Line();
        RecurrentTrainingEmitter.Emit(w, t);
        w.Line();
        PersistenceEmitter.Emit(w, model, t);
    }

    /// <summary>
    /// A frozen recurrent network (<c>Frozen = true</c>): the steps only, reading θ in place from the
    /// compiled-in data. No training members, and so only IRecurrentInference&lt;T&gt; of the interfaces.
    /// </summary>
    private static void EmitFrozenMembers(CodeWriter w, NetworkModel model, NumericType t)
    {
        ParametersEmitter.EmitLayoutSummary(w, model, "Every weight and bias, read-only and compiled in");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::System.ReadOnlySpan<{t.Name}> Parameters => {CompiledWeightsEmitter.View(t)};");
        w.Line();
        ScalingEmitter.Emit(w, model);
        var step = new RecurrentStepEmitter(model, t, "Parameters");
        EmitStep(w, model, t, step);
        RecurrentStepBatchEmitter.Emit(w, model, t, step);
        EmitForwardSequence(w, model, t);
    }

    /// <summary>A recurrent layer's four blocks as one slice of <paramref name="span"/> (θ or the gradient), as its kernels take them.</summary>
    internal static string LayerParameters(ParameterLayout layout, int l, string span)
    {
        (int offset, int count) = layout.LayerRange(l);
        return $"{span}.Slice({offset}, {count})";
    }

    /// <summary>Σ over the recurrent layers of H (GRU: h) or 2H (LSTM: h then c).</summary>
    public static int StateSize(NetworkModel model) => RecurrentLayout.Of(model).StateSize;

    /// <summary>E.g. "h1 (32 values), then h2 and c2 (16 each)".</summary>
    private static string StateNotation(NetworkModel model) => string.Join(
        ", then ",
        Enumerable.Range(1, model.LayerCount)
            .Where(l => model.KindOf(l) != Layer.Dense)
            .Select(l => model.KindOf(l) == Layer.Gru ? $"h{l} ({model.Sizes[l]} values)" : $"h{l} and c{l} ({model.Sizes[l]} each)"));

    /// <param name="w">The writer.</param>
    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="step">The step's code, which reads θ from the parameter array or a frozen network's compiled-in data.</param>
    private static void EmitStep(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        bool scales = ScalingDispatch.Applies(model);
        w.Line("/// <summary>");
        w.Line("/// One time step: reads the inputs and the state of one stream, writes its outputs and moves its state on.");
        w.Line("/// The state belongs to the caller, so one network serves any number of streams (agents, sensors), each");
        w.Line("/// with its own state, on any number of threads while none changes the parameters; a cleared state starts a");
        w.Line("/// stream afresh.");
        w.Line(model.Loss == Loss.SoftmaxCrossEntropy
            ? "/// The outputs are the class probabilities p = softmax(zL). Allocates nothing."
            : "/// The outputs are the network's aL. Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"input\">The <see cref=\"InputSize\"/> inputs of this step.</param>");
        w.Line("/// <param name=\"state\">The <see cref=\"StateSize\"/> values of the stream's state, replaced by the next state.</param>");
        w.Line("/// <param name=\"output\">Receives the <see cref=\"OutputSize\"/> outputs of this step.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length named above.</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"public void Step({StepParameters(t)})"))
        {
            MethodSignatures.LengthCheck(w, "input", "InputSize");
            MethodSignatures.LengthCheck(w, "state", "StateSize");
            MethodSignatures.LengthCheck(w, "output", "OutputSize");
            if (scales)
            {
                ScalingDispatch.Dispatch(w, ScalingDispatch.Step);
            }
            else
            {
                w.Line("StepPass(input, state, output);");
            }
        }

        w.Line();
        if (scales)
        {
            ScalingDispatch.EmitScaled(w, t, ScalingDispatch.Step, "void", StepParameters(t), skipLocalsInit: false);
        }

        w.Line($"// StepPass: one step of one stream, {(step.Unrolled ? "every unit and gate a local" : "a kernel call per layer")}, on spans Step or StepBatch has checked.");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private void StepPass({StepParameters(t)})"))
        {
            step.DeclareTheta(w);
            step.Emit(w, record: false);
        }

        w.Line();
    }

    private static string StepParameters(NumericType t) =>
        $"global::System.ReadOnlySpan<{t.Name}> input, global::System.Span<{t.Name}> state, global::System.Span<{t.Name}> output";

    /// <summary>
    /// The checks of a method over many steps or streams: <c>inputs</c> whole inputs, their number in
    /// <paramref name="count"/>, and each of <paramref name="spans"/> as many values of its size.
    /// </summary>
    internal static void CountInputs(CodeWriter w, string count, params (string Span, string Size)[] spans)
    {
        w.Line("if (inputs.Length % InputSize != 0) throw global::BpGen.NetworkErrors.NotWholeSamples(nameof(inputs), \"InputSize\", InputSize, inputs.Length);");
        w.Line($"int {count} = inputs.Length / InputSize;");
        foreach ((string span, string size) in spans)
        {
            w.Line($"if ({span}.Length != (long){count} * {size}) throw global::BpGen.NetworkErrors.SampleCount(nameof({span}), \"{size}\", {size}, {count}, nameof(inputs), {span}.Length);");
        }
    }

    private static void EmitForwardSequence(CodeWriter w, NetworkModel model, NumericType t)
    {
        bool scales = ScalingDispatch.Applies(model);
        w.Line("/// <summary>");
        w.Line("/// A whole sequence from the zero state: step after step, the outputs of every step. The state lives");
        w.Line("/// on the stack for the length of the call, so any length takes the same memory. Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"inputs\">T · <see cref=\"InputSize\"/> inputs, step after step; T ≥ 0.</param>");
        w.Line("/// <param name=\"outputs\">Receives T · <see cref=\"OutputSize\"/> outputs, step after step.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of steps.</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"public void ForwardSequence(global::System.ReadOnlySpan<{t.Name}> inputs, global::System.Span<{t.Name}> outputs)"))
        {
            CountInputs(w, "steps", ("outputs", "OutputSize"));
            w.Line($"global::System.Span<{t.Name}> state = stackalloc {t.Name}[StateSize];");
            w.Line("state.Clear();");
            if (scales)
            {
                EmitScaledSteps(w, t);
            }
            else
            {
                using (w.Block("for (int step = 0; step < steps; step++)"))
                {
                    w.Line("StepPass(inputs.Slice(step * InputSize, InputSize), state, outputs.Slice(step * OutputSize, OutputSize));");
                }
            }
        }

        w.Line();
    }

    /// <summary>ForwardSequence's steps where the network may scale: each step's inputs standardized as Step standardizes them, its outputs mapped back.</summary>
    private static void EmitScaledSteps(CodeWriter w, NumericType t)
    {
        ScalingDispatch.ReadScaling(w);
        w.Line($"global::System.Span<{t.Name}> scaledInput = stackalloc {t.Name}[InputSize]; // a step's standardized inputs");
        using (w.Block("for (int step = 0; step < steps; step++)"))
        {
            w.Line($"global::System.Span<{t.Name}> output = outputs.Slice(step * OutputSize, OutputSize);");
            w.Line("StepPass(global::BpGen.NetworkScaling.Standardized(inputScaling, inputs.Slice(step * InputSize, InputSize), scaledInput), state, output);");
            w.Line("global::BpGen.NetworkScaling.Restore(outputScaling, output);");
        }
    }
}
