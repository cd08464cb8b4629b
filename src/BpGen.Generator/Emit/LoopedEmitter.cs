using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// Forward and Backward for networks too large to unroll: each layer's matrix products go to the SIMD
/// kernels of BpGen.Kernels, with activations and errors in stackalloc'd spans. The code grows with the
/// number of layers, not of weights, so every method stays well inside the JIT's optimization limits.
/// </summary>
internal static class LoopedEmitter
{
    public static void EmitForward(CodeWriter w, NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        int L = model.LayerCount;
        NetworkEmitter.OpenForward(w, model, t, skipLocalsInit);
        w.Line($"global::System.ReadOnlySpan<{t.Name}> a0 = input;");
        if (L > 1)
        {
            w.Line("// Hidden activations live on the stack: nothing on the heap, nothing shared between calls.");
        }

        for (int l = 1; l < L; l++)
        {
            w.Line($"global::System.Span<{t.Name}> a{l} = stackalloc {t.Name}[{model.Sizes[l]}];");
        }

        for (int l = 1; l <= L; l++)
        {
            w.Line();
            EmitDenseLayer(w, model, t, l, l == L ? "output" : $"a{l}", applyActivation: true);
        }

        if (model.Loss == LossKind.SoftmaxCrossEntropy)
        {
            w.Line();
            w.Line("// p = softmax(z), in place, shifted by the largest logit so that no exponent overflows.");
            w.Line("global::BpGen.Kernels.Softmax(output);");
        }

        w.Close();
        w.Line();
    }

    public static void EmitBackward(CodeWriter w, NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        NetworkEmitter.OpenBackward(w, t, skipLocalsInit);
        EmitForwardAndLoss(w, model, t);
        for (int l = model.LayerCount; l >= 1; l--)
        {
            w.Line();
            EmitGradientAndHiddenError(w, model, t, l);
        }

        w.Line();
        w.Line("return loss;");
        w.Close();
        w.Line();
    }

    public static void EmitTrainStep(CodeWriter w, NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        NetworkEmitter.OpenTrainStep(w, t, skipLocalsInit);
        EmitForwardAndLoss(w, model, t);
        for (int l = model.LayerCount; l >= 1; l--)
        {
            w.Line();
            if (l > 1)
            {
                w.Line($"// delta{l - 1} ← W{l}ᵀ · delta{l} with W{l} as it was, and W{l} ← W{l} − α·(delta{l} · a{l - 1}ᵀ + λ·W{l}): one pass over W{l}.");
                w.Line($"global::BpGen.Kernels.PropagateAndDescend(delta{l}, a{l - 1}, {Weights(model, l)}, learningRate, decay, delta{l - 1});");
                EmitDerivativeProduct(w, model, t, l - 1);
            }
            else
            {
                w.Line($"// W{l} ← W{l} − α·(delta{l} · a{l - 1}ᵀ + λ·W{l}).");
                w.Line($"global::BpGen.Kernels.DescendOuterProduct(delta{l}, a{l - 1}, {Weights(model, l)}, learningRate, decay);");
            }

            w.Line($"// b{l} ← b{l} − α·delta{l}.");
            w.Line($"for (int i = 0; i < {model.Sizes[l]}; i++) theta[{model.BiasOffset(l)} + i] -= learningRate * delta{l}[i];");
        }

        w.Line();
        w.Line("return loss;");
        w.Close();
        w.Line();
    }

    /// <summary>The forward pass of Backward and TrainStep: scratch, every layer (logits zL kept), the loss and δ^L.</summary>
    private static void EmitForwardAndLoss(CodeWriter w, NetworkModel model, NumericType t)
    {
        int L = model.LayerCount;
        EmitScratch(w, model, t);
        for (int l = 1; l <= L; l++)
        {
            w.Line();
            EmitDenseLayer(w, model, t, l, l == L ? $"z{L}" : $"a{l}", applyActivation: l < L);
        }

        w.Line();
        EmitLossAndOutputError(w, model, t);
    }

