using System.Globalization;
using System.Linq;
using BpGen.Generator.Model;

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
internal sealed class LanesPath : IPassSteps
{
    /// <summary>The most stack a batched method may take, 64 KiB, as one-sample Backward's bound (docs/design.md, section 3).</summary>
    private const int ScratchBytes = 64 * 1024;

    /// <summary>The widest block tried; wider blocks gain nothing once a block fills the vector registers' tiles.</summary>
    private const int MaxWidth = 32;

    private readonly NetworkModel _model;
    private readonly NumericType _t;

    /// <param name="skipLocalsInit">Whether the methods may leave their stack scratch uninitialized (they write every value before reading it).</param>
    public LanesPath(NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        _model = model;
        _t = t;
        SkipLocalsInit = skipLocalsInit;
        Width = ChooseWidth(model);
    }

    public bool SkipLocalsInit { get; }

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

    /// <summary>Inference keeps a⁰ … a^L of a block; training a⁰ … a^(L−1), the logits z^L and every error δ^l.</summary>
    public void DeclareScratch(CodeWriter w, Pass pass)
    {
        int L = _model.LayerCount;
        w.Line("// A block's values in lanes, value k of sample s at k·BatchWidth + s, on the stack: nothing on the heap.");
        int last = pass == Pass.Inference ? L : L - 1;
        for (int l = 0; l <= last; l++)
        {
            StackSpan(w, $"a{l}", l);
        }

        if (pass == Pass.Training)
        {
            StackSpan(w, $"z{L}", L);
            for (int l = L; l >= 1; l--)
            {
                StackSpan(w, $"delta{l}", l);
            }
        }

        w.Line();
    }

    private void StackSpan(CodeWriter w, string name, int l) =>
        w.Line($"global::System.Span<{_t.Name}> {name} = stackalloc {_t.Name}[{Lanes(l)}];");

    /// <summary>a⁰ ← the block's inputs in lanes; the lanes after a short block's samples are zero.</summary>
    public void DeclareInput(CodeWriter w, Pass pass) =>
        w.Line("global::BpGen.Kernels.ToLanes(inputs.Slice(start * InputSize, block * InputSize), InputSize, a0, BatchWidth); // a0 ← the block's inputs, sample s in lane s");

    /// <summary>The affine map of the whole block by a kernel, then the activation in place; training keeps the output logits z^L.</summary>
    public void Layer(CodeWriter w, int l, Pass pass)
    {
        int L = _model.LayerCount;
        string destination = l == L && pass == Pass.Training ? $"z{L}" : $"a{l}";
        w.Line(LayerNotation.LayerComment(_model, l));
        w.Line($"global::BpGen.Kernels.AffineLanes({SpanSteps.Weights(_model, l)}, {SpanSteps.Biases(_model, l)}, a{l - 1}, {destination}, BatchWidth); // {destination} ← W{l} · a{l - 1} + b{l}");
        if (l < L || pass == Pass.Inference)
        {
            SpanSteps.Activate(w, _t, _model.ActivationOf(l), destination, Lanes(l));
        }
    }

    /// <summary>Softmax across each sample's lanes if the loss asks for it, then the block's outputs where its samples' go.</summary>
    public void WriteOutput(CodeWriter w)
    {
        int L = _model.LayerCount;
        if (_model.Loss == LossKind.SoftmaxCrossEntropy)
        {
            w.Line($"global::BpGen.Kernels.SoftmaxLanes(a{L}, BatchWidth); // p = softmax(z{L}) of every sample, each shifted by its largest logit");
        }

        w.Line();
        w.Line($"global::BpGen.Kernels.FromLanes(a{L}, OutputSize, outputs.Slice(start * OutputSize, block * OutputSize), BatchWidth);");
    }

