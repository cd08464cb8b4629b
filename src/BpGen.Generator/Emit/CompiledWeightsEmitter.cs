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
    public static string View(NumericType t) => $"new global::System.ReadOnlySpan<{t.Name}>(CompiledWeightData)";

    /// <summary>
    /// <c>CompiledWeightData</c>: a static read-only array of the parameters as exact literals, which the
    /// compiler stores in the assembly and the runtime copies into the array once, when the class is
    /// first used. One literal a value, not one a byte: a quarter (float) or an eighth (double) of the
    /// syntax the compiler holds, and no byte array for analyzers that look for hard-coded data to follow.
    /// </summary>
    public static void EmitData(CodeWriter w, CompiledWeights weights, NumericType t)
    {
        if (weights.IsPlaceholder)
        {
            // As many zeros, without a literal for each: millions for the largest network.
            w.Line($"// No parameters: \"{CommentText.Line(weights.FileName)}\" has an error, which fails the build. Zeros stand in for them,");
            w.Line("// so that code using this class compiles and the error is the only one.");
            w.Line(NetworkEmitter.GeneratedCode);
            w.Line($"private static readonly {t.Name}[] CompiledWeightData = new {t.Name}[ParameterCount];");
            w.Line();
            return;
        }

        w.Line($"// The {weights.Values.Length} parameters of \"{CommentText.Line(weights.FileName)}\", read at compile time, in the layout of");
        w.Line("// Parameters, as literals that read back to the file's values exactly.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"private static readonly {t.Name}[] CompiledWeightData =");
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
        w.Line();
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
