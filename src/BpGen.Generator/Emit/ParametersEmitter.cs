using System.Linq;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>The sizes as constants, the parameter array with its layout, and its seeded initialization.</summary>
internal static class ParametersEmitter
{
    public static void Emit(CodeWriter w, NetworkModel model, NumericType t)
    {
        EmitConstants(w, model, t);
        NetworkInterfaces.EmitSizes(w, model, t);
        EmitCompiledData(w, model, t);
        EmitParameters(w, model, t);
        ScalingEmitter.Emit(w, model);
        EmitInitialization(w, model, t);
        EmitCompiledRestore(w, model, t);
    }

    /// <summary>The parameters compiled in from a weights file, if the network names one.</summary>
    internal static void EmitCompiledData(CodeWriter w, NetworkModel model, NumericType t)
    {
        if (model.Weights is { } weights)
        {
            CompiledWeightsEmitter.EmitData(w, weights, t);
        }
    }

    /// <summary>RestoreCompiledWeights, if the network names a weights file.</summary>
    internal static void EmitCompiledRestore(CodeWriter w, NetworkModel model, NumericType t)
    {
        if (model.Weights is { } weights)
        {
            CompiledWeightsEmitter.EmitRestore(w, weights, t);
        }
    }

    /// <param name="w">The writer.</param>
    /// <param name="model">The network.</param>
    /// <param name="t">The element type.</param>
    internal static void EmitConstants(CodeWriter w, NetworkModel model, NumericType t)
    {
        string countFormula = string.Join(" + ", Enumerable.Range(1, model.LayerCount).Select(l => CountFormula(model, l)));
        string pass = model.IsRecurrent ? "Step" : "Forward";
        w.Line($"/// <summary>n0, the number of inputs <see cref=\"{pass}\"/> reads.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public const int InputSize = {model.InputSize};");
        w.Line();
        w.Line($"/// <summary>nL, the number of outputs <see cref=\"{pass}\"/> writes.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public const int OutputSize = {model.OutputSize};");
        w.Line();
        w.Line(model.IsRecurrent
            ? $"/// <summary>{countFormula}: every weight and bias (G·H·(n_(l−1) + H + 2) for a recurrent layer of G gates).</summary>"
            : $"/// <summary>Σ_l n_l·(n_(l−1) + 1) = {countFormula}: every weight and bias.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public const int ParameterCount = {model.ParameterCount};");
        w.Line();
    }

    /// <summary>A layer's parameter count as a formula: n_l·(n_(l−1) + 1), or G·H·(n_(l−1) + H + 2) for a recurrent one.</summary>
    private static string CountFormula(NetworkModel model, int l)
    {
        int gates = ParameterLayout.Gates(model.KindOf(l));
        return gates == 0
            ? $"{model.Sizes[l]}·({model.Sizes[l - 1]} + 1)"
            : $"{gates}·{model.Sizes[l]}·({model.Sizes[l - 1]} + {model.Sizes[l]} + 2)";
    }

    /// <summary>
    /// Whether θ lives in <c>AlignedParameters</c>, from a 32-byte boundary on: on the kernel path (above
    /// the unroll limit of the network's kind), whose kernels load weight rows as vectors. Unrolled code
    /// reads θ one weight at a time by index into the array itself (MethodSignatures.DeclareTheta), which
    /// gains nothing from it.
    /// </summary>
    private static bool Aligned(NetworkModel model) =>
        model.IsRecurrent ? !RecurrentStepEmitter.Unrolls(model) : model.ParameterCount > NetworkLimits.UnrollLimit;

    /// <summary>The type of the field that holds θ.</summary>
    private static string StorageType(NetworkModel model, NumericType t) =>
        Aligned(model) ? $"global::BpGen.AlignedParameters<{t.Name}>" : $"{t.Name}[]";

    internal static void EmitParameters(CodeWriter w, NetworkModel model, NumericType t)
    {
        string where = Aligned(model) ? " (pinned, from a 32-byte boundary on, for the kernels' vector loads)" : "";
        w.Line(model.IsRecurrent
            ? $"// Every weight and bias, allocated once with the network{where}; Step allocates nothing, nor BackwardSequence up to the length whose record fits the stack."
            : $"// Every weight and bias, allocated once with the network{where}; Forward, Backward and Update allocate nothing.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"private readonly {StorageType(model, t)} _parameters = CreateInitialParameters();");
        w.Line();
        EmitLayoutSummary(w, model, "Every weight and bias, writable");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::System.Span<{t.Name}> Parameters => _parameters;");
        w.Line();
    }

    /// <summary>The documentation of Parameters: <paramref name="what"/>, then the layout with each layer's range.</summary>
    internal static void EmitLayoutSummary(CodeWriter w, NetworkModel model, string what)
    {
        w.Line("/// <summary>");
        w.Line($"/// {what}: layer after layer, first W^l row-major (W^l[i,j] at");
        if (model.IsRecurrent)
        {
            w.Line("/// offset + i·n_(l−1) + j), then b^l; a recurrent layer's weight_ih, weight_hh, bias_ih, bias_hh as PyTorch's state_dict holds them,");
            w.Line("/// each a stack of its gates' rows in PyTorch's order: r, z, n for a GRU, i, f, g, o for an LSTM (ONNX's GRU is z, r, h: reorder to load by hand).");
        }
        else
        {
            w.Line("/// offset + i·n_(l−1) + j), then b^l.");
        }

        w.Line("/// <list type=\"bullet\">");
        ParameterLayout layout = model.Layout;
        for (int l = 1; l <= model.LayerCount; l++)
        {
            if (model.KindOf(l) != Layer.Dense)
            {
                var blocks = new System.Collections.Generic.List<string>();
                foreach (ParameterBlock block in layout)
                {
                    if (block.Layer == l)
                    {
                        blocks.Add($"{block.Name} ({(block.Columns == 1 ? block.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{block.Rows}×{block.Columns}")}) at {Range(block)}");
                    }
                }

                w.Line($"/// <item>{string.Join(", ", blocks)}</item>");
                continue;
            }

            ParameterBlock weights = layout.Weights(l), biases = layout.Biases(l);
            w.Line($"/// <item>{weights.Name} ({weights.Rows}×{weights.Columns}) at {Range(weights)}, {biases.Name} at {Range(biases)}</item>");
        }

