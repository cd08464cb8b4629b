using System;
using System.Collections.Generic;
using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// Networks too large to unroll: each layer's matrix products go to the SIMD kernels of BpGen.Kernels,
/// with activations and errors in stackalloc'd spans. The code grows with the number of layers, not of
/// weights, so every method stays well inside the JIT's optimization limits.
/// </summary>
internal sealed class LoopedPath : ICodePath, ILossLayout
{
    private readonly NetworkModel _model;
    private readonly NumericType _t;
    private readonly SpanScratch _scratch;

    /// <param name="skipLocalsInit">Whether the methods may leave their stack scratch uninitialized (they write every value before reading it).</param>
    public LoopedPath(NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        _model = model;
        _t = t;
        _scratch = new SpanScratch(model, inputInScratch: false);
        SkipLocalsInit = skipLocalsInit;
    }

    public bool SkipLocalsInit { get; }

    public bool IndexesWeights => false;

    /// <summary>W^l as a slice of θ (or of the gradient, in the same layout).</summary>
    private string Weights(int l, string of = "theta") => SpanSteps.Weights(_model, l, of);

    /// <summary>b^l as a slice of θ.</summary>
    private string Biases(int l) => SpanSteps.Biases(_model, l);

    /// <summary>Inference keeps only the hidden activations; training also the output logits z^L and every error δ^l (<see cref="SpanScratch"/>).</summary>
    public void DeclareInput(CodeWriter w, Pass pass)
    {
        w.Line($"global::System.ReadOnlySpan<{_t.Name}> {Activation(0)} = input;");
        if (pass == Pass.Training)
        {
            w.Line("// Activations, output logits and errors live on the stack: nothing on the heap, nothing shared between calls.");
        }
        else if (_model.LayerCount > 1)
        {
            w.Line("// Hidden activations live on the stack: nothing on the heap, nothing shared between calls.");
        }

        foreach (var (name, l) in _scratch.Declared(pass))
        {
            w.Line($"global::System.Span<{_t.Name}> {name} = stackalloc {_t.Name}[{_model.Sizes[l]}];");
        }
    }

