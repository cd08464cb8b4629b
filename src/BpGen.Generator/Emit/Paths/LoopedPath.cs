using BpGen.Generator.Model;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// Networks too large to unroll: each layer's matrix products go to the SIMD kernels of BpGen.Kernels,
/// with activations and errors in stackalloc'd spans. The code grows with the number of layers, not of
/// weights, so every method stays well inside the JIT's optimization limits.
/// </summary>
internal sealed class LoopedPath : ICodePath
{
    private readonly NetworkModel _model;
    private readonly NumericType _t;

    /// <param name="skipLocalsInit">Whether the methods may leave their stack scratch uninitialized (they write every value before reading it).</param>
    public LoopedPath(NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        _model = model;
        _t = t;
        SkipLocalsInit = skipLocalsInit;
    }

    public bool SkipLocalsInit { get; }

    public bool NeedsNullableAnalysis => true;

    /// <summary>W^l as a slice of θ (or of the gradient, in the same layout).</summary>
    private string Weights(int l, string of = "theta") => SpanSteps.Weights(_model, l, of);

    /// <summary>b^l as a slice of θ.</summary>
    private string Biases(int l) => SpanSteps.Biases(_model, l);

    /// <summary>Inference keeps only the hidden activations; training also the output logits z^L and every error δ^l.</summary>
    public void DeclareInput(CodeWriter w, Pass pass)
    {
        int L = _model.LayerCount;
        w.Line($"global::System.ReadOnlySpan<{_t.Name}> a0 = input;");
        if (pass == Pass.Training)
        {
            w.Line("// Activations, output logits and errors live on the stack: nothing on the heap, nothing shared between calls.");
        }
        else if (L > 1)
        {
            w.Line("// Hidden activations live on the stack: nothing on the heap, nothing shared between calls.");
        }

        for (int l = 1; l < L; l++)
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
    }

    private void StackSpan(CodeWriter w, string name, int l) =>
        w.Line($"global::System.Span<{_t.Name}> {name} = stackalloc {_t.Name}[{_model.Sizes[l]}];");

