using System.Reflection;
using System.Text.Json;
using BpGen.Tests.Infrastructure;

namespace BpGen.Tests.Runtime;

/// <summary>
/// The recurrent ONNX files Fixtures/make_recurrent_fixtures.py exported from PyTorch, as
/// recurrent_expected.json describes them, and for each a float and a double network of the same layers
/// compiled at test time (classes Rnn.Fixture{i}Float and Rnn.Fixture{i}Double).
/// </summary>
public static class OnnxRecurrentFixtures
{
    private static readonly JsonElement Expected = OnnxFixtures.Json("recurrent_expected.json");

    public static string TorchVersion => Expected.GetProperty("torch").GetString()!;

    public static IReadOnlyList<RecurrentOnnxFixture> Valid { get; } = Expected.GetProperty("valid").EnumerateArray().Select(RecurrentOnnxFixture.From).ToArray();

    /// <summary>The files of the refusals, error_recurrent_*.onnx.</summary>
    public static IEnumerable<string> Invalid => Directory.EnumerateFiles(OnnxFixtures.Folder, "error_recurrent_*.onnx").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> ValidFiles() => new(Valid.Select(f => f.File));

    public static RecurrentOnnxFixture Fixture(string file) => Valid.Single(f => f.File == file);

    /// <summary>A new network of <paramref name="file"/>'s layers, its parameters from the seed.</summary>
    public static IRecurrentNetwork<T> Create<T>(string file)
        where T : unmanaged
    {
        int index = Valid.ToList().FindIndex(f => f.File == file);
        var network = (IRecurrentNetwork<T>)Activator.CreateInstance(Compiled.Value.GetType($"Rnn.Fixture{index}{(typeof(T) == typeof(double) ? "Double" : "Float")}", throwOnError: true)!)!;
        network.InitializeParameters(index);
        return network;
    }

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorRunner.CompileAndLoad(
        "using BpGen;\nnamespace Rnn;\n" + string.Concat(Valid.Select((f, i) =>
            $"[Network({f.Attribute})] public partial class Fixture{i}Float {{ }}\n[Network({f.Attribute}, UseDouble = true)] public partial class Fixture{i}Double {{ }}\n"))));
}

/// <summary>
/// One valid recurrent fixture: the network's attribute, torch's parameters in BpGen's layout
/// (float32 values), one input sequence and torch's outputs for it (every step's, or the last step's), and the
/// input and output scaling its graph applies (float32 values; null where it has none).
/// </summary>
public sealed record RecurrentOnnxFixture(
    string File, string Attribute, bool LastStep, double[] Parameters, double[][] Inputs, double[][] Outputs, ExpectedScaling? InputScaling, ExpectedScaling? OutputScaling)
{
    public static RecurrentOnnxFixture From(JsonElement e) => new(
        e.GetProperty("file").GetString()!,
        e.GetProperty("attribute").GetString()!,
        e.GetProperty("lastStep").GetBoolean(),
        Floats(e.GetProperty("parameters")),
        e.GetProperty("inputs").EnumerateArray().Select(Floats).ToArray(),
        e.GetProperty("outputs").EnumerateArray().Select(o => o.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray(),
        ExpectedScaling.Of(e, "inputScaling"),
        ExpectedScaling.Of(e, "outputScaling"));

    /// <summary>float32 values written as the shortest decimals that read back as them.</summary>
    private static double[] Floats(JsonElement array) =>
        array.EnumerateArray().Select(v => (double)float.Parse(v.GetRawText(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
