using System.Globalization;
using System.Text.Json;

namespace BpGen.Package.Tests;

/// <summary>
/// A PyTorch GRU compiled in from the packed package: an app names torch's ONNX export of an nn.GRU in
/// its AdditionalFiles, gets a frozen network from it, and computes what PyTorch computed.
/// </summary>
[Collection(PackageCollection.Name)]
public class CompiledRecurrentWeightsTests(PackageFixture package)
{
    private const string Fixture = "recurrent_gru_4_8_3_every_step.onnx";

    private const string Program = """
        using System;
        using System.Globalization;
        using System.Linq;
        using BpGen;

        [Network(4, 8, 3, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru }, HiddenActivations = new[] { Activation.Tanh }, Weights = "gru.onnx", Frozen = true)]
        public partial class TorchGru { }

        public static class Program
        {
            public static void Main(string[] args)
            {
                float[] inputs = args.Select(a => float.Parse(a, CultureInfo.InvariantCulture)).ToArray();
                var outputs = new float[inputs.Length / TorchGru.InputSize * TorchGru.OutputSize];
                new TorchGru().ForwardSequence(inputs, outputs);
                Console.WriteLine("outputs " + string.Join(" ", outputs.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            }
        }
        """;

    [Fact]
    public void A_pytorch_gru_export_compiled_in_from_the_package_computes_what_pytorch_computed()
    {
        string fixtures = Path.Combine(PackageFixture.RepositoryRoot(), "tests", "BpGen.Tests", "Runtime", "Persistence", "Onnx", "Fixtures");
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, "recurrent_expected.json")));
        JsonElement gru = expected.RootElement.GetProperty("valid").EnumerateArray().Single(model => model.GetProperty("file").GetString() == Fixture);
        string[] inputs = gru.GetProperty("inputs").EnumerateArray().SelectMany(step => step.EnumerateArray()).Select(v => v.GetRawText()).ToArray();
        double[] torch = gru.GetProperty("outputs").EnumerateArray().SelectMany(step => step.EnumerateArray()).Select(v => v.GetDouble()).ToArray();

        string folder = package.CreateConsumer(
            "AppRecurrentWeights",
            "    <OutputType>Exe</OutputType>\n    <TargetFramework>net10.0</TargetFramework>\n    <LangVersion>9</LangVersion>",
            Program,
            projectItems: """    <AdditionalFiles Include="gru.onnx" />""");
        File.Copy(Path.Combine(fixtures, Fixture), Path.Combine(folder, "gru.onnx"));

        var build = PackageFixture.Run(folder, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output);

        var run = PackageFixture.Run(folder, new[] { "run", "-c", "Release", "--no-build", "--" }.Concat(inputs).ToArray());
        Assert.True(run.ExitCode == 0, run.Output);
        double[] actual = run.Output.Split('\n').Single(line => line.StartsWith("outputs ", StringComparison.Ordinal))
            .Split(' ').Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(torch.Length, actual.Length);
        for (int i = 0; i < torch.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - torch[i]) <= 1e-5 * Math.Max(1, Math.Abs(torch[i])), $"output {i} is {actual[i]}, PyTorch gave {torch[i]}");
        }
    }
}
