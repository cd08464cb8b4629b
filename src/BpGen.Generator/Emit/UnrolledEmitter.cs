using System.Collections.Generic;
using System.Linq;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// Forward and Backward for small networks, fully unrolled: every neuron is a local (z1_0, a1_0,
/// delta1_0 for z¹₀, a¹₀, δ¹₀), every weight a constant index, so the JIT keeps values in registers.
/// </summary>
internal static class UnrolledEmitter
{
    public static void EmitForward(CodeWriter w, NetworkModel model, NumericType t)
    {
        NetworkEmitter.OpenForward(w, model, t, skipLocalsInit: false);
        EmitLayers(w, model, t);
        w.Line();
        for (int i = 0; i < model.OutputSize; i++)
        {
            w.Line($"output[{i}] = a{model.LayerCount}_{i};");
        }

        w.Close();
        w.Line();
    }

    public static void EmitBackward(CodeWriter w, NetworkModel model, NumericType t)
    {
        NetworkEmitter.OpenBackward(w, t, skipLocalsInit: false);
        EmitLayers(w, model, t);
        w.Line();
        EmitLossAndOutputError(w, model, t);
        for (int l = model.LayerCount; l >= 1; l--)
        {
            w.Line();
            EmitGradient(w, model, l);
            if (l > 1)
            {
                w.Line();
                EmitHiddenError(w, model, t, l - 1);
            }
        }

        w.Line();
        w.Line("return loss;");
        w.Close();
        w.Line();
    }

    public static void EmitTrainStep(CodeWriter w, NetworkModel model, NumericType t)
    {
        NetworkEmitter.OpenTrainStep(w, t, skipLocalsInit: false);
        EmitLayers(w, model, t);
        w.Line();
        EmitLossAndOutputError(w, model, t);
        for (int l = model.LayerCount; l >= 1; l--)
        {
            if (l > 1)
            {
                w.Line();
                EmitHiddenError(w, model, t, l - 1);
            }

            w.Line();
            EmitDescent(w, model, l);
        }

        w.Line();
        w.Line("return loss;");
        w.Close();
        w.Line();
    }

    /// <summary>W^l ← W^l − α·(δ^l·(a^(l−1))ᵀ + λ·W^l) and b^l ← b^l − α·δ^l, element by element.</summary>
    private static void EmitDescent(CodeWriter w, NetworkModel model, int l)
    {
        int fanIn = model.Sizes[l - 1];
        w.Line($"// W{l} ← W{l} − α·(delta{l}·a{l - 1}ᵀ + λ·W{l}) and b{l} ← b{l} − α·delta{l}{(l > 1 ? $", now that delta{l - 1} no longer needs W{l}" : "")}.");
        for (int i = 0; i < model.Sizes[l]; i++)
        {
            for (int j = 0; j < fanIn; j++)
            {
                int k = model.WeightOffset(l) + fanIn * i + j;
                w.Line($"theta[{k}] -= learningRate * (delta{l}_{i} * a{l - 1}_{j}) + decay * theta[{k}];");
            }
        }

        for (int i = 0; i < model.Sizes[l]; i++)
        {
            w.Line($"theta[{model.BiasOffset(l) + i}] -= learningRate * delta{l}_{i};");
        }
    }

    /// <summary>a0 = input, then z^l and a^l for every layer.</summary>
    private static void EmitLayers(CodeWriter w, NetworkModel model, NumericType t)
    {
        for (int j = 0; j < model.InputSize; j++)
        {
            w.Line($"{t.Name} a0_{j} = input[{j}];");
        }

        for (int l = 1; l <= model.LayerCount; l++)
        {
            int fanIn = model.Sizes[l - 1];
            w.Line();
            w.Line(NetworkEmitter.LayerComment(model, l));
            for (int i = 0; i < model.Sizes[l]; i++)
            {
                var terms = Enumerable.Range(0, fanIn)
                    .Select(j => $"theta[{model.WeightOffset(l) + fanIn * i + j}] * a{l - 1}_{j}")
                    .Append($"theta[{model.BiasOffset(l) + i}]")
                    .ToList();
                w.Sum($"{t.Name} z{l}_{i} = ", terms, ";");
            }

            if (l == model.LayerCount && model.Loss == LossKind.SoftmaxCrossEntropy)
            {
                EmitSoftmax(w, t, l, model.Sizes[l]);
                continue;
            }

            for (int i = 0; i < model.Sizes[l]; i++)
            {
                w.Line($"{t.Name} a{l}_{i} = {ActivationCode.Apply(model.ActivationOf(l), $"z{l}_{i}", t)};");
            }
        }
    }

    private static void EmitSoftmax(CodeWriter w, NumericType t, int l, int n)
    {
        w.Line($"// Softmax, shifted by the largest logit so that no exponent overflows.");
        string max = $"z{l}_0";
        for (int i = 1; i < n; i++)
        {
            max = $"{t.Math}.Max({max}, z{l}_{i})";
        }

        w.Line($"{t.Name} max{l} = {max};");
        for (int i = 0; i < n; i++)
        {
            w.Line($"{t.Name} e{l}_{i} = {t.Math}.Exp(z{l}_{i} - max{l});");
        }

        w.Sum($"{t.Name} sum{l} = ", Enumerable.Range(0, n).Select(i => $"e{l}_{i}").ToList(), ";");
        for (int i = 0; i < n; i++)
        {
            w.Line($"{t.Name} a{l}_{i} = e{l}_{i} / sum{l};");
        }
    }

