using BpGen.Tests.Runtime;
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>
/// A wrong weights file is one error: the class is still generated with every member the attribute
/// gives it, so code that uses it binds and the build reports nothing else; and that error cannot be
/// turned off, so the placeholder class never runs.
/// </summary>
public class WeightsErrorRecoveryTests
{
    private const string Iris = "iris_4_8_3_tanh_opset9.onnx";

    /// <summary>Every member of a trainable network with compiled-in weights that code is likely to call.</summary>
    private const string TrainableUse = """
        public static class User
        {
            public static float Use(Net net, BpGen.DataSet<float> data)
            {
                var input = new float[Net.InputSize];
                var output = new float[Net.OutputSize];
                var gradient = new float[Net.ParameterCount];
                net.RestoreCompiledWeights();
                net.Forward(input, output);
                net.ForwardBatch(input, output);
                float loss = net.Backward(input, output, gradient);
                net.Update(gradient, 0.1f);
                net.Train(data, new BpGen.TrainingOptions());
                net.InputScaling = null;
                BpGen.INetwork<float> network = net;
                return loss + net.Parameters[0] + network.ParameterCount;
            }
        }
        """;

    /// <summary>Every member of a frozen network.</summary>
    private const string FrozenUse = """
        public static class User
        {
            public static float Use(Net net)
            {
                var input = new float[Net.InputSize];
                var output = new float[Net.OutputSize];
                net.Forward(input, output);
                net.ForwardBatch(input, output);
                return net.Parameters[Net.ParameterCount - 1] + (net.InputScaling is null ? 0 : 1) + (net.OutputScaling is null ? 0 : 1);
            }
        }
        """;

    public static TheoryData<string, string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (bool frozen in new[] { false, true })
        {
            data.Add("BPG011", "64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy", "missing", frozen); // looped when frozen: 2410 parameters
            data.Add("BPG012", "4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", "ambiguous", frozen);
            data.Add("BPG013", "4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", "truncated", frozen);
            data.Add("BPG014", "4, 9, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", "iris", frozen);
            data.Add("BPG015", "4, 8, 3, Activation.ReLU, Loss.SoftmaxCrossEntropy", "iris", frozen);
            data.Add("BPG016", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "infinite", frozen);
            data.Add("BPG022", "1024, 512, 10, Activation.Tanh, Loss.SoftmaxCrossEntropy", "large", frozen); // 529,930 floats, 2,119,720 bytes
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_weights_error_is_the_only_error_where_the_class_is_used(string id, string arguments, string file, bool frozen)
    {
        string source = Source(arguments, frozen);
        var (result, output) = GeneratorRunner.Run(source, additionalTexts: Files(file));

        Diagnostic error = Assert.Single(result.Diagnostics);
        Assert.Equal(id, error.Id);
        Assert.Single(result.GeneratedTrees);
        var problems = GeneratorRunner.WithNullableWarnings(output).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "Code using the class does not compile cleanly:\n" + string.Join("\n", problems.Take(20)));
    }