    /// <summary>
    /// The affine map by a SIMD kernel, then the activation in place. Inference writes the output layer
    /// straight into <c>output</c>; training keeps its logits z^L, which the loss step needs.
    /// </summary>
    public void Layer(CodeWriter w, int l, Pass pass)
    {
        int L = _model.LayerCount;
        string destination = _scratch.LayerOutput(l, pass);
        w.Line(LayerNotation.LayerComment(_model, l));
        w.Line($"global::BpGen.Kernels.Affine({Weights(l)}, {Biases(l)}, {Activation(l - 1)}, {destination}); // {destination} ← W{l} · {Activation(l - 1)} + b{l}");
        if (l < L || pass == Pass.Inference)
        {
            SpanSteps.Activate(w, _t, _model.ActivationOf(l), destination, _model.Sizes[l].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public void WriteOutput(CodeWriter w)
    {
        if (_model.Loss == Loss.SoftmaxCrossEntropy)
        {
            w.Line();
            w.Line("// p = softmax(z), in place, shifted by the largest logit so that no exponent overflows.");
            w.Line("global::BpGen.Kernels.Softmax(output);");
        }
    }

    /// <summary>One loop over the outputs adds up J and writes δ^L, applying f_L to the kept logits z^L (<see cref="LossEmitter"/>).</summary>
    public void LossAndOutputError(CodeWriter w) => new LossEmitter(_model, _t).Emit(w, this);

    /// <summary>Output i of the loop over the outputs.</summary>
    public OutputValues Output(int i) =>
        new OutputValues($"{PreActivation(_model.LayerCount)}[i]", "target[i]", $"{Error(_model.LayerCount)}[i]", null, "");

    /// <summary>e^(z^L − max) in the δ^L it becomes, their sum, and p_i = e_i / sum.</summary>
    public SoftmaxNormalizer? Softmax(CodeWriter w)
    {
        int L = _model.LayerCount;
        string t = _t.Name;
        string exponentials = SpanScratch.SoftmaxScratch(L);
        w.Line($"// Softmax, shifted by the largest logit so that no exponent overflows: e^({PreActivation(L)} − max) is kept in {exponentials} for now.");
        w.Line($"{t} sum = global::BpGen.Kernels.ExpMinusMax({PreActivation(L)}, {exponentials}, out {t} max);");
        return new SoftmaxNormalizer(
            new[] { $"{t} logSum = {LossCode.LogSum("sum", _t)};" },
            "logSum",
            "max",
            o => $"{exponentials}[i] / sum",
            LossCode.Notation(Loss.SoftmaxCrossEntropy, L, "max", "sum"));
    }

    /// <summary>loss = 0 and one loop over the outputs that adds to it.</summary>
    public void Write(CodeWriter w, LossComments? comments, IReadOnlyList<string> shared, Func<OutputValues, OutputLoss> perOutput)
    {
        SpanSteps.LossComments(w, comments);
        foreach (string statement in shared)
        {
            w.Line(statement);
        }

        w.Line($"{_t.Name} loss = {_t.Literal(0)};");
        using (w.Block("for (int i = 0; i < OutputSize; i++)"))
        {
            SpanSteps.OutputLoss(w, _t, Output(0), perOutput(Output(0)));
        }
    }

    public void Gradient(CodeWriter w, int l)
    {
        w.Line($"// ∂J/∂W{l} = {Error(l)} · {Activation(l - 1)}ᵀ and ∂J/∂b{l} = {Error(l)}, added into gradient.");
        w.Line($"global::BpGen.Kernels.AddOuterProduct({Error(l)}, {Activation(l - 1)}, {Weights(l, "gradient")});");
        w.Line($"for (int i = 0; i < {_model.Sizes[l]}; i++) gradient[{_model.BiasOffset(l)} + i] += {Error(l)}[i];");
    }

    public void ErrorBelow(CodeWriter w, int l)
    {
        w.Line($"// {Error(l - 1)} = (W{l}ᵀ · {Error(l)}) ⊙ f{l - 1}′({PreActivation(l - 1)}).");
        w.Line($"global::BpGen.Kernels.MultiplyTransposedMatrixVector({Weights(l)}, {Error(l)}, {Error(l - 1)});");
        MultiplyByDerivative(w, l - 1);
    }

    public void Descend(CodeWriter w, int l)
    {
        w.Line($"// W{l} ← W{l} − α·({Error(l)} · {Activation(l - 1)}ᵀ + λ·W{l}).");
        w.Line($"global::BpGen.Kernels.DescendOuterProduct({Error(l)}, {Activation(l - 1)}, {Weights(l)}, learningRate, decay);");
        DescendBiases(w, l);
    }

    /// <summary>One pass over W^l: the kernel reads each weight for δ^(l−1) before it moves it.</summary>
    public void PropagateAndDescend(CodeWriter w, int l)
    {
        w.Line($"// {Error(l - 1)} ← W{l}ᵀ · {Error(l)} with W{l} as it was, and W{l} ← W{l} − α·({Error(l)} · {Activation(l - 1)}ᵀ + λ·W{l}): one pass over W{l}.");
        w.Line($"global::BpGen.Kernels.PropagateAndDescend({Error(l)}, {Activation(l - 1)}, {Weights(l)}, learningRate, decay, {Error(l - 1)});");
        MultiplyByDerivative(w, l - 1);
        DescendBiases(w, l);
    }

    private void DescendBiases(CodeWriter w, int l)
    {
        w.Line($"// b{l} ← b{l} − α·{Error(l)}.");
        w.Line($"for (int i = 0; i < {_model.Sizes[l]}; i++) theta[{_model.BiasOffset(l)} + i] -= learningRate * {Error(l)}[i];");
    }

    /// <summary>delta^l ← delta^l ⊙ f_l′, with f′ from the activations a^l kept by the forward pass.</summary>
    private void MultiplyByDerivative(CodeWriter w, int l) =>
        SpanSteps.MultiplyByDerivative(w, _t, _model.ActivationOf(l), Error(l), Activation(l), _model.Sizes[l].ToString(System.Globalization.CultureInfo.InvariantCulture));
}