    /// <summary>The loss J and the output error δ^L = ∂J/∂z^L of SPEC §1's table.</summary>
    private static void EmitLossAndOutputError(CodeWriter w, NetworkModel model, NumericType t)
    {
        int L = model.LayerCount;
        int n = model.OutputSize;
        List<string> Terms(System.Func<int, string> term) => Enumerable.Range(0, n).Select(term).ToList();

        switch (model.Loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                w.Line($"// J = −Σ y_j·ln p_j, with ln p_j = z{L}_j − (max{L} + ln sum{L}): never the logarithm of 0.");
                w.Line($"{t.Name} logSumExp{L} = max{L} + {t.Math}.Log(sum{L});");
                w.Sum($"{t.Name} loss = ", Terms(i => $"target[{i}] * (logSumExp{L} - z{L}_{i})"), ";", 2);
                w.Line($"// Output error: delta{L} = p − y.");
                for (int i = 0; i < n; i++)
                {
                    w.Line($"{t.Name} delta{L}_{i} = a{L}_{i} - target[{i}];");
                }

                break;

            case LossKind.BinaryCrossEntropy:
                w.Line($"// J = −Σ [y·ln a + (1 − y)·ln(1 − a)], written as max(z, 0) − z·y + ln(1 + e^−|z|) so it stays finite when σ saturates.");
                w.Sum(
                    $"{t.Name} loss = ",
                    Terms(i => $"({t.Math}.Max(z{L}_{i}, {t.Literal(0)}) - z{L}_{i} * target[{i}] + {t.Math}.Log({t.Literal(1)} + {t.Math}.Exp(-{t.Math}.Abs(z{L}_{i}))))"),
                    ";",
                    1);
                w.Line($"// Output error: delta{L} = a{L} − y.");
                for (int i = 0; i < n; i++)
                {
                    w.Line($"{t.Name} delta{L}_{i} = a{L}_{i} - target[{i}];");
                }

                break;

            default:
                w.Line($"// J = ½ Σ (a{L}_i − y_i)².");
                for (int i = 0; i < n; i++)
                {
                    w.Line($"{t.Name} error{L}_{i} = a{L}_{i} - target[{i}];");
                }

                w.Sum($"{t.Name} loss = {t.Literal(0.5)} * (", Terms(i => $"error{L}_{i} * error{L}_{i}"), ");");
                w.Line($"// Output error: delta{L} = (a{L} − y) ⊙ f{L}′(z{L}).");
                for (int i = 0; i < n; i++)
                {
                    string? derivative = ActivationCode.DerivativeFromOutput(model.ActivationOf(L), $"a{L}_{i}", t);
                    w.Line(derivative is null
                        ? $"{t.Name} delta{L}_{i} = error{L}_{i};"
                        : $"{t.Name} delta{L}_{i} = error{L}_{i} * {derivative};");
                }

                break;
        }
    }

    /// <summary>∂J/∂W^l = δ^l·(a^(l−1))ᵀ and ∂J/∂b^l = δ^l, added into gradient.</summary>
    private static void EmitGradient(CodeWriter w, NetworkModel model, int l)
    {
        int fanIn = model.Sizes[l - 1];
        w.Line($"// ∂J/∂W{l}[i,j] = delta{l}[i]·a{l - 1}[j] and ∂J/∂b{l}[i] = delta{l}[i], added into gradient.");
        for (int i = 0; i < model.Sizes[l]; i++)
        {
            for (int j = 0; j < fanIn; j++)
            {
                w.Line($"gradient[{model.WeightOffset(l) + fanIn * i + j}] += delta{l}_{i} * a{l - 1}_{j};");
            }
        }

        for (int i = 0; i < model.Sizes[l]; i++)
        {
            w.Line($"gradient[{model.BiasOffset(l) + i}] += delta{l}_{i};");
        }
    }

    /// <summary>δ^l = ((W^(l+1))ᵀ · δ^(l+1)) ⊙ f_l′(z^l).</summary>
    private static void EmitHiddenError(CodeWriter w, NetworkModel model, NumericType t, int l)
    {
        int next = l + 1;
        int fanIn = model.Sizes[l];
        ActivationKind activation = model.ActivationOf(l);
        w.Line($"// delta{l} = (W{next}ᵀ · delta{next}) ⊙ f{l}′(z{l}), with {ActivationCode.DerivativeNotation(activation)}.");
        for (int j = 0; j < model.Sizes[l]; j++)
        {
            var terms = Enumerable.Range(0, model.Sizes[next])
                .Select(i => $"theta[{model.WeightOffset(next) + fanIn * i + j}] * delta{next}_{i}")
                .ToList();
            string? derivative = ActivationCode.DerivativeFromOutput(activation, $"a{l}_{j}", t);
            w.Sum($"{t.Name} delta{l}_{j} = (", terms, derivative is null ? ");" : $") * {derivative};");
        }
    }
}
