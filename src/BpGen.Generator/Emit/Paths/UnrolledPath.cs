using System;
using System.Collections.Generic;
using System.Linq;
using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// Small networks, fully unrolled: every neuron is a local (z1_0, a1_0, delta1_0 for z¹₀, a¹₀, δ¹₀),
/// every weight a constant index, so the JIT keeps values in registers. Its long blocks of statements
/// are set apart by blank lines.
/// </summary>
internal sealed class UnrolledPath : ICodePath, ILossLayout
{
    private readonly NetworkModel _model;
    private readonly NumericType _t;
    private readonly EquatableArray<double>? _constants;

    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="constants">θ as constants to fold into the arithmetic (a frozen network), or null to read θ.</param>
    public UnrolledPath(NetworkModel model, NumericType t, EquatableArray<double>? constants = null)
    {
        _model = model;
        _t = t;
        _constants = constants;
    }

    public bool SkipLocalsInit => false;

    // These bodies hold only spans and numbers, so nullable analysis has nothing to find in them,
    // and at this length it was a third of the compile time they cost.
    public bool NeedsNullableAnalysis => false;

    /// <summary>How the code reads or writes θ_k, the parameter at index k: its exact value when frozen.</summary>
    private string Parameter(int k) => _constants is { } constants ? ExactLiteral.Of(constants[k], _t) : $"theta[{k}]";

    /// <summary>Where W^l[i,j] sits in θ.</summary>
    private int WeightIndex(int l, int i, int j) => _model.WeightOffset(l) + _model.Sizes[l - 1] * i + j;

    public void DeclareInput(CodeWriter w, Pass pass)
    {
        for (int j = 0; j < _model.InputSize; j++)
        {
            w.Line($"{_t.Name} {Activation(0, j)} = input[{j}];");
        }
    }

    /// <summary>z^l and a^l as locals; both passes keep every value, so the pass changes nothing.</summary>
    public void Layer(CodeWriter w, int l, Pass pass)
    {
        int fanIn = _model.Sizes[l - 1];
        w.Line(LayerNotation.LayerComment(_model, l));
        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            var terms = Enumerable.Range(0, fanIn)
                .Select(j => $"{Parameter(WeightIndex(l, i, j))} * {Activation(l - 1, j)}")
                .Append(Parameter(_model.BiasOffset(l) + i))
                .ToList();
            w.Sum($"{_t.Name} {PreActivation(l, i)} = ", terms, ";");
        }

        if (l == _model.LayerCount && _model.Loss == Loss.SoftmaxCrossEntropy)
        {
            Softmax(w, l);
            return;
        }

        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            w.Line($"{_t.Name} {Activation(l, i)} = {ActivationCode.Apply(_model.ActivationOf(l), PreActivation(l, i), _t)};");
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

        w.Line($"{_t.Name} {SoftmaxMax(l)} = {max};");
        for (int i = 0; i < n; i++)
        {
            w.Line($"{_t.Name} e{l}_{i} = {_t.Exp($"{PreActivation(l, i)} - {SoftmaxMax(l)}")};");
        }

