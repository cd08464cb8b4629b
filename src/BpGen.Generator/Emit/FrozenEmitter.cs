using BpGen.Generator.Emit.Methods;
using BpGen.Generator.Emit.Paths;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// The members of a frozen network (<c>Frozen = true</c>): inference only, its weights constants. An
/// unrolled Forward has every weight written into its arithmetic; a looped one reads them in place
/// from the compiled-in data; ForwardBatch reads them in place too. No Backward, Update, Train or Load, and so no INetwork&lt;T&gt;, which
/// promises training: the class implements IInference&lt;T&gt; only.
/// </summary>
internal static class FrozenEmitter
{
    public static void EmitMembers(CodeWriter w, NetworkModel model, NumericType t, bool skipLocalsInit)
    {
        CompiledWeights weights = model.Weights!;
        ParametersEmitter.EmitConstants(w, model, t);
        NetworkInterfaces.EmitSizes(w, model, t);
        CompiledWeightsEmitter.EmitData(w, weights, t);
        ParametersEmitter.EmitLayoutSummary(w, model, "Every weight and bias, read-only and compiled in");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public global::System.ReadOnlySpan<{t.Name}> Parameters => {CompiledWeightsEmitter.View(t)};");
        w.Line();
        ScalingEmitter.Emit(w, model);

        bool unrolled = model.ParameterCount <= NetworkLimits.UnrollLimit;
        ICodePath path = unrolled
            ? new UnrolledPath(model, t, Constants(model, weights))
            : new LoopedPath(model, t, skipLocalsInit);
        if (unrolled)
        {
            w.Line($"// Every weight of \"{CommentText.Line(weights.FileName)}\" is a literal below, so Forward reads no memory but its input;");
            w.Line("// theta[k] in the comments is Parameters[k], the literal's value.");
        }

        MethodSkeletons.EmitForward(w, model, t, path, theta: unrolled ? null : "Parameters");
        var lanes = new LanesPath(model, t, skipLocalsInit);
        if (unrolled && UnrolledLanesPath.Pays(model))
        {
            // Batches in vector lanes, every weight a literal broadcast once.
            MethodSkeletons.EmitForwardBatch(w, model, t, new UnrolledLanesPath(model, t, skipLocalsInit, Constants(model, weights)), lanes.Width, theta: null);
        }
        else
        {
            // Batches go through the kernels, which read θ in place from the compiled-in data.
            MethodSkeletons.EmitForwardBatch(w, model, t, lanes, theta: "Parameters");
        }
    }

    /// <summary>The weights to write as literals: the file's, or zeros after a weights error (the build reports it; they never run).</summary>
    private static EquatableArray<double> Constants(NetworkModel model, CompiledWeights weights) =>
        weights.IsPlaceholder ? new EquatableArray<double>(new double[model.ParameterCount]) : weights.Values;
}
