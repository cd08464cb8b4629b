using System.Linq;
using BpGen.Generator.Emit.Methods;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// The members of a network with Gru or Lstm layers: its sizes and state size, its parameters with
/// PyTorch's initialization, one time step with the state owned by the caller (<c>Step</c>), and a
/// whole sequence from the zero state (<c>ForwardSequence</c>). Each layer is one call into the
/// runtime's kernels over stack scratch: <c>GruStep</c>/<c>LstmStep</c> for a recurrent layer,
/// <c>Affine</c> and the activation for a dense one.
/// </summary>
internal static class RecurrentEmitter
{
    public static void EmitMembers(CodeWriter w, NetworkModel model, NumericType t)
    {
        ParametersEmitter.EmitConstants(w, model, t, implementInterface: false);
        ParametersEmitter.EmitCompiledData(w, model, t);
        w.Line($"/// <summary>The values of the state a caller keeps per stream: {StateNotation(model)}.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public const int StateSize = {StateSize(model)};");
        w.Line();
        if (model.IsFrozen)
        {
            EmitFrozenMembers(w, model, t);
            return;
        }

        foreach (string constant in new[] { "InputSize", "OutputSize", "StateSize", "ParameterCount" })
        {
            w.Line(NetworkEmitter.GeneratedCode);
            w.Line($"int {InterfaceName(t)}.{constant} => {constant};");
            w.Line();
        }

        ParametersEmitter.EmitParameters(w, model, t);
        ParametersEmitter.EmitInitialization(w, model, t);
        ParametersEmitter.EmitCompiledRestore(w, model, t);
        EmitStep(w, model, t, "_parameters");
        EmitStepBatch(w, t);
        EmitForwardSequence(w, t);
        RecurrentBackwardEmitter.Emit(w, model, t);
        w.Line();
        MethodSkeletons.EmitUpdate(w, model, t);
        w.Line();
        RecurrentTrainingEmitter.Emit(w, t);
        w.Line();
        PersistenceEmitter.Emit(w, model, t);
    }

    /// <summary>
    /// A frozen recurrent network (<c>Frozen = true</c>): the steps only, reading θ in place from the
    /// compiled-in data. No training members, and so no IRecurrentNetwork&lt;T&gt;, which promises them.
    /// </summary>
    private static void EmitFrozenMembers(CodeWriter w, NetworkModel model, NumericType t)
    {
        ParametersEmitter.EmitLayoutSummary(w, model, "Every weight and bias, read-only and compiled in");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::System.ReadOnlySpan<{t.Name}> Parameters => {CompiledWeightsEmitter.View(t)};");
        w.Line();
        EmitStep(w, model, t, "Parameters");
        EmitStepBatch(w, t);
        EmitForwardSequence(w, t);
    }

    /// <summary>A recurrent layer's four blocks as one slice of <paramref name="span"/> (θ or the gradient), as its kernels take them.</summary>
    internal static string LayerParameters(ParameterLayout layout, int l, string span)
    {
        (int offset, int count) = layout.LayerRange(l);
        return $"{span}.Slice({offset}, {count})";
    }

    /// <summary>The runtime interface every recurrent network implements.</summary>
    internal static string InterfaceName(NumericType t) => $"global::BpGen.IRecurrentNetwork<{t.Name}>";

    /// <summary>Σ over the recurrent layers of H (GRU: h) or 2H (LSTM: h then c).</summary>
    public static int StateSize(NetworkModel model) =>
        Enumerable.Range(1, model.LayerCount).Sum(l => StateOf(model, l));

    private static int StateOf(NetworkModel model, int l) => model.KindOf(l) switch
    {
        Layer.Gru => model.Sizes[l],
        Layer.Lstm => 2 * model.Sizes[l],
        _ => 0,
    };

