using System.Linq;
using BpGen.Generator.Emit.Methods;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// <c>BackwardSequence</c> of a recurrent network: backpropagation through time over one sequence.
/// The forward pass records, step by step from the zero state or the caller's, what the backward pass
/// needs (each layer's output, those above the top recurrent layer only at the steps with a target; a
/// recurrent layer's state before the step and its gate cache); the backward pass walks the steps
/// from the last to the first, carrying ∂J/∂s (the state's share of the error) from each step to the
/// one before, and adds ∂J/∂θ into the caller's gradient. The record lives on the stack up to
/// <see cref="StackRecordLimit"/> values and in a pooled array beyond, so no sequence length grows the
/// stack and none allocates once the pool holds an array of its size; or in the caller's buffer, with
/// the overload that starts from the caller's state (what truncated training calls).
/// </summary>
internal static class RecurrentBackwardEmitter
{
    /// <summary>The most values of the record kept on the stack (32 KiB of floats, 64 KiB of doubles).</summary>
    private const int StackRecordLimit = 8192;

    public static void Emit(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        RecurrentLayout record = step.Layout;
        int L = model.LayerCount, maxWidth = model.Sizes.Max();
        string T = t.Name;
        w.Line($"/// <summary>The values one step of <see cref=\"{WindowCref(t)}\"/> records: what its backward pass reads back.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public const int RecordSizePerStep = {record.PerStep};");
        w.Line();
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"int {NetworkInterfaces.Training(model, t)}.RecordSizePerStep => RecordSizePerStep;");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Backpropagation through time over one sequence from the zero state: adds ∂J/∂θ (without the L2 term)");
        w.Line("/// into <paramref name=\"gradient\"/> and returns J, the mean of the per-step losses over the steps that have");
        w.Line("/// a target. <paramref name=\"targets\"/> holds a target for every step (T · OutputSize values) or for the last");
        w.Line("/// step only (OutputSize values, as for classifying a whole sequence). Parameters are not changed.");
        w.Line($"/// Up to {StackRecordLimit / record.PerStep} steps the record of the steps is on the stack and nothing is allocated;");
        w.Line("/// a longer sequence rents it from the shared array pool, which allocates only the first time, as do the");
        w.Line("/// standardized inputs and targets where scaling is set. Safe to call from several threads at once with");
        w.Line("/// separate gradients, while none changes the parameters.");
        w.Line("/// </summary>");
        EmitParameters(w);
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have a length named above, or the sequence is too long for one record (more values than an array holds).</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"public {T} BackwardSequence(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets, global::System.Span<{T}> gradient)"))
        {
            EmitChecks(w);
            w.Line("if ((long)steps * RecordSizePerStep > global::BpGen.NetworkErrors.LargestArray) throw global::BpGen.NetworkErrors.SequenceTooLong(nameof(inputs), steps, RecordSizePerStep);");
            w.Line("int length = steps * RecordSizePerStep;");
            w.Line($"{T}[]? rented = null;");
            w.Line($"global::System.Span<{T}> record = length <= {StackRecordLimit} ? stackalloc {T}[length] : (rented = global::System.Buffers.ArrayPool<{T}>.Shared.Rent(length));");
            w.Line($"global::System.Span<{T}> state = stackalloc {T}[StateSize];");
            w.Line("state.Clear();");
            EmitOnStandardized(
                w,
                model,
                () =>
                {
                    w.Line("RecordSequence(inputs, everyStep, state, record);");
                    EmitBackPropagateCall(w, t);
                },
                $"if (rented != null) global::System.Buffers.ArrayPool<{T}>.Shared.Return(rented);");
        }

        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Backpropagation through time over one sequence, or one window of a longer stream, from <paramref name=\"state\"/>,");
        w.Line("/// which it advances to the state after the last step: as the other overload, but the gradient stops at the");
        w.Line("/// start state (truncated backpropagation through time, window after window with the state carried on).");
        w.Line("/// The steps are recorded in the caller's <paramref name=\"record\"/>, so any length takes the same stack");
        w.Line("/// and nothing is allocated (where scaling is set, the standardized inputs and targets are rented from the");
        w.Line("/// shared array pool, which allocates only the first time). Parameters are not changed.");
        w.Line("/// </summary>");
        EmitParameters(w);
        w.Line("/// <param name=\"state\">The <see cref=\"StateSize\"/> values of the state before the first step; receives the state after the last.</param>");
        w.Line("/// <param name=\"record\">At least T · <see cref=\"RecordSizePerStep\"/> values of scratch.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have a length named above.</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"public {T} BackwardSequence(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets, global::System.Span<{T}> gradient, global::System.Span<{T}> state, global::System.Span<{T}> record)"))
        {
            EmitChecks(w);
            MethodSignatures.LengthCheck(w, "state", "StateSize");
            w.Line("if (record.Length < (long)steps * RecordSizePerStep) throw global::BpGen.NetworkErrors.SpanTooShort(nameof(record), \"T × RecordSizePerStep\", (long)steps * RecordSizePerStep, record.Length);");
            EmitOnStandardized(w, model, () =>
            {
                w.Line("RecordSequence(inputs, everyStep, state, record);");
                EmitBackPropagateCall(w, t);
            });
        }

        w.Line();
        EmitRecord(w, t, step);
        EmitBackPropagate(w, model, t, record, maxWidth);
    }

    /// <summary>A documentation reference to the overload from the zero state.</summary>
    internal static string WholeSequenceCref(NumericType t) =>
        $"BackwardSequence(global::System.ReadOnlySpan{{{t.Name}}}, global::System.ReadOnlySpan{{{t.Name}}}, global::System.Span{{{t.Name}}})";

    /// <summary>A documentation reference to the overload from the caller's state into the caller's record.</summary>
    private static string WindowCref(NumericType t) =>
        $"BackwardSequence(global::System.ReadOnlySpan{{{t.Name}}}, global::System.ReadOnlySpan{{{t.Name}}}, global::System.Span{{{t.Name}}}, global::System.Span{{{t.Name}}}, global::System.Span{{{t.Name}}})";

    private static void EmitParameters(CodeWriter w)
    {
        w.Line("/// <param name=\"inputs\">T · <see cref=\"InputSize\"/> inputs, step after step; T ≥ 1.</param>");
        w.Line("/// <param name=\"targets\">T · <see cref=\"OutputSize\"/> targets, or <see cref=\"OutputSize\"/> for the last step.</param>");
        w.Line("/// <param name=\"gradient\">The <see cref=\"ParameterCount\"/> values ∂J/∂θ is added to.</param>");
    }

    /// <summary>The checks of both overloads, which leave the number of steps and whether every step has a target.</summary>
    private static void EmitChecks(CodeWriter w)
    {
        w.Line("if (inputs.Length == 0) throw global::BpGen.NetworkErrors.EmptySequence(nameof(inputs), \"InputSize\", InputSize);");
        w.Line("if (inputs.Length % InputSize != 0) throw global::BpGen.NetworkErrors.NotWholeSamples(nameof(inputs), \"InputSize\", InputSize, inputs.Length);");
        w.Line("int steps = inputs.Length / InputSize;");
        w.Line("bool everyStep = targets.Length == (long)steps * OutputSize;");
        w.Line("if (!everyStep && targets.Length != OutputSize) throw global::BpGen.NetworkErrors.SequenceTargets(nameof(targets), 1, steps, OutputSize, targets.Length);");
        MethodSignatures.LengthCheck(w, "gradient", "ParameterCount");
    }

    /// <summary>
    /// <paramref name="body"/> on the standardized sequence: with scaling set, the inputs (and a
    /// regression's targets) are standardized into arrays rented from the shared pool for the call, as a
    /// whole sequence's values are more than the stack should hold, and returned after it with
    /// <paramref name="finallyLines"/>. The scaling is read once: another thread may set it meanwhile.
    /// </summary>
    internal static void EmitOnStandardized(CodeWriter w, NetworkModel model, System.Action body, params string[] finallyLines)
    {
        string T = NumericType.Of(model.UseDouble).Name;
        bool regression = model.Loss == Loss.MeanSquaredError; // only a regression has output scaling
        w.Line(regression
            ? $"{T}[]? scaledInputs = null, scaledTargets = null; // with scaling set, the standardized values, rented for the call"
            : $"{T}[]? scaledInputs = null; // with input scaling set, the standardized inputs, rented for the call");
        using (w.Block("try"))
        {
            w.Line("inputs = global::BpGen.NetworkScaling.StandardizedRented(_inputScaling, inputs, out scaledInputs);");
            if (regression)
            {
                w.Line("targets = global::BpGen.NetworkScaling.StandardizedRented(_outputScaling, targets, out scaledTargets);");
            }

            body();
        }

        using (w.Block("finally"))
        {
            foreach (string line in finallyLines)
            {
                w.Line(line);
            }

            w.Line("global::BpGen.NetworkScaling.ReturnRented(scaledInputs);");
            if (regression)
            {
                w.Line("global::BpGen.NetworkScaling.ReturnRented(scaledTargets);");
            }
        }
    }

    /// <summary>The backward pass of both overloads once the sequence is recorded, and their return.</summary>
    private static void EmitBackPropagateCall(CodeWriter w, NumericType t)
    {
        w.Line($"{t.Name} loss = BackPropagateSequence(inputs, targets, everyStep, record, gradient);");
        w.Line("AddRecurrentWeightGradients(steps, inputs, record, gradient);");
        w.Line("return loss;");
    }

    /// <summary>The forward pass over the sequence from the caller's state, writing each step's record and moving the state on: Step's arithmetic, value for value.</summary>
    private static void EmitRecord(CodeWriter w, NumericType t, RecurrentStepEmitter step)
    {
        string T = t.Name;
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private void RecordSequence(global::System.ReadOnlySpan<{T}> inputs, bool everyStep, global::System.Span<{T}> state, global::System.Span<{T}> record)"))
        {
            step.DeclareTheta(w);
            w.Line("int steps = inputs.Length / InputSize;");
            using (w.Block("for (int step = 0; step < steps; step++)"))
            {
                w.Line($"global::System.Span<{T}> at = record.Slice(step * {step.Layout.PerStep}, {step.Layout.PerStep});");
                w.Line($"global::System.ReadOnlySpan<{T}> input = inputs.Slice(step * InputSize, InputSize);");
                step.Emit(w, record: true);
            }
        }

        w.Line();
    }

    /// <summary>The backward pass: the steps last to first, each layer top to bottom.</summary>
    private static void EmitBackPropagate(CodeWriter w, NetworkModel model, NumericType t, RecurrentLayout record, int maxWidth)
    {
        string T = t.Name;
        int L = model.LayerCount;
        ParameterLayout layout = model.Layout;
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private {T} BackPropagateSequence(global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets, bool everyStep, global::System.Span<{T}> record, global::System.Span<{T}> gradient)"))
        {
            w.Line($"global::System.ReadOnlySpan<{T}> theta = _parameters;");
            w.Line("int steps = inputs.Length / InputSize;");
            w.Line($"{T} scale = {t.Literal(1)} / (everyStep ? steps : 1);");
            w.Line($"{T} loss = {t.Literal(0)};");
            w.Line("// ∂J/∂s: what the later steps send back to each recurrent layer's state; zero after the last step.");
            w.Line($"global::System.Span<{T}> stateError = stackalloc {T}[StateSize];");
            w.Line("stateError.Clear();");
            w.Line($"global::System.Span<{T}> upper = stackalloc {T}[{maxWidth}];");
            w.Line($"global::System.Span<{T}> lower = stackalloc {T}[{maxWidth}];");
            w.Line($"global::System.Span<{T}> carried = stackalloc {T}[{maxWidth}];");
            if (Enumerable.Range(1, L).Any(l => model.KindOf(l) == Layer.Lstm))
            {
                w.Line($"global::System.Span<{T}> carriedCell = stackalloc {T}[{maxWidth}];");
            }

            w.Line($"global::System.Span<{T}> swap = stackalloc {T}[0];");
            int top = model.TopRecurrentLayer;
            using (w.Block("for (int step = steps - 1; step >= 0; step--)"))
            {
                w.Line($"global::System.Span<{T}> at = record.Slice(step * {record.PerStep}, {record.PerStep});");
                w.Line($"global::System.Span<{T}> d = upper.Slice(0, OutputSize);");
                w.Line($"// The layers above layer {top}, the top recurrent one, see an error only at a step with a target.");
                using (w.Block($"if ({RecurrentStepEmitter.TargetedStep})"))
                {
                    w.Line($"global::System.ReadOnlySpan<{T}> y = targets.Slice(everyStep ? step * OutputSize : 0, OutputSize);");
                    EmitOutputError(w, model, t, record);
                    for (int l = L; l > top; l--)
                    {
                        EmitLayer(w, model, t, record, l);
                    }
                }

                using (w.Block("else"))
                {
                    w.Line($"d = upper.Slice(0, {model.Sizes[top]});");
                    w.Line("d.Clear();");
                }

                for (int l = top; l >= 1; l--)
                {
                    EmitLayer(w, model, t, record, l);
                }
            }

            w.Line("return loss;");
        }

        w.Line();
        w.Line("// Every recorded step's gate deltas are in its record after BackPropagateSequence: each recurrent layer's weight gradient");
        w.Line("// in one pass over them (over the steps of one sequence, or of many sequences recorded one after another).");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private static void AddRecurrentWeightGradients(int steps, global::System.ReadOnlySpan<{T}> inputs, global::System.Span<{T}> record, global::System.Span<{T}> gradient)"))
        {
            for (int l = 1; l <= L; l++)
            {
                if (model.KindOf(l) == Layer.Dense)
                {
                    continue;
                }

                string kernel = model.KindOf(l) == Layer.Gru ? "GruWeightGradient" : "LstmWeightGradient";
                string inputs = l == 1 ? "inputs, InputSize" : $"record.Slice({record.Output[l - 1]}), {record.PerStep}";
                w.Line($"global::BpGen.Kernels.{kernel}({model.Sizes[l]}, steps, {inputs}, record.Slice({record.Previous[l]}), record.Slice({record.Cache[l]}), {record.PerStep}, {RecurrentEmitter.LayerParameters(layout, l, "gradient")});");
            }
        }
    }

    /// <summary>
    /// Layer <paramref name="l"/>'s part of one step back, with d holding ∂J/∂a^l: a dense layer adds its
    /// gradient and sends d down; a recurrent layer adds what the next step sent back to its state, turns its
    /// cache into gate deltas and sends d down and back (its weight gradient waits for every step).
    /// </summary>
    private static void EmitLayer(CodeWriter w, NetworkModel model, NumericType t, RecurrentLayout record, int l)
    {
        string T = t.Name;
        int L = model.LayerCount, n = model.Sizes[l], inputs = model.Sizes[l - 1];
        ParameterLayout layout = model.Layout;
        string x = l == 1 ? "inputs.Slice(step * InputSize, InputSize)" : $"at.Slice({record.Output[l - 1]}, {inputs})";
        string below = l == 1 ? "default" : $"lower.Slice(0, {inputs})";
        w.Line();
        w.Line(l == L ? $"// Layer {l}: d holds ∂J/∂z{l} (δ{l}, from the loss)." : $"// Layer {l}: d holds ∂J/∂a{l} (from the layer above).");
        if (model.KindOf(l) != Layer.Dense)
        {
            // ∂J/∂h′ is what reaches the layer's output from above plus what the next step sent back to its state.
            w.Line($"global::BpGen.Kernels.Add(d.Slice(0, {n}), stateError.Slice({record.State[l]}, {n}), carried.Slice(0, {n}));");
            w.Line($"global::System.Span<{T}> dh{l} = step == 0 ? default : stateError.Slice({record.State[l]}, {n}); // at step 0 ∂J/∂h would reach only the start state, which learns nothing");
        }

        switch (model.KindOf(l))
        {
            case Layer.Gru:
                w.Line($"global::BpGen.Kernels.GruBackward({RecurrentEmitter.LayerParameters(layout, l, "theta")}, {x}, at.Slice({record.Previous[l]}, {n}), at.Slice({record.Cache[l]}, {record.CacheLength(l)}), carried.Slice(0, {n}), dh{l}, {below});");
                break;
            case Layer.Lstm:
                w.Line($"stateError.Slice({record.State[l] + n}, {n}).CopyTo(carriedCell);");
                w.Line($"global::BpGen.Kernels.LstmBackward({RecurrentEmitter.LayerParameters(layout, l, "theta")}, {x}, at.Slice({record.Previous[l]}, {n}), at.Slice({record.Previous[l] + n}, {n}), at.Slice({record.Cache[l]}, {record.CacheLength(l)}), carried.Slice(0, {n}), carriedCell.Slice(0, {n}), dh{l}, stateError.Slice({record.State[l] + n}, {n}), {below});");
                break;
            default:
                ParameterBlock weights = layout.Weights(l), biases = layout.Biases(l);
                if (l < L && ActivationCode.DerivativeFromOutput(model.ActivationOf(l), "a", t) is string derivative)
                {
                    w.Line($"global::System.Span<{T}> out{l} = at.Slice({record.Output[l]}, {n});");
                    w.Line($"for (int i = 0; i < {n}; i++) {{ {T} a = out{l}[i]; d[i] *= {derivative}; }}");
                }

                w.Line($"global::BpGen.Kernels.AddOuterProduct(d.Slice(0, {n}), {x}, gradient.Slice({weights.Offset}, {weights.Count}));");
                w.Line($"for (int i = 0; i < {n}; i++) gradient[{biases.Offset} + i] += d[i];");
                if (l > 1)
                {
                    w.Line($"global::BpGen.Kernels.MultiplyTransposedMatrixVector(theta.Slice({weights.Offset}, {weights.Count}), d.Slice(0, {n}), lower.Slice(0, {inputs}));");
                }

                break;
        }

        if (l > 1)
        {
            w.Line("swap = upper; upper = lower; lower = swap;");
            w.Line($"d = upper.Slice(0, {inputs});");
        }
    }

    /// <summary>δL = ∂J_t/∂zL · scale into d, and scale · J_t added to loss, from the recorded output layer.</summary>
    private static void EmitOutputError(CodeWriter w, NetworkModel model, NumericType t, RecurrentLayout record)
    {
        int L = model.LayerCount, n = model.OutputSize;
        string T = t.Name;
        // The record keeps z^L for the cross-entropies, which take the logits, and a^L for a regression.
        w.Line(model.Loss == Loss.MeanSquaredError
            ? $"global::System.Span<{T}> aOutput = at.Slice({record.Output[L]}, {n});"
            : $"global::System.Span<{T}> z = at.Slice({record.Output[L]}, {n});");
        w.Line("// This step's J and δ, each times scale: 1/T where every step has a target, so that J is the steps' mean.");
        switch (model.Loss)
        {
            case Loss.SoftmaxCrossEntropy:
                w.Line("// J = Σ y·(ln Σ e^(z − max) − (z − max)), δ = softmax(z) − y.");
                w.Line("z.CopyTo(d);");
                w.Line("global::BpGen.Kernels.Softmax(d);");
                w.Line($"{T} max = z[0];");
                w.Line("for (int i = 1; i < OutputSize; i++) max = global::System.Math.Max(max, z[i]);");
                w.Line($"{T} sum = {t.Literal(0)};");
                w.Line($"for (int i = 0; i < OutputSize; i++) sum += {t.Exp("z[i] - max")};");
                w.Line($"{T} logSum = {LossCode.LogSum("sum", t)};");
                w.Line($"for (int i = 0; i < OutputSize; i++) {{ loss += scale * {LossCode.CrossEntropyTerm("y[i]", "logSum", "z[i]", "max")}; d[i] = scale * (d[i] - y[i]); }}");
                break;
            case Loss.BinaryCrossEntropy:
                w.Line("// J = Σ max(z, 0) − z·y + log(1 + e^−|z|), δ = σ(z) − y.");
                w.Line($"for (int i = 0; i < OutputSize; i++) {{ loss += scale * ({LossCode.BinaryCrossEntropyTerm("z[i]", "y[i]", t)}); d[i] = scale * ({t.Literal(1)} / ({t.Literal(1)} + {t.Exp("-z[i]")}) - y[i]); }}");
                break;
            default:
                string derivative = ActivationCode.DerivativeFromOutput(model.ActivationOf(L), "aOutput[i]", t) is string f ? " * " + f : "";
                w.Line("// J = ½ Σ (a − y)², δ = (a − y) ⊙ f′(a).");
                w.Line($"for (int i = 0; i < OutputSize; i++) {{ {T} error = aOutput[i] - y[i]; loss += scale * {t.Literal(0.5)} * error * error; d[i] = scale * error{derivative}; }}");
                break;
        }
    }
}