    /// <summary>a0, and stack scratch for the activations, the output logits and the errors.</summary>
    private static void EmitScratch(CodeWriter w, NetworkModel model, NumericType t)
    {
        int L = model.LayerCount;
        w.Line($"global::System.ReadOnlySpan<{t.Name}> a0 = input;");
        w.Line("// Activations, output logits and errors live on the stack: nothing on the heap, nothing shared between calls.");
        for (int l = 1; l < L; l++)
        {
            w.Line($"global::System.Span<{t.Name}> a{l} = stackalloc {t.Name}[{model.Sizes[l]}];");
        }

        w.Line($"global::System.Span<{t.Name}> z{L} = stackalloc {t.Name}[{model.Sizes[L]}];");
        for (int l = L; l >= 1; l--)
        {
            w.Line($"global::System.Span<{t.Name}> delta{l} = stackalloc {t.Name}[{model.Sizes[l]}];");
        }
    }

    /// <summary>destination = f(W^l · a^(l−1) + b^l): the affine map by a SIMD kernel, then the activation in place.</summary>
    private static void EmitDenseLayer(CodeWriter w, NetworkModel model, NumericType t, int l, string destination, bool applyActivation)
    {
        w.Line(NetworkEmitter.LayerComment(model, l));
        w.Line($"global::BpGen.Kernels.Affine({Weights(model, l)}, theta.Slice({model.BiasOffset(l)}, {model.Sizes[l]}), a{l - 1}, {destination}); // {destination} ← W{l} · a{l - 1} + b{l}");
        ActivationKind activation = model.ActivationOf(l);
        if (!applyActivation || activation == ActivationKind.Identity)
        {
            return;
        }

        string? kernelCall = activation switch
        {
            ActivationKind.ReLU => $"ReLU({destination})",
            ActivationKind.LeakyReLU => $"LeakyReLU({destination}, {t.Literal(ActivationCode.LeakySlope)})",
            ActivationKind.Sigmoid => $"Sigmoid({destination})",
            ActivationKind.Tanh => $"Tanh({destination})",
            _ => null,
        };
        if (kernelCall is not null)
        {
            w.Line($"global::BpGen.Kernels.{kernelCall}; // {destination} ← {ActivationCode.Notation(activation, destination)}");
        }
        else
        {
            w.Open($"for (int i = 0; i < {model.Sizes[l]}; i++)");
            w.Line($"{t.Name} z = {destination}[i];");
            w.Line($"{destination}[i] = {ActivationCode.Apply(activation, "z", t)};");
            w.Close();
        }
    }

    /// <summary>W^l as a slice of θ (or of the gradient, in the same layout).</summary>
    private static string Weights(NetworkModel model, int l, string of = "theta") =>
        $"{of}.Slice({model.WeightOffset(l)}, {model.Sizes[l] * model.Sizes[l - 1]})";