        w.Sum($"{_t.Name} {SoftmaxSum(l)} = ", Enumerable.Range(0, n).Select(i => $"e{l}_{i}").ToList(), ";");
        for (int i = 0; i < n; i++)
        {
            w.Line($"{_t.Name} {Activation(l, i)} = e{l}_{i} / {SoftmaxSum(l)};");
        }
    }

    /// <summary>The softmax's largest logit, which the output layer declares and the loss step reads.</summary>
    private static string SoftmaxMax(int l) => $"max{l}";

    /// <summary>The softmax's Σ e^(z − max), which the output layer declares and the loss step reads.</summary>
    private static string SoftmaxSum(int l) => $"sum{l}";

    public void WriteOutput(CodeWriter w)
    {
        w.Line();
        for (int i = 0; i < _model.OutputSize; i++)
        {
            w.Line($"output[{i}] = {Activation(_model.LayerCount, i)};");
        }
    }

    /// <summary>The loss as one sum over the outputs, then δ^L output by output (<see cref="LossEmitter"/>).</summary>
    public void LossAndOutputError(CodeWriter w) => new LossEmitter(_model, _t).Emit(w, this);

    /// <summary>Output i's logit and activation are locals of the forward pass.</summary>
    public OutputValues Output(int i)
    {
        int L = _model.LayerCount;
        return new OutputValues(PreActivation(L, i), $"target[{i}]", Error(L, i), Activation(L, i), $"{L}_{i}");
    }

    /// <summary>The output layer declared the softmax's max and sum, and a^L = p.</summary>
    public SoftmaxNormalizer Softmax(CodeWriter w)
    {
        int L = _model.LayerCount;
        string max = SoftmaxMax(L);
        string sum = SoftmaxSum(L);
        return new SoftmaxNormalizer(
            new[] { $"{_t.Name} logSumExp{L} = {LossCode.LogSumExp(max, sum, _t)};" },
            $"logSumExp{L}",
            o => o.Activation,
            LossCode.Notation(Loss.SoftmaxCrossEntropy, L, max, sum));
    }

    /// <summary>J as one sum over the outputs' locals, then δ^L output by output.</summary>
    public void Write(CodeWriter w, LossComments? comments, IReadOnlyList<string> shared, Func<OutputValues, OutputLoss> perOutput)
    {
        string t = _t.Name;
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

        OutputLoss first = outputs[0].Loss;
        var terms = outputs.Select(o => o.Loss.TermIsSum ? $"({o.Loss.Term})" : o.Loss.Term).ToList();
        if (first.Factor is { } factor)
        {
            w.Sum($"{t} loss = {factor} * (", terms, ");", first.TermsPerLine);
        }
        else
        {
            w.Sum($"{t} loss = ", terms, ";", first.TermsPerLine);
        }

        if (comments is not null)
        {
            w.Line($"// Output error: {comments.OutputError}.");
        }

        foreach (var (values, outputLoss) in outputs)
        {
            w.Line($"{t} {values.Error} = {outputLoss.Error.Value};");
        }
    }

    public void Gradient(CodeWriter w, int l)
    {
        w.Line($"// ∂J/∂W{l}[i,j] = {Error(l)}[i]·{Activation(l - 1)}[j] and ∂J/∂b{l}[i] = {Error(l)}[i], added into gradient.");
        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            for (int j = 0; j < _model.Sizes[l - 1]; j++)
            {
                w.Line($"gradient[{WeightIndex(l, i, j)}] += {Error(l, i)} * {Activation(l - 1, j)};");
            }
        }

        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            w.Line($"gradient[{_model.BiasOffset(l) + i}] += {Error(l, i)};");
        }
    }

    public void ErrorBelow(CodeWriter w, int l)
    {
        w.Line();
        ErrorBelowStatements(w, l);
    }

    /// <summary>delta^(l−1)_j = (Σ_i W^l[i,j]·delta^l_i)·f′, one local per neuron.</summary>
    private void ErrorBelowStatements(CodeWriter w, int l)
    {
        int below = l - 1;
        Activation activation = _model.ActivationOf(below);
        w.Line($"// {Error(below)} = (W{l}ᵀ · {Error(l)}) ⊙ f{below}′({PreActivation(below)}), with {ActivationCode.DerivativeNotation(activation)}.");
        for (int j = 0; j < _model.Sizes[below]; j++)
        {
            var terms = Enumerable.Range(0, _model.Sizes[l])
                .Select(i => $"{Parameter(WeightIndex(l, i, j))} * {Error(l, i)}")
                .ToList();
            string? derivative = ActivationCode.DerivativeFromOutput(activation, Activation(below, j), _t);
            w.Sum($"{_t.Name} {Error(below, j)} = (", terms, derivative is null ? ");" : $") * {derivative};");
        }
    }

    public void Descend(CodeWriter w, int l)
    {
        w.Line($"// W{l} ← W{l} − α·({Error(l)}·{Activation(l - 1)}ᵀ + λ·W{l}) and b{l} ← b{l} − α·{Error(l)}{(l > 1 ? $", now that {Error(l - 1)} no longer needs W{l}" : "")}.");
        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            for (int j = 0; j < _model.Sizes[l - 1]; j++)
            {
                string weight = Parameter(WeightIndex(l, i, j));
                w.Line($"{weight} -= learningRate * ({Error(l, i)} * {Activation(l - 1, j)}) + decay * {weight};");
            }
        }

        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            w.Line($"{Parameter(_model.BiasOffset(l) + i)} -= learningRate * {Error(l, i)};");
        }
    }

    /// <summary>Not fused: every delta^(l−1) is a local before the first weight of W^l changes.</summary>
    public void PropagateAndDescend(CodeWriter w, int l)
    {
        ErrorBelowStatements(w, l);
        w.Line();
        Descend(w, l);
    }
}
