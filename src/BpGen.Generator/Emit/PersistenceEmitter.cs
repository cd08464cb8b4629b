using System.Linq;
using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// The network's signature and the members that save and load its parameters (the formats the README
/// describes), with the input and output scaling.
/// </summary>
internal static class PersistenceEmitter
{
    public static void Emit(CodeWriter w, NetworkModel model, NumericType t)
    {
        string sizes = string.Join(", ", model.Sizes);
        string activations = string.Join(", ", model.Activations.Select(a => $"global::BpGen.Activation.{a}"));
        bool recurrent = model.IsRecurrent;
        w.Line(recurrent
            ? "/// <summary>What a parameter file must match to load into this network: element type, layer sizes and kinds, activations, loss.</summary>"
            : "/// <summary>What a parameter file must match to load into this network: element type, layer sizes, activations, loss.</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"public static global::BpGen.NetworkSignature Signature {{ get; }} = new global::BpGen.NetworkSignature(");
        w.Line($"    new[] {{ {sizes} }},");
        if (recurrent)
        {
            w.Line($"    new[] {{ {string.Join(", ", Enumerable.Range(1, model.LayerCount).Select(l => $"global::BpGen.Layer.{model.KindOf(l)}"))} }},");
        }

        w.Line($"    new[] {{ {activations} }},");
        w.Line($"    global::BpGen.Loss.{model.Loss},");
        w.Line($"    useDouble: {(model.UseDouble ? "true" : "false")});");
        w.Line();
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line($"global::BpGen.NetworkSignature {NetworkInterfaces.Training(model, t)}.Signature => Signature;");
        w.Line();

        const string write = "_parameters, _inputScaling, _outputScaling";
        const string read = "_parameters, out _inputScaling, out _outputScaling";
        Member(w,
            "Writes the parameters and the scaling in BpGen's binary format: a header naming this network, the values little-endian, a CRC-32.",
            $"public void SaveParameters(global::System.IO.Stream stream) => global::BpGen.ParameterFile.Write<{t.Name}>(stream, Signature, {write});");
        Member(w,
            "Reads parameters and scaling saved by <see cref=\"SaveParameters\"/> (a file without scaling, such as every version-1 file, leaves none)."
            + " The whole file is checked first: one for another network, a truncated or corrupt one throws <see cref=\"global::System.IO.InvalidDataException\"/> saying what was expected and found, a failing stream throws its own exception, and the parameters and scaling stay exactly as they were.",
            $"public void LoadParameters(global::System.IO.Stream stream) => global::BpGen.ParameterFile.Read<{t.Name}>(stream, Signature, {read});");
        Member(w,
            recurrent
                ? "Writes the same information as readable JSON: sizes, kinds, activations, loss, the scaling, and per layer its tensors under PyTorch's names (weight_ih, weight_hh, bias_ih, bias_hh) or a dense layer's weight rows and biases."
                : "Writes the same information as readable JSON: sizes, activations, loss, the scaling, and per layer the weight rows and biases.",
            $"public void ExportParametersJson(global::System.IO.TextWriter writer) => global::BpGen.ParameterJson.Write<{t.Name}>(writer, Signature, {write});");
        Member(w,
            "Reads parameters from <see cref=\"ExportParametersJson\"/>'s format, checked whole before anything changes, like <see cref=\"LoadParameters\"/>.",
            $"public void ImportParametersJson(global::System.IO.TextReader reader) => global::BpGen.ParameterJson.Read<{t.Name}>(reader, Signature, {read});");
        Member(w,
            recurrent
                ? "Reads the weights of an ONNX model exported from PyTorch (GRU and LSTM nodes as nn.GRU and nn.LSTM compute them, dense layers, the output on every step or the last), and the scaling its graph applies before the first and after the last layer, with the checks <c>Weights = \"model.onnx\"</c> applies at compile time: a malformed model, another operator or function, other sizes, kinds or activations throw <see cref=\"global::System.IO.InvalidDataException\"/> saying what was expected and found, and the parameters and scaling stay exactly as they were."
                : "Reads the weights of a dense ONNX model, and the scaling its graph applies before the first and after the last layer, with the checks <c>Weights = \"model.onnx\"</c> applies at compile time: a malformed model, another operator, other sizes or activations throw <see cref=\"global::System.IO.InvalidDataException\"/> saying what was expected and found, and the parameters and scaling stay exactly as they were.",
            $"public void ImportOnnx(global::System.IO.Stream stream) => global::BpGen.OnnxImport.Read<{t.Name}>(stream, Signature, {read});");
    }

    private static void Member(CodeWriter w, string summary, string code)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line(NetworkEmitter.GeneratedCode);
        w.Line(code);
        w.Line();
    }
}
