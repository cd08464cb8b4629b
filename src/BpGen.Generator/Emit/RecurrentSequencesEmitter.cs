using BpGen.Generator.Emit.Methods;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// <c>BackwardSequences</c> of a recurrent network: backpropagation through time over many sequences of
/// one length, what <c>Train</c> calls for a mini-batch. Its forward pass, <c>RecordSequences</c>, steps a
/// block of sequences together on the kernel path, as <c>StepStreams</c> steps a game's agents: at every
/// step the block's inputs are gathered, each recurrent layer runs by one batch-kernel call
/// (<c>GruStepBatch</c>/<c>LstmStepBatch</c>, sixteen sequences in vector lanes, so each weight is loaded
/// once for all of them and no row needs a horizontal sum), and each sequence's values are copied into
/// its own record, where <c>BackPropagateSequence</c> then reads them as after <c>RecordSequence</c>.
/// An unrolled network records sequence after sequence.
/// </summary>
internal static class RecurrentSequencesEmitter
{
    public static void Emit(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        string T = t.Name;
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Backpropagation through time over m sequences of T steps each, every one from the zero state: adds");
        w.Line($"/// Σ_i ∂J_i/∂θ into <paramref name=\"gradient\"/> and returns Σ_i J_i, as <see cref=\"{RecurrentBackwardEmitter.WholeSequenceCref(t)}\"/>");
        if (step.Unrolled)
        {
            w.Line("/// would for each in turn, up to the order of the sums: one pass adds the weight gradient of all m·T steps");
            w.Line("/// (what <c>Train</c> calls for a mini-batch). Records every step in the caller's");
            w.Line("/// <paramref name=\"records\"/>, so it allocates nothing (but, where scaling is set, the first time the");
            w.Line("/// pooled arrays of the standardized inputs and targets). Parameters are not changed.");
        }
        else
        {
            w.Line("/// would for each in turn, up to the order of the sums: the forward passes run together, a block of");
            w.Line("/// sequences a step at a time through the batch kernels as StepBatch runs many streams (what <c>Train</c>");
            w.Line("/// calls for a mini-batch). Records every step in the caller's <paramref name=\"records\"/>, so it");
            w.Line("/// allocates nothing (but, where scaling is set, the first time the pooled arrays of the standardized");
            w.Line("/// inputs and targets). Parameters are not changed.");
        }

        w.Line("/// </summary>");
        w.Line("/// <param name=\"steps\">T ≥ 1, the steps of every sequence.</param>");
        w.Line("/// <param name=\"inputs\">m · T · <see cref=\"InputSize\"/> inputs, sequence after sequence, each step after step; m ≥ 0.</param>");
        w.Line("/// <param name=\"targets\">m · T · <see cref=\"OutputSize\"/> targets (every step), or m · <see cref=\"OutputSize\"/> (the last step of each).</param>");
        w.Line("/// <param name=\"gradient\">The <see cref=\"ParameterCount\"/> values the m gradients are added to.</param>");
        w.Line("/// <param name=\"records\">At least m · T · <see cref=\"RecordSizePerStep\"/> values of scratch.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have a length named above.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"steps\"/> is less than 1, or too many for one span.</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"public {T} BackwardSequences(int steps, global::System.ReadOnlySpan<{T}> inputs, global::System.ReadOnlySpan<{T}> targets, global::System.Span<{T}> gradient, global::System.Span<{T}> records)"))
        {
            w.Line("if (steps < 1 || steps > int.MaxValue / InputSize) throw global::BpGen.NetworkErrors.OutOfRange(nameof(steps), steps, \"from 1 to \" + (int.MaxValue / InputSize));");
            w.Line("int perSequence = steps * InputSize;");
            w.Line("if (inputs.Length % perSequence != 0) throw global::BpGen.NetworkErrors.NotWholeSamples(nameof(inputs), \"T × InputSize\", perSequence, inputs.Length);");
            w.Line("int sequences = inputs.Length / perSequence;");
            w.Line("bool everyStep = targets.Length == (long)sequences * steps * OutputSize;");
            w.Line("if (!everyStep && targets.Length != (long)sequences * OutputSize) throw global::BpGen.NetworkErrors.SequenceTargets(nameof(targets), sequences, steps, OutputSize, targets.Length);");
            MethodSignatures.LengthCheck(w, "gradient", "ParameterCount");
            w.Line("long recordLength = (long)sequences * steps * RecordSizePerStep;");
            w.Line("if (records.Length < recordLength) throw global::BpGen.NetworkErrors.SpanTooShort(nameof(records), \"m × T × RecordSizePerStep\", recordLength, records.Length);");
            w.Line($"if (sequences == 0) return {t.Literal(0)};");
            RecurrentBackwardEmitter.EmitOnStandardized(w, model, () =>
            {
                w.Line("RecordSequences(steps, everyStep, inputs, records);");
                w.Line($"{T} loss = {t.Literal(0)};");
                w.Line("int targetsPerSequence = everyStep ? steps * OutputSize : OutputSize, recordPerSequence = steps * RecordSizePerStep;");
                using (w.Block("for (int i = 0; i < sequences; i++)"))
                {
                    w.Line("loss += BackPropagateSequence(");
                    w.Line("    inputs.Slice(i * perSequence, perSequence), targets.Slice(i * targetsPerSequence, targetsPerSequence), everyStep, records.Slice(i * recordPerSequence, recordPerSequence), gradient);");
                }

                w.Line("// The sequences' records lie one after another, at one stride: the weight gradient over all their steps at once.");
                w.Line("AddRecurrentWeightGradients(sequences * steps, inputs, records, gradient);");
                w.Line("return loss;");
            });
        }

        w.Line();
        if (step.Unrolled)
        {
            EmitRecordOneByOne(w, t);
        }
        else
        {
            EmitRecordTogether(w, model, t, step);
        }
    }

    private static void EmitRecordOneByOne(CodeWriter w, NumericType t)
    {
        string T = t.Name;
        w.Line("// RecordSequences: RecordSequence of each sequence from the zero state, into its part of the records.");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private void RecordSequences(int steps, bool everyStep, global::System.ReadOnlySpan<{T}> inputs, global::System.Span<{T}> records)"))
        {
            w.Line($"global::System.Span<{T}> state = stackalloc {T}[StateSize];");
            using (w.Block("for (int i = 0; i < inputs.Length / (steps * InputSize); i++)"))
            {
                w.Line("state.Clear();");
                w.Line("RecordSequence(inputs.Slice(i * steps * InputSize, steps * InputSize), everyStep, state, records.Slice(i * steps * RecordSizePerStep, steps * RecordSizePerStep));");
            }
        }
    }

    /// <summary>
    /// RecordSequences on the kernel path: blocks of sequences from the zero state, each step of the block
    /// layer by layer over stack scratch (<see cref="RecurrentStepBatchEmitter.DeclareBlock"/>), the state
    /// kept gathered from step to step. The dense layers above the top recurrent layer run only at the
    /// steps with a target, the only ones whose outputs BackPropagateSequence reads.
    /// </summary>
    private static void EmitRecordTogether(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        string T = t.Name;
        w.Line("// RecordSequences: RecordSequence of a block of sequences at a time, each recurrent layer by one batch-kernel call per step.");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private void RecordSequences(int steps, bool everyStep, global::System.ReadOnlySpan<{T}> inputs, global::System.Span<{T}> records)"))
        {
            step.DeclareTheta(w);
            RecurrentStepBatchEmitter.DeclareBlock(w, model, step.Layout, t, recording: true);
            w.Line("int sequences = inputs.Length / (steps * InputSize);");
            using (w.Block("for (int start = 0; start < sequences; start += block)"))
            {
                w.Line("int count = global::System.Math.Min(block, sequences - start);");
                w.Line("// Every sequence starts from the zero state.");
                for (int l = 1; l <= model.LayerCount; l++)
                {
                    if (model.KindOf(l) != Layer.Dense)
                    {
                        w.Line($"h{l}.Clear();");
                        if (model.KindOf(l) == Layer.Lstm)
                        {
                            w.Line($"c{l}.Clear();");
                        }
                    }
                }

                using (w.Block("for (int step = 0; step < steps; step++)"))
                {
                    using (w.Block("for (int s = 0; s < count; s++)"))
                    {
                        w.Line("inputs.Slice((((start + s) * steps) + step) * InputSize, InputSize).CopyTo(a0.Slice(s * InputSize, InputSize));");
                    }

                    RecurrentStepEmitter.EachLayer(w, model, record: true, l => EmitLayer(w, model, t, step, l));
                }
            }
        }
    }

    /// <summary>Layer l over the block's count sequences at one step, from a^(l−1) (a0 the inputs) into a^l and each sequence's record.</summary>
    private static void EmitLayer(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step, int l)
    {
        RecurrentLayout record = step.Layout;
        int n = model.Sizes[l], inputs = model.Sizes[l - 1], L = model.LayerCount;
        string T = t.Name;
        string at = $"global::System.Span<{T}> at = records.Slice((((start + s) * steps) + step) * {record.PerStep}, {record.PerStep});";
        Layer kind = model.KindOf(l);
        if (kind == Layer.Dense)
        {
            w.Line($"// Layer {l}: dense {inputs} → {n}, sequence by sequence{(l == L ? ", straight into the records" : "")}.");
            using (w.Block("for (int s = 0; s < count; s++)"))
            {
                w.Line(at);
                w.Line($"global::System.ReadOnlySpan<{T}> x = a{l - 1}.Slice(s * {inputs}, {inputs});");
                w.Line($"global::System.Span<{T}> y = {(l == L ? $"at.Slice({record.Output[l]}, {n})" : $"a{l}.Slice(s * {n}, {n})")};");
                step.EmitDense(w, l, "x", "y", keepLogits: l == L && model.Loss != Loss.MeanSquaredError);
                if (l < L)
                {
                    w.Line($"y.CopyTo(at.Slice({record.Output[l]}, {n}));");
                }
            }

            return;
        }

        bool lstm = kind == Layer.Lstm;
        w.Line($"// Layer {l}: {kind.ToString().ToUpperInvariant()} {inputs} → {n} by one call; each sequence's state before the step, h′ and gate cache into its record.");
        RecurrentStepBatchEmitter.EmitKernelCall(w, model, record, l, $"a{l - 1}.Slice(0, count * {inputs})", $"a{l}", keepCaches: true);
        using (w.Block("for (int s = 0; s < count; s++)"))
        {
            w.Line(at);
            w.Line($"h{l}.Slice(s * {n}, {n}).CopyTo(at.Slice({record.Previous[l]}, {n}));");
            if (lstm)
            {
                w.Line($"c{l}.Slice(s * {n}, {n}).CopyTo(at.Slice({record.Previous[l] + n}, {n}));");
            }

            w.Line($"a{l}.Slice(s * {n}, {n}).CopyTo(at.Slice({record.Output[l]}, {n}));");
            w.Line($"cache{l}.Slice(s * {record.CacheLength(l)}, {record.CacheLength(l)}).CopyTo(at.Slice({record.Cache[l]}, {record.CacheLength(l)}));");
        }

        w.Line($"a{l}.Slice(0, count * {n}).CopyTo(h{l}); // the next step starts from h′");
        if (lstm)
        {
            w.Line($"cNext{l}.Slice(0, count * {n}).CopyTo(c{l});");
        }
    }
}