    /// <summary>
    /// J of every sample of the block added to <c>loss</c>, and δ^L in lanes. The lanes after a short
    /// block's samples get δ^L = 0, so that every error below them is 0 too and none is left unwritten.
    /// </summary>
    public void LossAndOutputError(CodeWriter w)
    {
        int L = _model.LayerCount;
        string t = _t.Name;
        string loss = LossCode.Notation(_model.Loss, L, "max", "sum"); // softmax's is written below, from p
        string outputError = LossCode.OutputErrorNotation(_model.Loss, L);
        switch (_model.Loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                w.Line($"// p = softmax(z{L}) of every sample, in delta{L} for now; {outputError}.");
                w.Line($"z{L}.CopyTo(delta{L});");
                w.Line($"global::BpGen.Kernels.SoftmaxLanes(delta{L}, BatchWidth);");
                w.Line($"// J = −Σ y_j·ln p_j with ln p_j = z{L}_j − ln Σ e^z{L}, and ln Σ e^z{L} = z_top − ln p_top at the sample's largest");
                w.Line("// logit z_top, where p_top ≥ 1/n: never the logarithm of 0.");
                using (OpenSampleLoop(w))
                {
                    w.Line("int top = s;");
                    w.Line($"for (int k = s + BatchWidth; k < {Lanes(L)}; k += BatchWidth) if (z{L}[k] > z{L}[top]) top = k;");
                    w.Line($"{t} logSumExp = z{L}[top] - {_t.Log($"delta{L}[top]")};");
                    using (OpenOutputLoop(w))
                    {
                        w.Line($"loss += {LossCode.CrossEntropyTerm("y[i]", "logSumExp", $"z{L}[k]")};");
                        w.Line($"delta{L}[k] -= y[i];");
                    }
                }

                ClearShortBlockLanes(w);
                break;

            case LossKind.BinaryCrossEntropy:
                w.Line($"// {loss}.");
                w.Line($"// Output error: {outputError} with a{L} = σ(z{L}).");
                using (OpenSampleLoop(w))
                using (OpenOutputLoop(w))
                {
                    w.Line($"{t} z = z{L}[k];");
                    w.Line($"loss += {LossCode.BinaryCrossEntropyTerm("z", "y[i]", _t)};");
                    w.Line($"delta{L}[k] = {ActivationCode.Apply(ActivationKind.Sigmoid, "z", _t)} - y[i];");
                }

                ClearShortBlockLanes(w);
                break;

            default:
                ActivationKind output = _model.ActivationOf(L);
                w.Line($"// {loss}; output error: {outputError}.");
                using (OpenSampleLoop(w))
                using (OpenOutputLoop(w))
                {
                    w.Line($"{t} z = z{L}[k];");
                    w.Line($"{t} a = {ActivationCode.Apply(output, "z", _t)};");
                    w.Line($"{t} error = a - y[i];");
                    w.Line($"loss += {_t.Literal(0.5)} * error * error;");
                    w.Line($"delta{L}[k] = {LossCode.SquaredErrorDelta("error", output, "a", _t)};");
                }

                ClearShortBlockLanes(w);
                break;
        }
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
        w.Line($"for (int i = 0; i < OutputSize; i++) delta{L}.Slice((i * BatchWidth) + block, BatchWidth - block).Clear(); // no error in the lanes after the samples");
    }

    /// <summary>
    /// Σ_s δ^l_s·(a^(l−1)_s)ᵀ and Σ_s δ^l_s added into the gradient. The outer products take a^(l−1)
    /// one sample after another: the inputs already are; a hidden layer's activations are copied out of
    /// lanes into δ^(l−1)'s span, which is free until <see cref="ErrorBelow"/> writes δ^(l−1) next.
    /// </summary>
    public void Gradient(CodeWriter w, int l)
    {
        int below = l - 1;
        w.Line($"// ∂J/∂W{l} += Σ_s delta{l}_s · a{below}_sᵀ and ∂J/∂b{l} += Σ_s delta{l}_s over the block's samples.");
        string samples;
        if (below == 0)
        {
            samples = "inputs.Slice(start * InputSize, block * InputSize)";
        }
        else
        {
            samples = $"delta{below}.Slice(0, block * {Size(below)})";
            w.Line($"// a{below} one sample after another, in delta{below}, which is free until the error below is written.");
            w.Line($"global::BpGen.Kernels.FromLanes(a{below}, {Size(below)}, {samples}, BatchWidth);");
        }

        w.Line($"global::BpGen.Kernels.AddOuterProductsOfBlock(delta{l}, {samples}, {SpanSteps.Weights(_model, l, "gradient")}, BatchWidth);");
        w.Line($"global::BpGen.Kernels.AddLaneSums(delta{l}, block, {SpanSteps.Biases(_model, l, "gradient")}, BatchWidth);");
    }

    public void ErrorBelow(CodeWriter w, int l)
    {
        w.Line();
        w.Line($"// delta{l - 1} = (W{l}ᵀ · delta{l}) ⊙ f{l - 1}′(z{l - 1}) for the whole block.");
        w.Line($"global::BpGen.Kernels.MultiplyTransposedLanes({SpanSteps.Weights(_model, l)}, delta{l}, delta{l - 1}, BatchWidth);");
        SpanSteps.MultiplyByDerivative(w, _t, _model.ActivationOf(l - 1), $"delta{l - 1}", $"a{l - 1}", Lanes(l - 1));
    }
}