        w.Line("/// </list>");
        w.Line("/// </summary>");
    }

    private static string Range(ParameterBlock block) => block.Count == 1 ? $"{block.Offset}" : $"{block.Offset}–{block.End - 1}";

    internal static void EmitInitialization(CodeWriter w, NetworkModel model, NumericType t)
    {
        w.Line("/// <summary>");
        if (model.IsRecurrent)
        {
            w.Line("/// Sets every parameter to a seeded random value: a recurrent layer's weights and biases uniform in");
            w.Line("/// ±1/√H, as PyTorch initializes them; a dense layer's weights Glorot/Xavier or He uniform, its biases zero.");
        }
        else
        {
            w.Line("/// Sets every weight to a seeded random value and every bias to zero: Glorot/Xavier uniform weights");
            w.Line($"/// for {ActivationCode.InitializedBy(he: false)} layers, He uniform for {ActivationCode.InitializedBy(he: true)} layers.");
        }

        w.Line(model.Weights is { } weights
            ? $"/// A seed gives the same parameters on every machine and runtime; a new network holds those compiled in from \"{CommentText.Xml(weights.FileName)}\" (see <see cref=\"RestoreCompiledWeights\"/>)."
            : "/// A seed gives the same parameters on every machine and runtime; a new network holds those of seed 0.");
        w.Line("/// </summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line("public void InitializeParameters(int seed) => FillInitialParameters(_parameters, seed);");
        w.Line();
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private static {StorageType(model, t)} CreateInitialParameters()"))
        {
            string storage = Aligned(model) ? $"new {StorageType(model, t)}(ParameterCount)" : $"new {t.Name}[ParameterCount]";
            if (model.Weights is not null && !Aligned(model))
            {
                w.Line($"return {CompiledWeightsEmitter.View(t)}.ToArray();");
            }
            else
            {
                w.Line($"var parameters = {storage};");
                w.Line(model.Weights is not null ? $"{CompiledWeightsEmitter.View(t)}.CopyTo(parameters);" : "FillInitialParameters(parameters, 0);");
                w.Line("return parameters;");
            }
        }

        w.Line();
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"private static void FillInitialParameters(global::System.Span<{t.Name}> parameters, int seed)"))
        {
            w.Line("var random = new global::BpGen.SeededRandom(seed);");
            for (int l = 1; l <= model.LayerCount; l++)
            {
                w.Line();
                if (model.KindOf(l) == Layer.Dense)
                {
                    EmitDenseInitialization(w, model, t, l);
                }
                else
                {
                    EmitRecurrentInitialization(w, model, t, l);
                }
            }
        }

        w.Line();
    }

    /// <summary>Recurrent layer <paramref name="l"/>'s four blocks uniform in ±1/√H from <c>random</c>, as PyTorch initializes them.</summary>
    private static void EmitRecurrentInitialization(CodeWriter w, NetworkModel model, NumericType t, int l)
    {
        (int offset, int count) = model.Layout.LayerRange(l);
        w.Line($"// Layer {l} ({model.KindOf(l)}, H = {model.Sizes[l]}): weight_ih{l}, weight_hh{l}, bias_ih{l}, bias_hh{l} ~ U(−r{l}, r{l}), r{l} = 1/√H.");
        w.Line($"double r{l} = 1 / global::System.Math.Sqrt({model.Sizes[l]});");
        w.Line($"for (int k = {offset}; k < {offset + count}; k++) parameters[k] = ({t.Name})random.NextUniform(r{l});");
    }

    /// <summary>Dense layer <paramref name="l"/>'s weights Glorot or He uniform from <c>random</c>, its biases zero.</summary>
    private static void EmitDenseInitialization(CodeWriter w, NetworkModel model, NumericType t, int l)
    {
        Activation activation = model.ActivationOf(l);
        w.Line($"// Layer {l} ({LayerNotation.Label(model, l)}): {ActivationCode.InitializationNotation(activation, l)}; b{l} = 0.");
        w.Line($"double r{l} = {ActivationCode.InitializationRadius(activation, model.Sizes[l - 1], model.Sizes[l])};");
        ParameterBlock layerWeights = model.Layout.Weights(l), layerBiases = model.Layout.Biases(l);
        w.Line($"for (int k = {layerWeights.Offset}; k < {layerWeights.End}; k++) parameters[k] = ({t.Name})random.NextUniform(r{l});");
        w.Line($"parameters.Slice({layerBiases.Offset}, {layerBiases.Count}).Clear();");
    }
}