    /// <summary>E.g. "h1 (32 values), then h2 and c2 (16 each)".</summary>
    private static string StateNotation(NetworkModel model) => string.Join(
        ", then ",
        Enumerable.Range(1, model.LayerCount)
            .Where(l => model.KindOf(l) != Layer.Dense)
            .Select(l => model.KindOf(l) == Layer.Gru ? $"h{l} ({model.Sizes[l]} values)" : $"h{l} and c{l} ({model.Sizes[l]} each)"));

    /// <param name="w">The writer.</param>
    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="theta">Where the steps read θ: the parameter array, or a frozen network's compiled-in data.</param>
    private static void EmitStep(CodeWriter w, NetworkModel model, NumericType t, string theta)
    {
        w.Line("/// <summary>");
        w.Line("/// One time step: reads the inputs and the state of one stream, writes its outputs and moves its state on.");
        w.Line("/// The state belongs to the caller, so one network serves any number of streams (agents, sensors), each");
        w.Line("/// with its own state, on any number of threads; a cleared state starts a stream afresh.");
        w.Line(model.Loss == Loss.SoftmaxCrossEntropy
            ? "/// The outputs are the class probabilities p = softmax(zL). Allocates nothing."
            : "/// The outputs are the network's aL. Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"input\">The <see cref=\"InputSize\"/> inputs of this step.</param>");
        w.Line("/// <param name=\"state\">The <see cref=\"StateSize\"/> values of the stream's state, replaced by the next state.</param>");
        w.Line("/// <param name=\"output\">Receives the <see cref=\"OutputSize\"/> outputs of this step.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the length named above.</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"public void Step(global::System.ReadOnlySpan<{t.Name}> input, global::System.Span<{t.Name}> state, global::System.Span<{t.Name}> output)"))
        {
            MethodSignatures.LengthCheck(w, "input", "InputSize");
            MethodSignatures.LengthCheck(w, "state", "StateSize");
            MethodSignatures.LengthCheck(w, "output", "OutputSize");
            w.Line("StepPass(input, state, output);");
        }

        w.Line();
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private void StepPass(global::System.ReadOnlySpan<{t.Name}> a0, global::System.Span<{t.Name}> state, global::System.Span<{t.Name}> output)"))
        {
            w.Line($"global::System.ReadOnlySpan<{t.Name}> theta = {theta};");
            ParameterLayout layout = model.Layout;
            int stateOffset = 0;
            for (int l = 1; l <= model.LayerCount; l++)
            {
                int inputs = model.Sizes[l - 1], n = model.Sizes[l];
                string input = $"a{l - 1}", a = l == model.LayerCount ? "output" : $"a{l}";
                w.Line();
                if (l < model.LayerCount)
                {
                    w.Line($"global::System.Span<{t.Name}> {a} = stackalloc {t.Name}[{n}];");
                }

                switch (model.KindOf(l))
                {
                    case Layer.Gru:
                    {
                        w.Line($"// Layer {l}: GRU {inputs} → {n}. r, z = σ(W_i·x + b_i + W_h·h + b_h), n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h′ = (1 − z) ⊙ n + z ⊙ h.");
                        w.Line($"global::System.Span<{t.Name}> cache{l} = stackalloc {t.Name}[global::BpGen.Kernels.GruCachePerUnit * {n}];");
                        w.Line($"global::BpGen.Kernels.GruStep({LayerParameters(layout, l, "theta")}, {input}, state.Slice({stateOffset}, {n}), {a}, cache{l});");
                        w.Line($"{a}.CopyTo(state.Slice({stateOffset}, {n}));");
                        break;
                    }

                    case Layer.Lstm:
                    {
                        w.Line($"// Layer {l}: LSTM {inputs} → {n}. i, f, o = σ(…), g = tanh(…), c′ = f ⊙ c + i ⊙ g, h′ = o ⊙ tanh(c′).");
                        w.Line($"global::System.Span<{t.Name}> c{l} = stackalloc {t.Name}[{n}];");
                        w.Line($"global::System.Span<{t.Name}> cache{l} = stackalloc {t.Name}[global::BpGen.Kernels.LstmCachePerUnit * {n}];");
                        w.Line($"global::BpGen.Kernels.LstmStep({LayerParameters(layout, l, "theta")}, {input}, state.Slice({stateOffset}, {n}), state.Slice({stateOffset + n}, {n}), {a}, c{l}, cache{l});");
                        w.Line($"{a}.CopyTo(state.Slice({stateOffset}, {n}));");
                        w.Line($"c{l}.CopyTo(state.Slice({stateOffset + n}, {n}));");
                        break;
                    }

                    default:
                        EmitDense(w, model, t, layout, l, input, a);
                        break;
                }

                stateOffset += StateOf(model, l);
            }
        }

        w.Line();
    }

    /// <summary>z = W·x + b into <paramref name="a"/>, then f in place (softmax for the output of SoftmaxCrossEntropy).</summary>
    private static void EmitDense(CodeWriter w, NetworkModel model, NumericType t, ParameterLayout layout, int l, string input, string a)
    {
        ParameterBlock weights = layout.Weights(l), biases = layout.Biases(l);
        bool softmax = l == model.LayerCount && model.Loss == Loss.SoftmaxCrossEntropy;
        Activation f = model.ActivationOf(l);
        w.Line($"// Layer {l}: dense {model.Sizes[l - 1]} → {model.Sizes[l]}, {(softmax ? "softmax" : f.ToString())}.");
        w.Line($"global::BpGen.Kernels.Affine(theta.Slice({weights.Offset}, {weights.Count}), theta.Slice({biases.Offset}, {biases.Count}), {input}, {a});");
        if (softmax)
        {
            w.Line($"global::BpGen.Kernels.Softmax({a});");
        }
        else
        {
            EmitActivation(w, f, a, t);
        }
    }

    /// <summary>a ← f(a) in place: the runtime's kernel where there is one, else a loop.</summary>
    internal static void EmitActivation(CodeWriter w, Activation f, string a, NumericType t)
    {
        if (ActivationCode.Kernel(f, a, t) is string kernel)
        {
            w.Line($"global::BpGen.Kernels.{kernel};");
        }
        else if (f != Activation.Identity)
        {
            w.Line($"for (int i = 0; i < {a}.Length; i++) {a}[i] = {ActivationCode.Apply(f, $"{a}[i]", t)};");
        }
    }

    private static void EmitStepBatch(CodeWriter w, NumericType t)
    {
        w.Line("/// <summary>");
        w.Line("/// One time step of m streams at once (a game's agents in one frame): stream i reads inputs[i·InputSize …],");
        w.Line("/// moves its state states[i·StateSize …] on and writes outputs[i·OutputSize …], exactly as <see cref=\"Step\"/>");
        w.Line("/// would for it alone. Allocates nothing.");
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
            using (w.Block("for (int i = 0; i < streams; i++)"))
            {
                w.Line("StepPass(inputs.Slice(i * InputSize, InputSize), states.Slice(i * StateSize, StateSize), outputs.Slice(i * OutputSize, OutputSize));");
            }
        }

        w.Line();
    }

    private static void EmitForwardSequence(CodeWriter w, NumericType t)
    {
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
            w.Line("if (inputs.Length % InputSize != 0) throw global::BpGen.NetworkErrors.NotWholeSamples(nameof(inputs), \"InputSize\", InputSize, inputs.Length);");
            w.Line("int steps = inputs.Length / InputSize;");
            w.Line("if (outputs.Length != steps * OutputSize) throw global::BpGen.NetworkErrors.SampleCount(nameof(outputs), \"OutputSize\", OutputSize, steps, nameof(inputs), outputs.Length);");
            w.Line($"global::System.Span<{t.Name}> state = stackalloc {t.Name}[StateSize];");
            w.Line("state.Clear();");
            using (w.Block("for (int step = 0; step < steps; step++)"))
            {
                w.Line("StepPass(inputs.Slice(step * InputSize, InputSize), state, outputs.Slice(step * OutputSize, OutputSize));");
            }
        }

        w.Line();
    }
}
