using System.Linq;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// <c>InputScaling</c> and <c>OutputScaling</c>: settable on a trainable network, fixed on a frozen one,
/// starting from the scaling a weights file compiled in, if any. The methods apply them through
/// <see cref="Methods.ScalingDispatch"/>.
/// </summary>
internal static class ScalingEmitter
{
    internal const string Type = "global::BpGen.Standardizer";

    private static readonly string[] InputSummary =
    {
        "/// The standardization of raw inputs, (x − μ)/σ per input, applied before the first layer by every method that",
        "/// takes inputs (and so by Train and Evaluate); null when inputs enter the network as they are.",
    };

    private static readonly string[] OutputSummary =
    {
        "/// A regression network's standardization of its targets: outputs are mapped back through it (y = a·σ + μ) and",
        "/// targets standardized before the loss, so the network learns in standardized units and answers in the targets'.",
        "/// Only for Loss.MeanSquaredError; null when outputs are used as they are.",
    };

    private const string InputRefusal = "Set to a standardization of another number of features than the network has inputs, or, in a float network, of values beyond float's range.";

    private const string OutputRefusal = "Set on a network that is not a regression, or to a standardization of another number of features than the network has outputs, a standard deviation of 0, or, in a float network, values beyond float's range.";

    private static readonly string[] FrozenInputSummary =
    {
        "/// The standardization of raw inputs, (x − μ)/σ per input, applied before the first layer by every method that",
        "/// takes inputs; null when inputs enter the network as they are.",
    };

    private static readonly string[] FrozenOutputSummary =
    {
        "/// A regression network's standardization of its targets: outputs are mapped back through it (y = a·σ + μ), so the",
        "/// network answers in the targets' units; null when outputs are used as they are.",
    };

    public static void Emit(CodeWriter w, NetworkModel model)
    {
        CompiledWeights? weights = model.Weights;
        if (model.IsFrozen)
        {
            Fixed(w, "InputScaling", "_inputScaling", FrozenInputSummary);
            Fixed(w, "OutputScaling", "_outputScaling", FrozenOutputSummary);
            return;
        }

        Settable(w, "InputScaling", "_inputScaling", InputSummary, InputRefusal, "CheckInput", weights is not null);
        Settable(w, "OutputScaling", "_outputScaling", OutputSummary, OutputRefusal, "CheckOutput", weights is not null);
    }

    /// <summary>What <c>RestoreCompiledWeights</c> sets the scaling back to: the file's, or none.</summary>
    public static void EmitRestore(CodeWriter w)
    {
        w.Line("_inputScaling = CompiledWeightData.InputScaling;");
        w.Line("_outputScaling = CompiledWeightData.OutputScaling;");
    }

    private static void Settable(CodeWriter w, string property, string field, string[] summary, string refusal, string check, bool fromFile)
    {
        Summary(w, summary, "/// Saved and loaded with the parameters.");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\">{refusal}</exception>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block($"public {Type}? {property}"))
        {
            w.Line($"get => {field};");
            w.Line($"set => {field} = global::BpGen.NetworkScaling.{check}(value, Signature);");
        }

        w.Line();
        if (fromFile)
        {
            w.Line(NetworkEmitter.GeneratedCode);
            w.Line($"private {Type}? {field} = CompiledWeightData.{property}; // the weights file's, which RestoreCompiledWeights restores");
        }
        else
        {
            w.Line(NetworkEmitter.GeneratedCode);
            w.Line($"private {Type}? {field};");
        }

        w.Line();
    }

    private static void Fixed(CodeWriter w, string property, string field, string[] summary)
    {
        Summary(w, summary, "/// Compiled in from the weights file.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public {Type}? {property} => {field};");
        w.Line();
        w.Line("// The passes read the scaling under the name a trainable network's field has.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"private static {Type}? {field} => CompiledWeightData.{property};");
        w.Line();
    }

    private static void Summary(CodeWriter w, string[] lines, string last)
    {
        w.Line("/// <summary>");
        foreach (string line in lines)
        {
            w.Line(line);
        }

        w.Line(last);
        w.Line("/// </summary>");
    }

    /// <summary>The constructor call that rebuilds <paramref name="scaling"/> from exact literals, or null.</summary>
    /// <summary>The C# expression of a compiled-in scaling: a new Standardizer of exact literals, or null.</summary>
    public static string New(CompiledScaling? scaling) =>
        scaling is null ? "null" : $"new {Type}(new double[] {{ {Literals(scaling.Mean)} }}, new double[] {{ {Literals(scaling.Deviation)} }})";

    private static string Literals(EquatableArray<double> values) =>
        string.Join(", ", values.Select(v => ExactLiteral.Of(v, NumericType.Double)));
}
