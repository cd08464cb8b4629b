using System;
using System.Linq;
using System.Text;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// Parameters read from a weights file at compile time, written into the class as read-only data, and
/// the members that use them: <c>RestoreCompiledWeights</c> for a trainable network.
/// </summary>
internal static class CompiledWeightsEmitter
{
    /// <summary>The stored parameters as a span of the element type, read in place.</summary>
    public static string View(NumericType t) =>
        $"global::BpGen.CompiledWeights.{(t == NumericType.Single ? "Singles" : "Doubles")}(CompiledWeightData)";

    /// <summary>
    /// <c>CompiledWeightData</c>: a property returning <c>new byte[] { … }</c> as a ReadOnlySpan, which the
    /// compiler stores in the assembly's read-only data and returns without allocating.
    /// </summary>
    public static void EmitData(CodeWriter w, CompiledWeights weights, NumericType t)
    {
        if (weights.IsPlaceholder)
        {
            // As many zero bytes, without a literal for each: millions for the largest network.
            w.Line($"// No parameters: \"{CommentText.Line(weights.FileName)}\" has an error, which fails the build. Zeros stand in for them,");
            w.Line("// so that code using this class compiles and the error is the only one.");
            w.Line(NetworkEmitter.GeneratedCode);
            w.Line($"private static global::System.ReadOnlySpan<byte> CompiledWeightData => new byte[ParameterCount * sizeof({t.Name})];");
            w.Line();
            return;
        }

        byte[] bytes = weights.Values
            .SelectMany(v => t == NumericType.Single ? LittleEndian(BitConverter.GetBytes((float)v)) : LittleEndian(BitConverter.GetBytes(v)))
            .ToArray();
        w.Line($"// The {weights.Values.Length} parameters of \"{CommentText.Line(weights.FileName)}\", read at compile time, as little-endian {t.Name}s in the");
        w.Line("// layout of Parameters. A ReadOnlySpan<byte> over a constant array is stored in the assembly and allocates nothing.");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line("private static global::System.ReadOnlySpan<byte> CompiledWeightData => new byte[]");
        w.Line("{");
        const int perLine = 16; // four floats or two doubles a line
        for (int start = 0; start < bytes.Length; start += perLine)
        {
            var line = new StringBuilder("    ");
            for (int i = start; i < Math.Min(start + perLine, bytes.Length); i++)
            {
                line.Append("0x").Append(bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture)).Append(", ");
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

    /// <summary>The bytes in little-endian order, whatever machine the generator runs on.</summary>
    private static byte[] LittleEndian(byte[] bytes)
    {
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }
}
