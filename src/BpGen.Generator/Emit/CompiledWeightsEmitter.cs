using System;
using System.Text;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// Parameters read from a weights file at compile time, written into the class as read-only data, and
/// the members that use them: <c>RestoreCompiledWeights</c> for a trainable network.
/// </summary>
internal static class CompiledWeightsEmitter
{
    /// <summary>The compiled-in parameters as a read-only span of the element type.</summary>
    public static string View(NumericType t) => $"new global::System.ReadOnlySpan<{t.Name}>(CompiledWeightData.Parameters)";

    /// <summary>
    /// <c>CompiledWeightData</c>: a nested class holding the file's parameters, as a static read-only array
    /// of exact literals, and its scaling. The compiler stores the literals in the assembly and the runtime
    /// fills the array once. A class of their own, because the runtime initializes it at its first use:
    /// static fields of the network's class are initialized in file order, after any static field of the
    /// user's part that already creates a network. One literal a value, not one a byte: a quarter (float)
    /// or an eighth (double) of the syntax the compiler holds, and no byte array for analyzers that look
    /// for hard-coded data to follow.
    /// </summary>
    public static void EmitData(CodeWriter w, CompiledWeights weights, NumericType t)
    {
        if (weights.IsPlaceholder)
        {
            w.Line($"// No parameters: \"{CommentText.Line(weights.FileName)}\" has an error, which fails the build. Zeros stand in for them,");
            w.Line("// so that code using this class compiles and the error is the only one.");
        }
        else
        {
            w.Line($"// The {weights.Values.Length} parameters of \"{CommentText.Line(weights.FileName)}\" and its scaling, read at compile time, the");
            w.Line("// parameters in the layout of Parameters as literals that read back to the file's values exactly. A class");
            w.Line("// of their own, which the runtime initializes at its first use, whatever the order of the static fields.");
        }

        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block("private static class CompiledWeightData"))
        {
            if (weights.IsPlaceholder)
            {
                w.Line($"internal static readonly {t.Name}[] Parameters = new {t.Name}[ParameterCount]; // as many zeros, without a literal for each");
            }
            else
            {
                EmitParameters(w, weights, t);
            }

            w.Line();
            w.Line($"internal static readonly {ScalingEmitter.Type}? InputScaling = {ScalingEmitter.New(weights.InputScaling)};");
            w.Line();
            w.Line($"internal static readonly {ScalingEmitter.Type}? OutputScaling = {ScalingEmitter.New(weights.OutputScaling)};");
        }

        w.Line();
    }

    private static void EmitParameters(CodeWriter w, CompiledWeights weights, NumericType t)
    {
        w.Line($"internal static readonly {t.Name}[] Parameters =");
        w.Line("{");
        int perLine = t == NumericType.Single ? 8 : 4;
        for (int start = 0; start < weights.Values.Length; start += perLine)
        {
            var line = new StringBuilder("    ");
            for (int i = start; i < Math.Min(start + perLine, weights.Values.Length); i++)
            {
                line.Append(ExactLiteral.Of(weights.Values[i], t)).Append(", ");
            }

            w.Line(line.ToString().TrimEnd());
        }

        w.Line("};");
    }

    /// <summary>RestoreCompiledWeights, for a network that trains from the compiled-in parameters and scaling (none, if the file has none).</summary>
    public static void EmitRestore(CodeWriter w, CompiledWeights weights, NumericType t)
    {
        w.Line($"/// <summary>Sets every weight and bias, and the scaling, back to those compiled in from \"{CommentText.Xml(weights.FileName)}\", which a new network starts with.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        using (w.Block("public void RestoreCompiledWeights()"))
        {
            w.Line($"{View(t)}.CopyTo(_parameters);");
            ScalingEmitter.EmitRestore(w);
        }

        w.Line();
    }
}
