using System.Globalization;
using System.Text.Json;

namespace BpGen.Package.Tests;

/// <summary>
/// Weights compiled in from the packed package: an app names a PyTorch ONNX export in its
/// AdditionalFiles, gets a frozen and a trainable network from it, and both compute what PyTorch did.
/// </summary>
[Collection(PackageCollection.Name)]
public class CompiledWeightsTests(PackageFixture package)
{
    private const string Program = """
        using System;
        using System.Globalization;
        using BpGen;

        [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "testnet.onnx", Frozen = true)]
        public partial class FrozenNet { }

        [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "testnet.onnx")]
        public partial class TrainableNet { }

        public static class Program
        {
            public static void Main(string[] args)
            {
                var frozen = new FrozenNet();
                var trainable = new TrainableNet();
                var output = new float[2];
                for (int i = 0; i + 1 < args.Length; i += 2)
                {
                    float[] input = { float.Parse(args[i], CultureInfo.InvariantCulture), float.Parse(args[i + 1], CultureInfo.InvariantCulture) };
                    frozen.Forward(input, output);
                    Console.WriteLine("frozen " + output[0].ToString("R", CultureInfo.InvariantCulture) + " " + output[1].ToString("R", CultureInfo.InvariantCulture));
                    trainable.Forward(input, output);
                    Console.WriteLine("trainable " + output[0].ToString("R", CultureInfo.InvariantCulture) + " " + output[1].ToString("R", CultureInfo.InvariantCulture));
                }
            }
        }
        """;

    [Fact]
    public void An_onnx_export_compiled_in_from_the_package_computes_what_pytorch_computed()
    {
        string fixtures = Path.Combine(PackageFixture.RepositoryRoot(), "tests", "BpGen.Tests", "Runtime", "Persistence", "Onnx", "Fixtures");
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures, "expected.json")));
        JsonElement testNet = expected.RootElement.GetProperty("valid").EnumerateArray()
            .Single(model => model.GetProperty("file").GetString() == "testnet_2_3_2_sigmoid_softmax.onnx");
        double[][] inputs = Parse(testNet.GetProperty("inputs"));
        double[][] outputs = Parse(testNet.GetProperty("outputs"));

        string folder = package.CreateConsumer(
            "AppWeights",
            "    <OutputType>Exe</OutputType>\n    <TargetFramework>net10.0</TargetFramework>\n    <LangVersion>9</LangVersion>",
            Program,
            projectItems: """    <AdditionalFiles Include="testnet.onnx" />""");
        File.Copy(Path.Combine(fixtures, "testnet_2_3_2_sigmoid_softmax.onnx"), Path.Combine(folder, "testnet.onnx"));

        var build = PackageFixture.Run(folder, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output);

        string[] arguments = inputs.SelectMany(input => input.Select(x => ((float)x).ToString("R", CultureInfo.InvariantCulture))).ToArray();
        var run = PackageFixture.Run(folder, new[] { "run", "-c", "Release", "--no-build", "--" }.Concat(arguments).ToArray());
        Assert.True(run.ExitCode == 0, run.Output);
        string[] lines = run.Output.Split('\n').Where(line => line.StartsWith("frozen ", StringComparison.Ordinal) || line.StartsWith("trainable ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2 * inputs.Length, lines.Length);
        for (int k = 0; k < lines.Length; k++)
        {
            double[] actual = lines[k].Split(' ').Skip(1).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            double[] torch = outputs[k / 2];
            for (int i = 0; i < torch.Length; i++)
            {
                Assert.True(Math.Abs(actual[i] - torch[i]) <= 1e-5 * Math.Abs(torch[i]), $"{lines[k]}: output {i} is {actual[i]}, PyTorch gave {torch[i]}");
            }
        }
    }

    private static double[][] Parse(JsonElement rows)
    {
        // The fixture script writes Python lists as strings: "[[0.1, 0.2], [0.3, 0.4]]".
        JsonElement parsed = rows.ValueKind == JsonValueKind.String ? JsonDocument.Parse(rows.GetString()!).RootElement : rows;
        return parsed.EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
    }
}