    /// <summary>The same code with the file right compiles too, so the uses above are the class's real members.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_uses_compile_against_the_class_of_a_right_file(bool frozen)
    {
        var (result, output) = GeneratorRunner.Run(Source("4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", frozen), additionalTexts: Files("iris"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorRunner.WithNullableWarnings(output).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>Without a placeholder class, the uses would fail to bind (the fix this guards).</summary>
    [Fact]
    public void Without_the_network_the_uses_do_not_bind()
    {
        var compilation = GeneratorRunner.CreateCompilation("using BpGen;\npublic partial class Net { }\n" + TrainableUse);

        Assert.Contains(compilation.GetDiagnostics(), d => d.Id is "CS0117" or "CS1061");
    }

    /// <summary>The largest network's placeholder writes no literal per parameter: its 4,196,352 zeros take one line.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_placeholder_of_the_largest_network_is_small(bool frozen)
    {
        string source = $"using BpGen;\n[Network(2048, 2048, Activation.Tanh, Loss.MeanSquaredError, Weights = \"big.onnx\"{(frozen ? ", Frozen = true" : "")})] public partial class Net {{ }}";
        var (result, output) = GeneratorRunner.Run(source);

        Assert.Equal("BPG011", Assert.Single(result.Diagnostics).Id);
        Assert.InRange(Assert.Single(result.GeneratedTrees).Length, 1, 200_000);
        Assert.Empty(GeneratorRunner.WithNullableWarnings(output).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    /// <summary>A severity setting or #pragma could otherwise turn the error off and let the placeholder zeros run.</summary>
    [Fact]
    public void A_weights_error_cannot_be_turned_off()
    {
        string source = "#pragma warning disable BPG014\n" + Source("4, 9, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", frozen: true);
        var compilation = GeneratorRunner.CreateCompilation(source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["BPG014"] = ReportDiagnostic.Suppress }));

        GeneratorRunner.CreateDriver(additionalTexts: Files("iris")).RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);

        Diagnostic error = Assert.Single(diagnostics);
        Assert.Equal("BPG014", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
    }

    /// <summary>
    /// The limit counts the attribute's number type: the 263,682 parameters of a 512-512-2 file are
    /// 1,054,728 bytes as floats, compiled in, and 2,109,456 as doubles, over 2 MiB and refused.
    /// </summary>
    [Theory]
    [InlineData(false, null)]
    [InlineData(true, "BPG022")]
    public void The_compiled_in_limit_counts_bytes_of_the_networks_number_type(bool useDouble, string? expected)
    {
        string path = Write(Path.Combine(WeightsFiles.NewFolder(), "wide.bpgen"), ZeroParameters(512, 512, 2));

        var (result, _) = GeneratorRunner.Run(
            $"using BpGen;\n[Network(512, 512, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, Weights = \"wide.bpgen\", Frozen = true{(useDouble ? ", UseDouble = true" : "")})] public partial class Net {{ }}",
            additionalTexts: new[] { new DiskFile(path) });

        Assert.Equal(expected, result.Diagnostics.SingleOrDefault()?.Id);
    }

    /// <summary>Where the attribute itself is wrong there is no network to generate.</summary>
    [Fact]
    public void An_attribute_error_still_generates_nothing()
    {
        var (result, _) = GeneratorRunner.Run("using BpGen;\n[Network(4, 0, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy, Weights = \"iris.onnx\")] public partial class Net { }", additionalTexts: Files("iris"));

        Assert.Equal("BPG003", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(result.GeneratedTrees);
    }

    private static string Source(string arguments, bool frozen) =>
        $"using BpGen;\n[Network({arguments}, Weights = \"iris.onnx\"{(frozen ? ", Frozen = true" : "")})] public partial class Net {{ }}\n"
        + (frozen ? FrozenUse : TrainableUse);

    /// <summary>The additional files of each case, all named iris.onnx.</summary>
    private static AdditionalText[] Files(string file)
    {
        string folder = WeightsFiles.NewFolder();
        switch (file)
        {
            case "missing":
                return new AdditionalText[] { new DiskFile(Path.Combine(folder, "unrelated.txt")) };
            case "ambiguous":
                return new[] { "a", "b" }.Select(sub => (AdditionalText)new DiskFile(Write(Path.Combine(folder, sub, "iris.onnx"), OnnxFixtures.Bytes(Iris)))).ToArray();
            case "truncated":
                byte[] bytes = OnnxFixtures.Bytes(Iris);
                return new AdditionalText[] { new DiskFile(Write(Path.Combine(folder, "iris.onnx"), bytes.AsSpan(0, bytes.Length / 2).ToArray())) };
            case "large":
                return new AdditionalText[] { new DiskFile(Write(Path.Combine(folder, "iris.onnx"), ZeroParameters(1024, 512, 10))) };
            case "infinite":
                return new AdditionalText[] { new DiskFile(Write(Path.Combine(folder, "iris.onnx"), OnnxFixtures.Bytes("error_infinite_weight.onnx"))) };
            default:
                return new AdditionalText[] { new DiskFile(Write(Path.Combine(folder, "iris.onnx"), OnnxFixtures.Bytes(Iris))) };
        }
    }

    /// <summary>A BpGen file of zeros for a float tanh network with a softmax output of these sizes.</summary>
    private static byte[] ZeroParameters(params int[] sizes)
    {
        var signature = new NetworkSignature(sizes, [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: false);
        using var stream = new MemoryStream();
        ParameterFile.Write<float>(stream, signature, new float[signature.ParameterCount]);
        return stream.ToArray();
    }

    private static string Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
