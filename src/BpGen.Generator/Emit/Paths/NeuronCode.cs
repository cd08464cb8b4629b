using System;
using System.Collections.Generic;
using System.Linq;
using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// Every neuron of a layer as a local (z1_0, a1_0, delta1_0 for z¹₀, a¹₀, δ¹₀) and every weight as a
/// name or literal: a layer's affine map and activation, the softmax, the loss as one sum over the
/// outputs and δ^L, and the error one layer down. Over numbers (<see cref="UnrolledPath"/>, one sample)
/// or over vectors of samples, one per lane (<see cref="UnrolledLanesPath"/>): the element type says
/// which, and the expressions are the same, since vectors have the numbers' operators.
/// </summary>
internal sealed class NeuronCode : ILossLayout
{
    private readonly NetworkModel _model;
    private readonly NumericType _t;
    private readonly Func<int, string> _parameter;
    private readonly Func<int, string>? _target;

    /// <param name="model">The network.</param>
    /// <param name="t">The type of a neuron's value: a number, or a vector of samples.</param>
    /// <param name="parameter">How the code reads θ_k, the parameter at index k.</param>
    /// <param name="target">How the code reads y_i, output i's target; null where no loss is computed (a recurrent step).</param>
    public NeuronCode(NetworkModel model, NumericType t, Func<int, string> parameter, Func<int, string>? target = null)
    {
        _model = model;
        _t = t;
        _parameter = parameter;
        _target = target;
    }

    /// <summary>Where W^l[i,j] sits in θ.</summary>
    public int WeightIndex(int l, int i, int j) => _model.WeightOffset(l) + _model.Sizes[l - 1] * i + j;

