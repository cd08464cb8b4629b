using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// ForwardBatch and BackwardBatch, for every network: the passes run on blocks of
/// <see cref="Width"/> samples stored in lanes (value k of sample s at k·BatchWidth + s), so each
/// weight is broadcast once into a whole block by the batched kernels of BpGen.Kernels. Activations
/// and errors of a block live in stackalloc'd spans declared once, before the loop over blocks
/// (the skeleton's), which starts each block at sample <c>start</c> with <c>block</c> samples.
/// Lanes after a short block's samples hold finite values derived from zero inputs, and no sum over
/// samples reads them.
/// </summary>
internal sealed class LanesPath : IPassSteps, ILossLayout
{
    /// <summary>The most stack a batched method may take, 64 KiB, as one-sample Backward's bound (docs/design.md, section 3).</summary>
    private const int ScratchBytes = 64 * 1024;

    /// <summary>The widest block tried; wider blocks gain nothing once a block fills the vector registers' tiles.</summary>
    private const int MaxWidth = 32;

    private readonly NetworkModel _model;
    private readonly NumericType _t;
    private readonly SpanScratch _scratch;

    /// <param name="skipLocalsInit">Whether the methods may leave their stack scratch uninitialized (they write every value before reading it).</param>
    public LanesPath(NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        _model = model;
        _t = t;
        _scratch = new SpanScratch(model, inputInScratch: true);
        SkipLocalsInit = skipLocalsInit;
        Width = ChooseWidth(model);
    }

    public bool SkipLocalsInit { get; }

    public bool IndexesWeights => false;

    /// <summary>Samples per block: the widest power of two up to <see cref="MaxWidth"/> whose training scratch fits in <see cref="ScratchBytes"/>.</summary>
    public int Width { get; }

    /// <summary>
    /// BackwardBatch keeps a⁰ … a^(L−1), z^L and δ¹ … δ^L of a block: n₀ + 2·Σ_{l≥1} n_l values per
    /// sample. At most 4,096 neurons make that under 8,192 doubles, 64 KiB, so a block of one always fits.
    /// </summary>
    private static int ChooseWidth(NetworkModel model)
    {
        int perSample = model.Sizes[0] + (2 * model.Sizes.Skip(1).Sum());
        int bytes = model.UseDouble ? sizeof(double) : sizeof(float);
        int width = MaxWidth;
        while (width > 1 && (long)perSample * width * bytes > ScratchBytes)
        {
            width /= 2;
        }

        return width;
    }

    private string Size(int l) => _model.Sizes[l].ToString(CultureInfo.InvariantCulture);

    private string Lanes(int l) => $"{Size(l)} * BatchWidth";

    /// <summary>Inference keeps a⁰ … a^L of a block; training a⁰ … a^(L−1), the logits z^L and every error δ^l (<see cref="SpanScratch"/>).</summary>
    public void DeclareScratch(CodeWriter w, Pass pass)
    {
        w.Line("// A block's values in lanes, value k of sample s at k·BatchWidth + s, on the stack: nothing on the heap.");
        foreach (var (name, l) in _scratch.Declared(pass))
        {
            w.Line($"global::System.Span<{_t.Name}> {name} = stackalloc {_t.Name}[{Lanes(l)}];");
        }

        w.Line();
    }

    /// <summary>a⁰ ← the block's inputs in lanes; the lanes after a short block's samples are zero.</summary>
    public void DeclareInput(CodeWriter w, Pass pass) =>
        w.Line($"global::BpGen.Kernels.ToLanes(inputs.Slice(start * InputSize, block * InputSize), InputSize, {Activation(0)}, BatchWidth); // {Activation(0)} ← the block's inputs, sample s in lane s");

    /// <summary>The affine map of the whole block by a kernel, then the activation in place; training keeps the output logits z^L.</summary>
    public void Layer(CodeWriter w, int l, Pass pass)
    {
        int L = _model.LayerCount;
        string destination = _scratch.LayerOutput(l, pass);
        w.Line(LayerNotation.LayerComment(_model, l));
        w.Line($"global::BpGen.Kernels.AffineLanes({SpanSteps.Weights(_model, l)}, {SpanSteps.Biases(_model, l)}, {Activation(l - 1)}, {destination}, BatchWidth); // {destination} ← W{l} · {Activation(l - 1)} + b{l}");
        if (l < L || pass == Pass.Inference)
        {
            SpanSteps.Activate(w, _t, _model.ActivationOf(l), destination, Lanes(l));
        }
    }

    /// <summary>Softmax across each sample's lanes if the loss asks for it, then the block's outputs where its samples' go.</summary>
    public void WriteOutput(CodeWriter w)
    {
        int L = _model.LayerCount;
        if (_model.Loss == Loss.SoftmaxCrossEntropy)
        {
            w.Line($"global::BpGen.Kernels.SoftmaxLanes({Activation(L)}, BatchWidth); // p = softmax({PreActivation(L)}) of every sample, each shifted by its largest logit");
        }

        w.Line();
        w.Line($"global::BpGen.Kernels.FromLanes({Activation(L)}, OutputSize, outputs.Slice(start * OutputSize, block * OutputSize), BatchWidth);");
    }

    /// <summary>
    /// J of every sample of the block added to <c>loss</c>, and δ^L in lanes (<see cref="LossEmitter"/>).
    /// </summary>
    public void LossAndOutputError(CodeWriter w) => new LossEmitter(_model, _t).Emit(w, this);

