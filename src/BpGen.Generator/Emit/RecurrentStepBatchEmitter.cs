using BpGen.Generator.Emit.Paths;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// <c>StepBatch</c> of a recurrent network: one time step of m streams (a game's agents in one frame).
/// An unrolled network steps whole vectors of streams at once in <c>StepLanes</c>, one stream per lane
/// of a <c>System.Numerics.Vector</c>, as <see cref="UnrolledLanesPath"/> runs samples for dense
/// ForwardBatch: inputs and states gathered into lanes, every unit and gate a vector local, every θ_k
/// broadcast once into a local, outputs and next states scattered back. The streams after the last whole
/// vector, all of them where vectors are not hardware-accelerated (<c>Kernels.SamplesInVectorLanes</c>
/// decides), and every stream of a network on the kernel path go through <c>StepPass</c> one by one.
/// </summary>
internal static class RecurrentStepBatchEmitter
{
    public static void Emit(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        w.Line("/// <summary>");
        w.Line("/// One time step of m streams at once (a game's agents in one frame): stream i reads inputs[i·InputSize …],");
        w.Line("/// moves its state states[i·StateSize …] on and writes outputs[i·OutputSize …], as <see cref=\"Step\"/>");
        w.Line(step.Unrolled
            ? "/// would for it alone (up to the last bits of float, where whole vectors of streams are stepped at once). Allocates nothing."
            : "/// would for it alone. Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"inputs\">m · <see cref=\"InputSize\"/> inputs, stream after stream; m ≥ 0.</param>");
        w.Line("/// <param name=\"states\">m · <see cref=\"StateSize\"/> state values, stream after stream, each replaced by its next state.</param>");
        w.Line("/// <param name=\"outputs\">Receives m · <see cref=\"OutputSize\"/> outputs, stream after stream.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of streams.</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"public void StepBatch(global::System.ReadOnlySpan<{t.Name}> inputs, global::System.Span<{t.Name}> states, global::System.Span<{t.Name}> outputs)"))
        {
            w.Line("if (inputs.Length % InputSize != 0) throw global::BpGen.NetworkErrors.NotWholeSamples(nameof(inputs), \"InputSize\", InputSize, inputs.Length);");
            w.Line("int streams = inputs.Length / InputSize;");
            w.Line("if (states.Length != streams * StateSize) throw global::BpGen.NetworkErrors.SampleCount(nameof(states), \"StateSize\", StateSize, streams, nameof(inputs), states.Length);");
            w.Line("if (outputs.Length != streams * OutputSize) throw global::BpGen.NetworkErrors.SampleCount(nameof(outputs), \"OutputSize\", OutputSize, streams, nameof(inputs), outputs.Length);");
            string first = "0";
            if (step.Unrolled)
            {
                w.Line($"int laned = global::BpGen.Kernels.SamplesInVectorLanes(streams, {t.Lanes.Name}.Count); // whole vectors of streams; none where vectors are not hardware-accelerated");
                w.Line("if (laned > 0) StepLanes(inputs.Slice(0, laned * InputSize), states.Slice(0, laned * StateSize), outputs.Slice(0, laned * OutputSize));");
                w.Line("// The streams after the last whole vector (all of them where vectors are not accelerated), one at a time.");
                first = "laned";
            }

            using (w.Block($"for (int i = {first}; i < streams; i++)"))
            {
                w.Line("StepPass(inputs.Slice(i * InputSize, InputSize), states.Slice(i * StateSize, StateSize), outputs.Slice(i * OutputSize, OutputSize));");
            }
        }

        w.Line();
        if (step.Unrolled)
        {
            EmitStepLanes(w, model, t, step);
        }
    }

    private static void EmitStepLanes(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        var lanes = new UnrolledLanesPath(model, t, skipLocalsInit: false);
        string vector = t.Lanes.Name;
        w.Line("// StepLanes: StepPass over whole vectors of streams, stream s of a block in lane s, every unit and gate a vector local.");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private void StepLanes(global::System.ReadOnlySpan<{t.Name}> inputs, global::System.Span<{t.Name}> states, global::System.Span<{t.Name}> outputs)"))
        {
            step.DeclareTheta(w);
            w.Line($"int lanes = {vector}.Count; // streams per vector");
            lanes.DeclareWeightsAndScratch(w, Pass.Inference);
            UnrolledLanesPath.Scratch(w, t, "stateLanes", "StateSize");
            using (w.Block("for (int start = 0; start < inputs.Length / InputSize; start += lanes)"))
            {
                lanes.DeclareInput(w, Pass.Inference);
                w.Line("global::BpGen.Kernels.ToVectorLanes(states.Slice(start * StateSize, lanes * StateSize), stateLanes);");
                new UnrolledRecurrentStep(model, step.Layout, t.Lanes, UnrolledLanesPath.Weight).Emit(w, k => $"stateLanes[{k}]", record: false);
                lanes.WriteOutput(w);
                w.Line("global::BpGen.Kernels.FromVectorLanes(stateLanes, states.Slice(start * StateSize, lanes * StateSize));");
            }
        }

        w.Line();
    }
}