    /// <summary>z^l and a^l as locals (with the loss's softmax, p for a^L).</summary>
    public void Layer(CodeWriter w, int l)
    {
        PreActivations(w, l);
        if (l == _model.LayerCount && _model.Loss == Loss.SoftmaxCrossEntropy)
        {
            Softmax(w, l);
            return;
        }

        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            w.Line($"{_t.Local} {Activation(l, i)} = {ActivationCode.Apply(_model.ActivationOf(l), PreActivation(l, i), _t)};");
        }
    }

    /// <summary>z^l as locals, with the comment that opens the layer: all a recorded output layer keeps for a loss that takes its logits.</summary>
    public void PreActivations(CodeWriter w, int l)
    {
        int fanIn = _model.Sizes[l - 1];
        w.Line(LayerNotation.LayerComment(_model, l));
        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            var products = Enumerable.Range(0, fanIn).Select(j => (_parameter(WeightIndex(l, i, j)), Activation(l - 1, j))).ToList();
            DeclareSum(w, PreActivation(l, i), products, _parameter(_model.BiasOffset(l) + i), ";");
        }
    }

    private void Softmax(CodeWriter w, int l)
    {
        int n = _model.Sizes[l];
        w.Line($"// Softmax, shifted by the largest logit so that no exponent overflows.");
        string max = PreActivation(l, 0);
        for (int i = 1; i < n; i++)
        {
            max = _t.Max(max, PreActivation(l, i));
        }

        w.Line($"{_t.Local} {SoftmaxMax(l)} = {max};");
        if (_t.IsLanes && n == 2)
        {
            TwoExponentials(w, l);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                w.Line($"{_t.Local} e{l}_{i} = {_t.ExpNonPositive($"{PreActivation(l, i)} - {SoftmaxMax(l)}")};");
            }
        }

        w.Sum($"{_t.Local} {SoftmaxSum(l)} = ", Enumerable.Range(0, n).Select(i => $"e{l}_{i}").ToList(), ";");
        if (_t.IsLanes)
        {
            // One division for all outputs: over vectors it costs as much as the exponentials.
            w.Line($"var reciprocal{l} = {_t.Literal(1)} / {SoftmaxSum(l)};");
        }

        for (int i = 0; i < n; i++)
        {
            w.Line($"{_t.Local} {Activation(l, i)} = e{l}_{i} {(_t.IsLanes ? $"* reciprocal{l}" : $"/ {SoftmaxSum(l)}")};");
        }
    }

    /// <summary>
    /// e^(z − max) of two outputs over vectors from one exponential: the larger logit's is e^0 = 1 and the
    /// other's e^(−|z₀ − z₁|), the same values bit for bit as one exponential each (z_other − max is
    /// −|z₀ − z₁| exactly), at half the cost of the step's costliest part. The larger one is taken as
    /// 1 + (max − max), which is NaN where max is infinite or NaN, as e^(max − max) is, so an infinite or
    /// NaN logit gives what the one-sample pass gives.
    /// </summary>
    private void TwoExponentials(CodeWriter w, int l)
    {
        string z0 = PreActivation(l, 0), z1 = PreActivation(l, 1), max = SoftmaxMax(l);
        w.Line($"// The larger logit's e^(z − max) is 1 (NaN where max is not finite), the other's e^(−|{z0} − {z1}|): one exponential for both.");
        w.Line($"var larger{l} = {_t.Literal(1)} + ({max} - {max});");
        w.Line($"var other{l} = {_t.ExpNonPositive($"-{_t.Abs($"{z0} - {z1}")}")};");
        w.Line($"var firstIsMax{l} = {_t.GreaterThanOrEqual(z0, z1)};");
        w.Line($"var e{l}_0 = {_t.Select($"firstIsMax{l}", $"larger{l}", $"other{l}")};");
        w.Line($"var e{l}_1 = {_t.Select($"firstIsMax{l}", $"other{l}", $"larger{l}")};");
    }

    /// <summary>The softmax's largest logit, which the output layer declares and the loss step reads.</summary>
    private static string SoftmaxMax(int l) => $"max{l}";

    /// <summary>The softmax's Σ e^(z − max), which the output layer declares and the loss step reads.</summary>
    private static string SoftmaxSum(int l) => $"sum{l}";

    /// <summary>Output i's logit and activation are locals of the forward pass.</summary>
    public OutputValues Output(int i)
    {
        int L = _model.LayerCount;
        string target = _target is { } y ? y(i) : throw new InvalidOperationException("This code has no targets: it computes no loss.");
        return new OutputValues(PreActivation(L, i), target, Error(L, i), Activation(L, i), $"{L}_{i}");
    }

    /// <summary>The output layer declared the softmax's max and sum, and a^L = p.</summary>
    public SoftmaxNormalizer? Softmax(CodeWriter w)
    {
        int L = _model.LayerCount;
        string max = SoftmaxMax(L);
        string sum = SoftmaxSum(L);
        return new SoftmaxNormalizer(
            new[] { $"{_t.Local} logSum{L} = {LossCode.LogSum(sum, _t)};" },
            $"logSum{L}",
            max,
            o => o.Activation,
            LossCode.Notation(Loss.SoftmaxCrossEntropy, L, max, sum));
    }

    /// <summary>J as one sum over the outputs' locals into a local <c>loss</c>, then δ^L output by output.</summary>
    public void Write(CodeWriter w, LossComments? comments, IReadOnlyList<string> shared, Func<OutputValues, OutputLoss> perOutput)
    {
        string t = _t.Local;
        if (comments is not null)
        {
            w.Line($"// {comments.Loss}.");
        }

        foreach (string statement in shared)
        {
            w.Line(statement);
        }

        var outputs = Enumerable.Range(0, _model.OutputSize).Select(i => (Values: Output(i), Loss: perOutput(Output(i)))).ToList();
        foreach (var (name, value) in outputs.SelectMany(o => o.Loss.Locals))
        {
            w.Line($"{t} {name} = {value};");
        }

        var terms = outputs.Select(o => o.Loss.TermIsSum ? $"({o.Loss.Term})" : o.Loss.Term).ToList();
        w.Sum($"{t} loss = ", terms, ";", outputs[0].Loss.TermsPerLine);

        if (comments is not null)
        {
            w.Line($"// Output error: {comments.OutputError}.");
        }

        foreach (var (values, outputLoss) in outputs)
        {
            w.Line($"{t} {values.Error} = {outputLoss.Error.Value};");
        }
    }

    /// <summary>delta^(l−1)_j = (Σ_i W^l[i,j]·delta^l_i)·f′, one local per neuron.</summary>
    public void ErrorBelow(CodeWriter w, int l)
    {
        int below = l - 1;
        Activation activation = _model.ActivationOf(below);
        w.Line($"// {Error(below)} = (W{l}ᵀ · {Error(l)}) ⊙ f{below}′({PreActivation(below)}), with {ActivationCode.DerivativeNotation(activation)}.");
        for (int j = 0; j < _model.Sizes[below]; j++)
        {
            var products = Enumerable.Range(0, _model.Sizes[l]).Select(i => (_parameter(WeightIndex(l, i, j)), Error(l, i))).ToList();
            string? derivative = ActivationCode.DerivativeFromOutput(activation, Activation(below, j), _t);
            DeclareSum(w, Error(below, j), products, null, derivative is null ? ";" : $" * {derivative};", parenthesized: true);
        }
    }

    /// <summary>
    /// <c>name = Σ w·x (+ addend)</c> then <paramref name="suffix"/>, in parentheses where
    /// <paramref name="parenthesized"/> (for a factor in the suffix). Over vectors too a sum of products,
    /// not the runtime's fused multiply-add: a call per product used up the JIT's inlining budget of a
    /// pass (8-16-4 kept 162 of them, and its tanh, as calls), operators cost it nothing.
    /// </summary>
    public void DeclareSum(CodeWriter w, string name, IReadOnlyList<(string Weight, string Value)> products, string? addend, string suffix, bool parenthesized = false)
    {
        var terms = products.Select(p => $"{p.Weight} * {p.Value}").ToList();
        if (addend is not null)
        {
            terms.Add(addend);
        }

        w.Sum($"{_t.Local} {name} = {(parenthesized ? "(" : "")}", terms, (parenthesized ? ")" : "") + suffix);
    }
}