    /// <summary>Output i of sample s, in lane k.</summary>
    public OutputValues Output(int i) =>
        new OutputValues($"{PreActivation(_model.LayerCount)}[k]", "y[i]", $"{Error(_model.LayerCount)}[k]", null, "");

    /// <summary>
    /// The whole softmax loss step by one kernel for the block: p, J into <c>loss</c> and δ^L = p − y,
    /// 0 in the lanes after the samples. A loop over the samples costs as much as a layer here.
    /// </summary>
    public SoftmaxNormalizer? Softmax(CodeWriter w)
    {
        int L = _model.LayerCount;
        w.Line($"// p = softmax({PreActivation(L)}), J = −Σ y_j·ln p_j and {LossCode.OutputErrorNotation(Loss.SoftmaxCrossEntropy, L)} of every sample of the block, 0 in the lanes after them.");
        w.Line($"loss += global::BpGen.Kernels.SoftmaxCrossEntropyLanes({PreActivation(L)}, targets.Slice(start * OutputSize, block * OutputSize), {Error(L)}, BatchWidth);");
        return null;
    }

    /// <summary>
    /// A loop over the block's samples, each reading the shared values, around a loop over its outputs.
    /// The lanes after a short block's samples get δ^L = 0, so that every error below them is 0 too and
    /// none is left unwritten.
    /// </summary>
    public void Write(CodeWriter w, LossComments? comments, IReadOnlyList<string> shared, Func<OutputValues, OutputLoss> perOutput)
    {
        SpanSteps.LossComments(w, comments);
        using (OpenSampleLoop(w))
        {
            foreach (string statement in shared)
            {
                w.Line(statement);
            }

            using (OpenOutputLoop(w))
            {
                SpanSteps.OutputLoss(w, _t, Output(0), perOutput(Output(0)));
            }
        }

        ClearShortBlockLanes(w);
    }

    /// <summary>The loop over the block's samples, with y the targets of sample s.</summary>
    private CodeWriter.BlockScope OpenSampleLoop(CodeWriter w)
    {
        CodeWriter.BlockScope loop = w.Block("for (int s = 0; s < block; s++)");
        w.Line($"global::System.ReadOnlySpan<{_t.Name}> y = targets.Slice((start + s) * OutputSize, OutputSize);");
        return loop;
    }

    /// <summary>The loop over sample s's outputs i, with k = i·BatchWidth + s the lane of output i.</summary>
    private static CodeWriter.BlockScope OpenOutputLoop(CodeWriter w)
    {
        CodeWriter.BlockScope loop = w.Block("for (int i = 0; i < OutputSize; i++)");
        w.Line("int k = (i * BatchWidth) + s;");
        return loop;
    }

    private void ClearShortBlockLanes(CodeWriter w)
    {
        int L = _model.LayerCount;
        w.Line();
        w.Line($"for (int i = 0; i < OutputSize; i++) {Error(L)}.Slice((i * BatchWidth) + block, BatchWidth - block).Clear(); // no error in the lanes after the samples");
    }

    /// <summary>
    /// Σ_s δ^l_s·(a^(l−1)_s)ᵀ and Σ_s δ^l_s added into the gradient. The outer products take a^(l−1)
    /// one sample after another: the inputs already are; a hidden layer's activations are copied out of
    /// lanes into the span <see cref="SpanScratch.SampleMajorActivations"/> lends.
    /// </summary>
    public void Gradient(CodeWriter w, int l)
    {
        int below = l - 1;
        w.Line($"// ∂J/∂W{l} += Σ_s {Error(l)}_s · {Activation(below)}_sᵀ and ∂J/∂b{l} += Σ_s {Error(l)}_s over the block's samples.");
        string samples;
        if (below == 0)
        {
            samples = "inputs.Slice(start * InputSize, block * InputSize)";
        }
        else
        {
            string scratch = SpanScratch.SampleMajorActivations(below);
            samples = $"{scratch}.Slice(0, block * {Size(below)})";
            w.Line($"// {Activation(below)} one sample after another, in {scratch}, which is free until the error below is written.");
            w.Line($"global::BpGen.Kernels.FromLanes({Activation(below)}, {Size(below)}, {samples}, BatchWidth);");
        }

        w.Line($"global::BpGen.Kernels.AddOuterProductsOfBlock({Error(l)}, {samples}, {SpanSteps.Weights(_model, l, "gradient")}, BatchWidth);");
        w.Line($"global::BpGen.Kernels.AddLaneSums({Error(l)}, block, {SpanSteps.Biases(_model, l, "gradient")}, BatchWidth);");
    }

    public void ErrorBelow(CodeWriter w, int l)
    {
        w.Line();
        w.Line($"// {Error(l - 1)} = (W{l}ᵀ · {Error(l)}) ⊙ f{l - 1}′({PreActivation(l - 1)}) for the whole block.");
        w.Line($"global::BpGen.Kernels.MultiplyTransposedLanes({SpanSteps.Weights(_model, l)}, {Error(l)}, {Error(l - 1)}, BatchWidth);");
        SpanSteps.MultiplyByDerivative(w, _t, _model.ActivationOf(l - 1), Error(l - 1), Activation(l - 1), Lanes(l - 1));
    }
}
