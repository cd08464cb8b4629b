using System.Collections.Generic;
using System.Linq;
using BpGen.Generator.Emit.Methods;
using BpGen.Generator.Emit.Paths;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// <c>StepBatch</c> of a recurrent network: one time step of m streams (a game's agents in one frame).
/// An unrolled network steps whole vectors of streams at once in <c>StepLanes</c>, one stream per lane
/// of a <c>System.Numerics.Vector</c>, as <see cref="UnrolledLanesPath"/> runs samples for dense
/// ForwardBatch: inputs and states gathered into lanes, every unit and gate a vector local, every θ_k
/// broadcast once into a local, outputs and next states scattered back. A network on the kernel path
/// steps blocks of streams in <c>StepStreams</c>: each recurrent layer by one call of the runtime's batch
/// kernel (<c>GruStepBatch</c>/<c>LstmStepBatch</c>, which reads each weight once for several streams),
/// its state gathered from and scattered back to the streams' states, each dense layer by the batched
/// dense kernels with the block's streams in lanes.
/// The streams after the last whole vector, and all of them where vectors are not hardware-accelerated
/// (<c>Kernels.SamplesInVectorLanes</c> decides), and on the kernel path fewer than
/// <see cref="FewestStreams"/> left for a last block, go through <c>StepPass</c> one by one.
/// </summary>
internal static class RecurrentStepBatchEmitter
{
    public static void Emit(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        bool scales = ScalingDispatch.Applies(model);
        (int scaledStreams, bool pooled) = ScaledStreams(model, t);
        w.Line("/// <summary>");
        w.Line("/// One time step of m streams at once (a game's agents in one frame): stream i reads inputs[i·InputSize …],");
        w.Line("/// moves its state states[i·StateSize …] on and writes outputs[i·OutputSize …], as <see cref=\"Step\"/>");
        w.Line(step.Unrolled
            ? "/// would for it alone (up to the last bits of float, where whole vectors of streams are stepped at once)."
            : "/// would for it alone (up to the last bits, where the streams are stepped in vector lanes).");
        w.Line(scales && pooled
            ? "/// Allocates nothing but, with scaling set, the first time the pooled buffer of the standardized inputs."
            : "/// Allocates nothing.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"inputs\">m · <see cref=\"InputSize\"/> inputs, stream after stream; m ≥ 0.</param>");
        w.Line("/// <param name=\"states\">m · <see cref=\"StateSize\"/> state values, stream after stream, each replaced by its next state.</param>");
        w.Line("/// <param name=\"outputs\">Receives m · <see cref=\"OutputSize\"/> outputs, stream after stream.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The spans do not hold the same whole number of streams.</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        string parameters = $"global::System.ReadOnlySpan<{t.Name}> inputs, global::System.Span<{t.Name}> states, global::System.Span<{t.Name}> outputs";
        ScaledMethod scaled = ScalingDispatch.StepBatch(scaledStreams, pooled);
        using (w.Block($"public void StepBatch({parameters})"))
        {
            RecurrentEmitter.CountInputs(w, "streams", ("states", "StateSize"), ("outputs", "OutputSize"));
            if (scales)
            {
                ScalingDispatch.Dispatch(w, scaled);
            }
            else
            {
                EmitStreams(w, model, t, step);
            }
        }

        w.Line();
        if (scales)
        {
            using (MethodSignatures.OpenPass(w, "void", "StepBatchPass", parameters, skipLocalsInit: false, "the arithmetic behind StepBatch, on standardized inputs whose lengths it has checked"))
            {
                w.Line("int streams = inputs.Length / InputSize;");
                EmitStreams(w, model, t, step);
            }

            w.Line();
            ScalingDispatch.EmitScaled(w, t, scaled, "void", parameters, skipLocalsInit: false);
        }

        if (step.Unrolled)
        {
            EmitStepLanes(w, model, t, step);
        }
        else
        {
            EmitStepStreams(w, model, t, step);
        }
    }

    /// <summary>The streams in lanes or blocks, and those left over one at a time through StepPass.</summary>
    private static void EmitStreams(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        if (step.Unrolled)
        {
            w.Line($"int batched = global::BpGen.Kernels.SamplesInVectorLanes(streams, {t.Lanes.Name}.Count); // whole vectors of streams");
        }
        else
        {
            CountBatchedStreams(w, StreamsPerBlock(model, step.Layout, t, recording: false));
        }

        w.Line($"if (batched > 0) {(step.Unrolled ? "StepLanes" : "StepStreams")}(inputs.Slice(0, batched * InputSize), states.Slice(0, batched * StateSize), outputs.Slice(0, batched * OutputSize));");
        w.Line("// The streams after them (all of them where vectors are not hardware-accelerated), one at a time.");
        using (w.Block("for (int i = batched; i < streams; i++)"))
        {
            w.Line("StepPass(inputs.Slice(i * InputSize, InputSize), states.Slice(i * StateSize, StateSize), outputs.Slice(i * OutputSize, OutputSize));");
        }
    }

    /// <summary>
    /// The streams StepBatchScaled standardizes at a time: 64, or 32 (a block of the batch kernels) where
    /// 64 streams' inputs take more than <see cref="ScalingDispatch.ScaledStreamBytes"/>; and whether even
    /// 32 streams' inputs do, so that their buffer is pooled rather than on the stack. Fewer would leave
    /// the batch kernels: StepBatchPass steps a block of fewer than eight streams one at a time.
    /// </summary>
    private static (int Streams, bool Pooled) ScaledStreams(NetworkModel model, NumericType t)
    {
        int bytes = model.Sizes[0] * ValueBytes(t);
        return 64 * bytes <= ScalingDispatch.ScaledStreamBytes ? (64, false) : (32, 32 * bytes > ScalingDispatch.ScaledStreamBytes);
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

    /// <summary>
    /// StepStreams: blocks of <c>StreamsPerBlock</c> streams, each layer over the whole block from stack
    /// scratch: a recurrent layer's h (and c) gathered from the block's states, one batch-kernel call, the
    /// next state scattered back; a run of dense layers in lanes (<see cref="EmitDenseRunInLanes"/>).
    /// </summary>
    private static void EmitStepStreams(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step)
    {
        int L = model.LayerCount;
        w.Line("// StepStreams: StepPass over blocks of streams, each recurrent layer by one batch-kernel call for the block, each dense layer in lanes.");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private void StepStreams(global::System.ReadOnlySpan<{t.Name}> inputs, global::System.Span<{t.Name}> states, global::System.Span<{t.Name}> outputs)"))
        {
            step.DeclareTheta(w);
            DeclareBlock(w, model, step.Layout, t, recording: false);
            using (w.Block("for (int start = 0; start < inputs.Length / InputSize; start += block)"))
            {
                w.Line("int count = global::System.Math.Min(block, (inputs.Length / InputSize) - start);");
                w.Line($"global::System.ReadOnlySpan<{t.Name}> a0 = inputs.Slice(start * InputSize, count * InputSize);");
                w.Line($"global::System.Span<{t.Name}> state = states.Slice(start * StateSize, count * StateSize);");
                w.Line($"global::System.Span<{t.Name}> output = outputs.Slice(start * OutputSize, count * OutputSize);");
                for (int l = 1; l <= L; l++)
                {
                    if (model.KindOf(l) == Layer.Dense)
                    {
                        int last = LastOfDenseRun(model, l);
                        EmitDenseRunInLanes(w, model, t, l, last);
                        l = last;
                    }
                    else
                    {
                        EmitRecurrentLayer(w, model, t, step, l);
                    }
                }
            }
        }

        w.Line();
    }

    /// <summary>Recurrent layer l over the block's count streams: from a^(l−1) (a0 the inputs) into a^l (the last layer into <c>output</c>).</summary>
    private static void EmitRecurrentLayer(CodeWriter w, NetworkModel model, NumericType t, RecurrentStepEmitter step, int l)
    {
        int n = model.Sizes[l], inputs = model.Sizes[l - 1], offset = step.Layout.State[l];
        string x = l == 1 ? "a0" : $"a{l - 1}.Slice(0, count * {inputs})", a = l == model.LayerCount ? "output" : $"a{l}";
        w.Line();
        Layer kind = model.KindOf(l);
        string[] gathered = kind == Layer.Lstm ? new[] { "h", "c" } : new[] { "h" };
        w.Line($"// Layer {l}: {kind.ToString().ToUpperInvariant()} {inputs} → {n}; the streams' {string.Join(" and ", gathered)} gathered, stepped by one call, scattered back.");
        using (w.Block("for (int s = 0; s < count; s++)"))
        {
            for (int i = 0; i < gathered.Length; i++)
            {
                w.Line($"state.Slice((s * StateSize) + {offset + (i * n)}, {n}).CopyTo({gathered[i]}{l}.Slice(s * {n}, {n}));");
            }
        }

        EmitKernelCall(w, model, step.Layout, l, x, a, keepCaches: false);
        using (w.Block("for (int s = 0; s < count; s++)"))
        {
            w.Line($"{a}.Slice(s * {n}, {n}).CopyTo(state.Slice((s * StateSize) + {offset}, {n}));");
            if (kind == Layer.Lstm)
            {
                w.Line($"cNext{l}.Slice(s * {n}, {n}).CopyTo(state.Slice((s * StateSize) + {offset + n}, {n}));");
            }
        }
    }

    /// <summary>
    /// Dense layers <paramref name="first"/> to <paramref name="last"/> (a run with no recurrent layer
    /// between them) over the block's streams in lanes, up to <c>lanes</c> streams at a time, so that each
    /// weight is broadcast once into all of them: the run's input moved into lanes, every layer by
    /// <c>AffineLanes</c> and its activation (or <c>SoftmaxLanes</c>), the run's output moved out of lanes
    /// to where the layer above or the outputs read it. A pass is as wide as its streams rounded up to
    /// whole vectors, so a few streams cost one vector's lanes, not a block's, and the kernels' vector
    /// code (which narrower passes would leave for their scalar tails) serves them.
    /// </summary>
    private static void EmitDenseRunInLanes(CodeWriter w, NetworkModel model, NumericType t, int first, int last)
    {
        int inputs = model.Sizes[first - 1], outputs = model.Sizes[last];
        string x = first == 1 ? "a0" : $"a{first - 1}", y = last == model.LayerCount ? "output" : $"a{last}";
        string Lanes(int k) => $"{LanesOf(k)}.Slice(0, {model.Sizes[k]} * width)";
        w.Line();
        w.Line(first == last
            ? $"// Layer {first}: dense {inputs} → {outputs}, the block's streams in lanes, up to lanes of them a pass."
            : $"// Layers {first} to {last}: dense {inputs} → {outputs}, the block's streams in lanes, up to lanes of them a pass.");
        using (w.Block("for (int s = 0; s < count; s += lanes)"))
        {
            w.Line("int streams = global::System.Math.Min(lanes, count - s);");
            w.Line($"int width = global::System.Math.Min(lanes, (streams + {VectorOfLanes - 1}) / {VectorOfLanes} * {VectorOfLanes}); // the pass's lanes, value j of stream s + i at j·width + i; those after the streams start from zero inputs");
            w.Line($"global::BpGen.Kernels.ToLanes({x}.Slice(s * {inputs}, streams * {inputs}), {inputs}, {Lanes(first - 1)}, width);");
            for (int l = first; l <= last; l++)
            {
                ParameterBlock weights = model.Layout.Weights(l), biases = model.Layout.Biases(l);
                w.Line($"global::BpGen.Kernels.AffineLanes(theta.Slice({weights.Offset}, {weights.Count}), theta.Slice({biases.Offset}, {biases.Count}), {Lanes(l - 1)}, {Lanes(l)}, width); // {LanesOf(l)} ← W{l} · {LanesOf(l - 1)} + b{l}");
                Activation f = model.ActivationOf(l);
                if (l == model.LayerCount && model.Loss == Loss.SoftmaxCrossEntropy)
                {
                    w.Line($"global::BpGen.Kernels.SoftmaxLanes({Lanes(l)}, width); // p = softmax(z{l}) of every stream");
                }
                else if (ActivationCode.Kernel(f, Lanes(l), t) is { } kernel)
                {
                    w.Line($"global::BpGen.Kernels.{kernel}; // {LanesOf(l)} ← {ActivationCode.Notation(f, LanesOf(l))}");
                }
                else
                {
                    SpanSteps.Activate(w, t, f, LanesOf(l), $"{model.Sizes[l]} * width");
                }
            }

            w.Line($"global::BpGen.Kernels.FromLanes({Lanes(last)}, {outputs}, {y}.Slice(s * {outputs}, streams * {outputs}), width);");
        }
    }

    /// <summary>The last layer of the run of dense layers that starts at layer <paramref name="first"/>.</summary>
    private static int LastOfDenseRun(NetworkModel model, int first)
    {
        int last = first;
        while (last < model.LayerCount && model.KindOf(last + 1) == Layer.Dense)
        {
            last++;
        }

        return last;
    }

    /// <summary>The lanes span of a^k, the values of layer k (inputs for k = 0) of up to <c>lanes</c> streams.</summary>
    private static string LanesOf(int k) => $"a{k}Lanes";

    /// <summary>The layers k whose values a step keeps in lanes: every dense layer's output, and the input of the first dense layer of a run.</summary>
    private static IEnumerable<int> LayersInLanes(NetworkModel model)
    {
        for (int l = 1; l <= model.LayerCount; l++)
        {
            if (model.KindOf(l) == Layer.Dense)
            {
                if (l == 1 || model.KindOf(l - 1) != Layer.Dense)
                {
                    yield return l - 1;
                }

                yield return l;
            }
        }
    }

    /// <summary>
    /// Whether a block keeps a^l of hidden layer l stream after stream: always for the records of training;
    /// for a step, unless layers l and l + 1 are both dense, so that a^l stays in lanes between them.
    /// </summary>
    private static bool KeepsStreamByStream(NetworkModel model, int l, bool recording) =>
        l < model.LayerCount && (recording || model.KindOf(l) != Layer.Dense || model.KindOf(l + 1) != Layer.Dense);

    /// <summary>
    /// <c>batched</c>, the streams a kernel-path <c>StepBatch</c> steps in blocks of <paramref name="block"/>:
    /// every one where vectors are accelerated, except that fewer than <see cref="FewestStreams"/> in all,
    /// or left for a last block, go one at a time.
    /// </summary>
    private static void CountBatchedStreams(CodeWriter w, int block)
    {
        w.Line("int batched = global::BpGen.Kernels.SamplesInVectorLanes(streams, 1); // every stream through the batch kernels where vectors are accelerated,");
        w.Line(block < FewestStreams
            ? $"if (batched < {FewestStreams}) batched = 0; // but fewer than {FewestStreams} go one at a time: for so few the batch kernels do not pay"
            : $"if (batched % {block} < {FewestStreams}) batched -= batched % {block}; // but a last block of fewer than {FewestStreams} goes one at a time: for so few the batch kernels do not pay");
    }

    /// <summary>
    /// The fewest streams a kernel-path <c>StepBatch</c> steps together: fewer go one at a time as
    /// <c>Step</c> would, which was as fast a stream or faster (a GRU of 32 units with a head of ten
    /// took 495 ns a stream in a batch of three against 294 for Step on a Zen 4; 294 against 305 in
    /// a batch of eight).
    /// </summary>
    private const int FewestStreams = 8;

    /// <summary>The most stack the scratch of one block of streams may take: room for sixteen streams of a 64-unit LSTM.</summary>
    private const int ScratchBytes = 40 * 1024;

    /// <summary>The most stack the dense layers' lanes may take beside it: 32 float streams of a dense layer of 64 on 64 values.</summary>
    private const int LanesScratchBytes = 16 * 1024;

    /// <summary>
    /// The streams the runtime's batch kernels step together in vector lanes (Kernels.StreamLanes); a block
    /// of a multiple of them leaves no streams to the slower pair-at-a-time path.
    /// </summary>
    private const int KernelStreamLanes = 16;

    /// <summary>
    /// The block's size and stack scratch: a^l of the hidden layers (<see cref="KeepsStreamByStream"/>) and
    /// a recurrent layer's state (<see cref="StateNames"/>), each for <c>block</c> streams; when
    /// <paramref name="recording"/> for the records of training, also <c>a0</c>, the block's inputs of one
    /// step, and each recurrent layer's gate cache; else the lanes of the dense layers
    /// (<see cref="LayersInLanes"/>) for <c>lanes</c> streams.
    /// </summary>
    internal static void DeclareBlock(CodeWriter w, NetworkModel model, RecurrentLayout at, NumericType t, bool recording)
    {
        int L = model.LayerCount;
        w.Line($"const int block = {StreamsPerBlock(model, at, t, recording)}; // streams per block: its scratch stays within {ScratchBytes / 1024} KiB of stack");
        if (recording)
        {
            w.Line($"global::System.Span<{t.Name}> a0 = stackalloc {t.Name}[block * InputSize];");
        }

        for (int l = 1; l <= L; l++)
        {
            int n = model.Sizes[l];
            if (KeepsStreamByStream(model, l, recording))
            {
                w.Line($"global::System.Span<{t.Name}> a{l} = stackalloc {t.Name}[block * {n}];");
            }

            if (model.KindOf(l) != Layer.Dense)
            {
                foreach (string name in StateNames(model, l))
                {
                    w.Line($"global::System.Span<{t.Name}> {name}{l} = stackalloc {t.Name}[block * {n}];");
                }

                if (recording)
                {
                    w.Line($"global::System.Span<{t.Name}> cache{l} = stackalloc {t.Name}[block * {at.CacheLength(l)}];");
                }
            }
        }

        if (!recording && LayersInLanes(model).Any())
        {
            w.Line($"const int lanes = {StreamsInLanes(model, at, t)}; // the most streams a pass of the dense layers takes in lanes");
            foreach (int k in LayersInLanes(model))
            {
                w.Line($"global::System.Span<{t.Name}> {LanesOf(k)} = stackalloc {t.Name}[lanes * {model.Sizes[k]}];");
            }
        }
    }

    /// <summary>
    /// The batch kernel's call for recurrent layer <paramref name="l"/> over the block's <c>count</c> streams:
    /// x from <paramref name="x"/>, h (and c) from the gathered state, h′ into <paramref name="next"/>, and
    /// the gate cache into <c>cache</c>l when <paramref name="keepCaches"/> (else none is kept).
    /// </summary>
    internal static void EmitKernelCall(CodeWriter w, NetworkModel model, RecurrentLayout at, int l, string x, string next, bool keepCaches)
    {
        int n = model.Sizes[l];
        string parameters = RecurrentEmitter.LayerParameters(model.Layout, l, "theta");
        string cache = keepCaches ? $"cache{l}.Slice(0, count * {at.CacheLength(l)})" : "default";
        string Part(string span) => $"{span}.Slice(0, count * {n})";
        w.Line(model.KindOf(l) == Layer.Gru
            ? $"global::BpGen.Kernels.GruStepBatch({parameters}, count, {x}, {Part($"h{l}")}, {Part(next)}, {cache});"
            : $"global::BpGen.Kernels.LstmStepBatch({parameters}, count, {x}, {Part($"h{l}")}, {Part($"c{l}")}, {Part(next)}, {Part($"cNext{l}")}, {cache});");
    }

    /// <summary>A recurrent layer's state scratch: h gathered; for an LSTM also c gathered and c′ to scatter.</summary>
    private static string[] StateNames(NetworkModel model, int l) =>
        model.KindOf(l) == Layer.Lstm ? new[] { "h", "c", "cNext" } : new[] { "h" };

    /// <summary>
    /// Streams per block: as many as their scratch (<see cref="DeclareBlock"/>) fits in <see cref="ScratchBytes"/>,
    /// from 1 to 32, rounded down to a multiple of <see cref="KernelStreamLanes"/> where at least that many fit.
    /// </summary>
    private static int StreamsPerBlock(NetworkModel model, RecurrentLayout at, NumericType t, bool recording)
    {
        int perStream = recording ? model.Sizes[0] : 0;
        for (int l = 1; l <= model.LayerCount; l++)
        {
            perStream += KeepsStreamByStream(model, l, recording) ? model.Sizes[l] : 0;
            perStream += model.KindOf(l) == Layer.Dense ? 0 : (StateNames(model, l).Length * model.Sizes[l]) + (recording ? at.CacheLength(l) : 0);
        }

        int fit = System.Math.Max(1, System.Math.Min(32, ScratchBytes / (perStream * ValueBytes(t))));
        return fit < KernelStreamLanes ? fit : fit - (fit % KernelStreamLanes);
    }

    /// <summary>
    /// Streams per pass of the dense layers in lanes: as many of the block's streams as their lanes fit in
    /// <see cref="LanesScratchBytes"/>, a stack budget of their own beside the block's, in whole vectors
    /// (<see cref="VectorOfLanes"/>) where one fits, so the batched kernels' vector code serves every pass;
    /// else as many as fit, at least one.
    /// </summary>
    private static int StreamsInLanes(NetworkModel model, RecurrentLayout at, NumericType t)
    {
        int perStream = LayersInLanes(model).Sum(k => model.Sizes[k]) * ValueBytes(t);
        int fit = System.Math.Max(1, System.Math.Min(StreamsPerBlock(model, at, t, recording: false), LanesScratchBytes / perStream));
        return fit < VectorOfLanes ? fit : fit - (fit % VectorOfLanes);
    }

    /// <summary>The streams of one vector of float lanes (two of double) where the CPU has AVX: a pass is as wide as its streams rounded up to a multiple.</summary>
    private const int VectorOfLanes = 8;

    private static int ValueBytes(NumericType t) => t == NumericType.Single ? sizeof(float) : sizeof(double);
}
