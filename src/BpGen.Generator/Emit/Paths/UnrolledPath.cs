using System;
using System.Collections.Generic;
using System.Linq;
using BpGen.Generator.Model;
using static BpGen.Generator.Emit.LayerNames;

namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// Small networks, fully unrolled: every neuron is a local (z1_0, a1_0, delta1_0 for z¹₀, a¹₀, δ¹₀,
/// written by <see cref="NeuronCode"/>), every weight a constant index, so the JIT keeps values in
/// registers. Its long blocks of statements are set apart by blank lines.
/// </summary>
internal sealed class UnrolledPath : ICodePath
{
    private readonly NetworkModel _model;
    private readonly NumericType _t;
    private readonly EquatableArray<double>? _constants;
    private readonly NeuronCode _neurons;

    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    /// <param name="constants">θ as constants to fold into the arithmetic (a frozen network), or null to read θ.</param>
    public UnrolledPath(NetworkModel model, NumericType t, EquatableArray<double>? constants = null)
    {
        _model = model;
        _t = t;
        _constants = constants;
        _neurons = new NeuronCode(model, t, Parameter, i => $"target[{i}]");
    }

    public bool SkipLocalsInit => false;

    public bool IndexesWeights => true;

    /// <summary>How the code reads or writes θ_k, the parameter at index k: its exact value when frozen.</summary>
    private string Parameter(int k) => _constants is { } constants ? ExactLiteral.Of(constants[k], _t) : $"theta[{k}]";

    private int WeightIndex(int l, int i, int j) => _neurons.WeightIndex(l, i, j);

    public void DeclareInput(CodeWriter w, Pass pass)
    {
        for (int j = 0; j < _model.InputSize; j++)
        {
            w.Line($"{_t.Name} {Activation(0, j)} = input[{j}];");
        }
    }

    /// <summary>z^l and a^l as locals; both passes keep every value, so the pass changes nothing.</summary>
    public void Layer(CodeWriter w, int l, Pass pass) => _neurons.Layer(w, l);

    public void WriteOutput(CodeWriter w)
    {
        w.Line();
        for (int i = 0; i < _model.OutputSize; i++)
        {
            w.Line($"output[{i}] = {Activation(_model.LayerCount, i)};");
        }
    }

    /// <summary>The loss as one sum over the outputs, then δ^L output by output (<see cref="LossEmitter"/>).</summary>
    public void LossAndOutputError(CodeWriter w) => new LossEmitter(_model, _t).Emit(w, _neurons);

    /// <summary>
    /// Up to <see cref="NetworkLimits.UnrolledGradientLimit"/> parameters a statement per weight; above,
    /// the layer's δ and input copied from their locals to the stack and one vectorized kernel call for
    /// the outer product.
    /// </summary>
    public void Gradient(CodeWriter w, int l)
    {
        if (_model.ParameterCount > NetworkLimits.UnrolledGradientLimit)
        {
            w.Line($"// ∂J/∂W{l} = {Error(l)} · {Activation(l - 1)}ᵀ and ∂J/∂b{l}[i] = {Error(l)}[i], added into gradient; the outer product by one kernel call over copies of the locals.");
            StackCopy(w, Error(l), _model.Sizes[l], i => Error(l, i));
            string x = l == 1 ? "input" : StackCopy(w, Activation(l - 1), _model.Sizes[l - 1], j => Activation(l - 1, j));
            w.Line($"global::BpGen.Kernels.AddOuterProduct({Error(l)}, {x}, gradient.Slice({WeightIndex(l, 0, 0)}, {_model.Sizes[l] * _model.Sizes[l - 1]}));");
        }
        else
        {
            w.Line($"// ∂J/∂W{l}[i,j] = {Error(l)}[i]·{Activation(l - 1)}[j] and ∂J/∂b{l}[i] = {Error(l)}[i], added into gradient.");
            for (int i = 0; i < _model.Sizes[l]; i++)
            {
                for (int j = 0; j < _model.Sizes[l - 1]; j++)
                {
                    w.Line($"gradient[{WeightIndex(l, i, j)}] += {Error(l, i)} * {Activation(l - 1, j)};");
                }
            }
        }

        for (int i = 0; i < _model.Sizes[l]; i++)
        {
            w.Line($"gradient[{_model.BiasOffset(l) + i}] += {Error(l, i)};");
        }
    }

    /// <summary>Declares <paramref name="name"/>, a read-only span on the stack holding the <paramref name="count"/> locals.</summary>
    private string StackCopy(CodeWriter w, string name, int count, Func<int, string> local)
    {
        w.Line($"global::System.ReadOnlySpan<{_t.Name}> {name} = stackalloc {_t.Name}[] {{ {string.Join(", ", Enumerable.Range(0, count).Select(local))} }};");
        return name;
    }

    public void ErrorBelow(CodeWriter w, int l)
    {
        w.Line();
        _neurons.ErrorBelow(w, l);
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
        _neurons.ErrorBelow(w, l);
        w.Line();
        Descend(w, l);
    }
}
