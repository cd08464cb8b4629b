using System.Text.Json;

namespace BpGen.Tests.Runtime;

/// <summary>
/// The ONNX files Fixtures/make_fixtures.py exported from PyTorch, and what expected.json says about
/// them: for a valid one the parameters in BpGen's layout (taken from torch's state_dict, not from the
/// file) and torch's outputs for fixed inputs; for an invalid one the text its error must contain.
/// </summary>
public static class OnnxFixtures
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Runtime", "Persistence", "Onnx", "Fixtures");

    private static readonly JsonElement Expected = Json("expected.json");

    public static string TorchVersion => Expected.GetProperty("torch").GetString()!;

    public static IReadOnlyList<ValidFixture> Valid { get; } = Expected.GetProperty("valid").EnumerateArray().Select(ValidFixture.From).ToArray();

    public static IReadOnlyList<(string File, string Error)> Invalid { get; } = Expected.GetProperty("invalid").EnumerateArray()
        .Select(e => (e.GetProperty("file").GetString()!, e.GetProperty("error").GetString()!)).ToArray();

    public static IEnumerable<string> AllFiles => Valid.Select(f => f.File).Concat(Invalid.Select(f => f.File));

    public static byte[] Bytes(string file) => File.ReadAllBytes(Path.Combine(Folder, file));

    /// <summary>The JSON file <paramref name="file"/> of the fixtures' folder.</summary>
    public static JsonElement Json(string file) => System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file))).RootElement;

    public static TheoryData<string> ValidFiles() => new(Valid.Select(f => f.File));

    public static TheoryData<string, string> InvalidFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, error) in Invalid)
        {
            data.Add(file, error);
        }

        return data;
    }

    public static ValidFixture Fixture(string file) => Valid.Single(f => f.File == file);
}

/// <summary>
/// One valid fixture as expected.json describes it: IsDouble when the model was exported in float64
/// (its weights are stored as DOUBLE), else its weights are float32; its inputs are raw and its outputs the whole model's,
/// the scalings (null where the model has none) included.
/// </summary>
public sealed record ValidFixture(
    string File, int Opset, bool IsDouble, int[] Sizes, string[] Activations, bool EndsWithSoftmax, double[] Parameters, double[][] Inputs, double[][] Outputs,
    ExpectedScaling? InputScaling, ExpectedScaling? OutputScaling)
{
    public static ValidFixture From(JsonElement e) => new(
        e.GetProperty("file").GetString()!,
        e.GetProperty("opset").GetInt32(),
        e.GetProperty("elementType").GetString() switch { "double" => true, "float" => false, var other => throw new FormatException($"elementType {other}") },
        e.GetProperty("sizes").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
        e.GetProperty("activations").EnumerateArray().Select(v => v.GetString()!).ToArray(),
        e.GetProperty("endsWithSoftmax").GetBoolean(),
        Numbers(e.GetProperty("parameters")),
        e.GetProperty("inputs").EnumerateArray().Select(Numbers).ToArray(),
        e.GetProperty("outputs").EnumerateArray().Select(Numbers).ToArray(),
        ExpectedScaling.Of(e, "inputScaling"),
        ExpectedScaling.Of(e, "outputScaling"));

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}

/// <summary>A scaling's mean and standard deviation per feature, as BpGen must read them from the file.</summary>
public sealed record ExpectedScaling(double[] Mean, double[] Deviation)
{
    /// <summary>The scaling <paramref name="e"/> names <paramref name="name"/>, or null where it has none.</summary>
    public static ExpectedScaling? Of(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement s) ? new ExpectedScaling(Numbers(s.GetProperty("mean")), Numbers(s.GetProperty("deviation"))) : null;

    private static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