    /// <summary>
    /// The affine map by a SIMD kernel, then the activation in place. Inference writes the output layer
    /// straight into <c>output</c>; training keeps its logits z^L, which the loss step needs.
    /// </summary>
    public void Layer(CodeWriter w, int l, Pass pass)
    {
        int L = _model.LayerCount;
        string destination = l < L ? $"a{l}" : pass == Pass.Inference ? "output" : $"z{L}";
        w.Line(LayerNotation.LayerComment(_model, l));
        w.Line($"global::BpGen.Kernels.Affine({Weights(l)}, {Biases(l)}, a{l - 1}, {destination}); // {destination} ← W{l} · a{l - 1} + b{l}");
        if (l < L || pass == Pass.Inference)
        {
            SpanSteps.Activate(w, _t, _model.ActivationOf(l), destination, _model.Sizes[l].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public void WriteOutput(CodeWriter w)
    {
        if (_model.Loss == LossKind.SoftmaxCrossEntropy)
        {
            w.Line();
            w.Line("// p = softmax(z), in place, shifted by the largest logit so that no exponent overflows.");
            w.Line("global::BpGen.Kernels.Softmax(output);");
        }
    }

    /// <summary>One loop over the outputs adds up J and writes δ^L, applying f_L to the kept logits z^L.</summary>
    public void LossAndOutputError(CodeWriter w)
    {
        int L = _model.LayerCount;
        string t = _t.Name;
        string loss = LossCode.Notation(_model.Loss, L, "max", "sum");
        string outputError = LossCode.OutputErrorNotation(_model.Loss, L);
        switch (_model.Loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                w.Line($"// Softmax, shifted by the largest logit so that no exponent overflows: e^(z{L} − max) is kept in delta{L} for now.");
                w.Line($"{t} sum = global::BpGen.Kernels.ExpMinusMax(z{L}, delta{L}, out {t} max);");
                w.Line($"// {loss}.");
                w.Line($"// Output error: {outputError}.");
                w.Line($"{t} logSumExp = {LossCode.LogSumExp("max", "sum", _t)};");
                using (OpenLossLoop(w))
                {
                    w.Line($"loss += {LossCode.CrossEntropyTerm("target[i]", "logSumExp", $"z{L}[i]")};");
                    w.Line($"delta{L}[i] = delta{L}[i] / sum - target[i];");
                }

                break;

            case LossKind.BinaryCrossEntropy:
                w.Line($"// {loss}.");
                w.Line($"// Output error: {outputError} with a{L} = σ(z{L}).");
                using (OpenLossLoop(w))
                {
                    w.Line($"{t} z = z{L}[i];");
                    w.Line($"loss += {LossCode.BinaryCrossEntropyTerm("z", "target[i]", _t)};");
                    w.Line($"delta{L}[i] = {ActivationCode.Apply(ActivationKind.Sigmoid, "z", _t)} - target[i];");
                }

                break;

            default:
                ActivationKind output = _model.ActivationOf(L);
                w.Line($"// {loss}; output error: {outputError}.");
                using (OpenLossLoop(w))
                {
                    w.Line($"{t} z = z{L}[i];");
                    w.Line($"{t} a = {ActivationCode.Apply(output, "z", _t)};");
                    w.Line($"{t} error = a - target[i];");
                    w.Line($"loss += {_t.Literal(0.5)} * error * error;");
                    w.Line($"delta{L}[i] = {LossCode.SquaredErrorDelta("error", output, "a", _t)};");
                }

                break;
        }
    }

    /// <summary>loss = 0 and the loop over the outputs that adds to it.</summary>
    private CodeWriter.BlockScope OpenLossLoop(CodeWriter w)
    {
        w.Line($"{_t.Name} loss = {_t.Literal(0)};");
        return w.Block("for (int i = 0; i < OutputSize; i++)");
    }

    public void Gradient(CodeWriter w, int l)
    {
        w.Line($"// ∂J/∂W{l} = delta{l} · a{l - 1}ᵀ and ∂J/∂b{l} = delta{l}, added into gradient.");
        w.Line($"global::BpGen.Kernels.AddOuterProduct(delta{l}, a{l - 1}, {Weights(l, "gradient")});");
        w.Line($"for (int i = 0; i < {_model.Sizes[l]}; i++) gradient[{_model.BiasOffset(l)} + i] += delta{l}[i];");
    }

    public void ErrorBelow(CodeWriter w, int l)
    {
        w.Line($"// delta{l - 1} = (W{l}ᵀ · delta{l}) ⊙ f{l - 1}′(z{l - 1}).");
        w.Line($"global::BpGen.Kernels.MultiplyTransposedMatrixVector({Weights(l)}, delta{l}, delta{l - 1});");
        MultiplyByDerivative(w, l - 1);
    }

    public void Descend(CodeWriter w, int l)
    {
        w.Line($"// W{l} ← W{l} − α·(delta{l} · a{l - 1}ᵀ + λ·W{l}).");
        w.Line($"global::BpGen.Kernels.DescendOuterProduct(delta{l}, a{l - 1}, {Weights(l)}, learningRate, decay);");
        DescendBiases(w, l);
    }

    /// <summary>One pass over W^l: the kernel reads each weight for δ^(l−1) before it moves it.</summary>
    public void PropagateAndDescend(CodeWriter w, int l)
    {
        w.Line($"// delta{l - 1} ← W{l}ᵀ · delta{l} with W{l} as it was, and W{l} ← W{l} − α·(delta{l} · a{l - 1}ᵀ + λ·W{l}): one pass over W{l}.");
        w.Line($"global::BpGen.Kernels.PropagateAndDescend(delta{l}, a{l - 1}, {Weights(l)}, learningRate, decay, delta{l - 1});");
        MultiplyByDerivative(w, l - 1);
        DescendBiases(w, l);
    }

    private void DescendBiases(CodeWriter w, int l)
    {
        w.Line($"// b{l} ← b{l} − α·delta{l}.");
        w.Line($"for (int i = 0; i < {_model.Sizes[l]}; i++) theta[{_model.BiasOffset(l)} + i] -= learningRate * delta{l}[i];");
    }

    /// <summary>delta^l ← delta^l ⊙ f_l′, with f′ from the activations a^l kept by the forward pass.</summary>
    private void MultiplyByDerivative(CodeWriter w, int l) =>
        SpanSteps.MultiplyByDerivative(w, _t, _model.ActivationOf(l), $"delta{l}", $"a{l}", _model.Sizes[l].ToString(System.Globalization.CultureInfo.InvariantCulture));
}