    /// <summary>The loss J and the output error δ^L = ∂J/∂z^L of SPEC §1's table.</summary>
    private static void EmitLossAndOutputError(CodeWriter w, NetworkModel model, NumericType t)
    {
        int L = model.LayerCount;
        string zero = t.Literal(0);
        switch (model.Loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                w.Line($"// Softmax, shifted by the largest logit so that no exponent overflows: e^(z{L} − max) is kept in delta{L} for now.");
                w.Line($"{t.Name} sum = global::BpGen.Kernels.ExpMinusMax(z{L}, delta{L}, out {t.Name} max);");
                w.Line($"// J = −Σ y_j·ln p_j, with ln p_j = z{L}_j − (max + ln sum): never the logarithm of 0.");
                w.Line($"// Output error: delta{L} = p − y.");
                w.Line($"{t.Name} logSumExp = max + {t.Math}.Log(sum);");
                w.Line($"{t.Name} loss = {zero};");
                w.Open("for (int i = 0; i < OutputSize; i++)");
                w.Line($"loss += target[i] * (logSumExp - z{L}[i]);");
                w.Line($"delta{L}[i] = delta{L}[i] / sum - target[i];");
                w.Close();
                break;

            case LossKind.BinaryCrossEntropy:
                w.Line("// J = −Σ [y·ln a + (1 − y)·ln(1 − a)], written as max(z, 0) − z·y + ln(1 + e^−|z|) so it stays finite when σ saturates.");
                w.Line($"// Output error: delta{L} = a{L} − y with a{L} = σ(z{L}).");
                w.Line($"{t.Name} loss = {zero};");
                w.Open("for (int i = 0; i < OutputSize; i++)");
                w.Line($"{t.Name} z = z{L}[i];");
                w.Line($"loss += {t.Math}.Max(z, {zero}) - z * target[i] + {t.Math}.Log({t.Literal(1)} + {t.Math}.Exp(-{t.Math}.Abs(z)));");
                w.Line($"delta{L}[i] = {ActivationCode.Apply(ActivationKind.Sigmoid, "z", t)} - target[i];");
                w.Close();
                break;

            default:
                ActivationKind output = model.ActivationOf(L);
                string? derivative = ActivationCode.DerivativeFromOutput(output, "a", t);
                w.Line($"// J = ½ Σ (a{L}_i − y_i)²; output error: delta{L} = (a{L} − y) ⊙ f{L}′(z{L}).");
                w.Line($"{t.Name} loss = {zero};");
                w.Open("for (int i = 0; i < OutputSize; i++)");
                w.Line($"{t.Name} z = z{L}[i];");
                w.Line($"{t.Name} a = {ActivationCode.Apply(output, "z", t)};");
                w.Line($"{t.Name} error = a - target[i];");
                w.Line($"loss += {t.Literal(0.5)} * error * error;");
                w.Line(derivative is null ? $"delta{L}[i] = error;" : $"delta{L}[i] = error * {derivative};");
                w.Close();
                break;
        }
    }

    /// <summary>Adds ∂J/∂W^l = δ^l·(a^(l−1))ᵀ and ∂J/∂b^l = δ^l into gradient; below the first layer, δ^(l−1) = ((W^l)ᵀ · δ^l) ⊙ f′.</summary>
    private static void EmitGradientAndHiddenError(CodeWriter w, NetworkModel model, NumericType t, int l)
    {
        int previous = l - 1;
        w.Line($"// ∂J/∂W{l} = delta{l} · a{previous}ᵀ and ∂J/∂b{l} = delta{l}, added into gradient.");
        w.Line($"global::BpGen.Kernels.AddOuterProduct(delta{l}, a{previous}, {Weights(model, l, "gradient")});");
        w.Line($"for (int i = 0; i < {model.Sizes[l]}; i++) gradient[{model.BiasOffset(l)} + i] += delta{l}[i];");
        if (l > 1)
        {
            EmitHiddenError(w, model, t, l);
        }
    }

    /// <summary>δ^(l−1) = ((W^l)ᵀ · δ^l) ⊙ f_(l−1)′.</summary>
    private static void EmitHiddenError(CodeWriter w, NetworkModel model, NumericType t, int l)
    {
        w.Line($"// delta{l - 1} = (W{l}ᵀ · delta{l}) ⊙ f{l - 1}′(z{l - 1}).");
        w.Line($"global::BpGen.Kernels.MultiplyTransposedMatrixVector({Weights(model, l)}, delta{l}, delta{l - 1});");
        EmitDerivativeProduct(w, model, t, l - 1);
    }

    /// <summary>delta^l ← delta^l ⊙ f_l′, with f′ from the activations a^l kept by the forward pass.</summary>
    private static void EmitDerivativeProduct(CodeWriter w, NetworkModel model, NumericType t, int l)
    {
        ActivationKind activation = model.ActivationOf(l);
        string? derivative = ActivationCode.DerivativeFromOutput(activation, $"a{l}[j]", t);
        if (activation is ActivationKind.ReLU or ActivationKind.LeakyReLU)
        {
            double slope = activation == ActivationKind.ReLU ? 0 : ActivationCode.LeakySlope;
            w.Line($"global::BpGen.Kernels.MultiplyByRectifierDerivative(delta{l}, a{l}, {t.Literal(slope)}); // {ActivationCode.DerivativeNotation(activation)}");
        }
        else if (derivative is not null)
        {
            w.Line($"for (int j = 0; j < {model.Sizes[l]}; j++) delta{l}[j] *= {derivative}; // {ActivationCode.DerivativeNotation(activation)}");
        }
    }
}
