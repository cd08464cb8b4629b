using System.Globalization;
using BpGen.Tests.Runtime;
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>
/// Every problem with a weights file is one diagnostic on the Weights argument, naming the file and what
/// is wrong; the class is still generated (see WeightsErrorRecoveryTests).
/// </summary>
public class WeightsDiagnosticTests
{
    private const string Iris = "iris_4_8_3_tanh_opset9.onnx";

    [Fact]
    public void A_file_that_is_not_an_additional_file_gets_the_line_to_add() =>
        AssertDiagnostic("BPG011", "4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", "models/iris.onnx", "add <AdditionalFiles Include=\"models/iris.onnx\" /> to the project file");

    [Fact]
    public void A_typo_in_the_file_name_gets_the_near_name() =>
        AssertNotListed("wine.onx", "did you mean Weights = \"wine.onnx\"?", "models/wine.onnx", "notes.txt");

    [Fact]
    public void A_wrong_folder_gets_the_file_of_that_name_in_another_folder() =>
        AssertNotListed("data/wine.onnx", "did you mean Weights = \"models/wine.onnx\"?", "models/wine.onnx");

    [Fact]
    public void Near_names_of_two_files_of_the_same_name_give_enough_of_the_path_to_name_each() =>
        AssertNotListed("Wine.onnx", "did you mean Weights = \"a/wine.onnx\" or \"b/wine.onnx\"?", "b/wine.onnx", "a/wine.onnx");

    [Fact]
    public void A_path_written_with_backslashes_is_divided_at_them() =>
        AssertNotListed("data/wine.onnx", "did you mean Weights = \"models/wine.onnx\"?", @"models\wine.onnx");

    [Fact]
    public void With_no_near_file_the_advice_is_to_list_the_file() =>
        AssertNotListed("iris.onnx", "add <AdditionalFiles Include=\"iris.onnx\" /> to the project file, with the file's path from the project's folder", "models/wine.onnx", "iris.json");

    [Fact]
    public void A_name_that_matches_two_files_is_ambiguous()
    {
        string folder = WeightsFiles.NewFolder();
        string first = Copy(Iris, Path.Combine(folder, "a", "iris.onnx"));
        string second = Copy(Iris, Path.Combine(folder, "b", "iris.onnx"));
        AssertDiagnostic("BPG012", "4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", "iris.onnx", "matches 2 additional files", new DiskFile(first), new DiskFile(second));
    }

    [Fact]
    public void Path_segments_pick_one_of_two_files_of_the_same_name()
    {
        string folder = WeightsFiles.NewFolder();
        string first = Copy(Iris, Path.Combine(folder, "a", "iris.onnx"));
        string second = Copy(Iris, Path.Combine(folder, "b", "iris.onnx"));
        string source = "using BpGen;\n[Network(4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy, Weights = @\"b\\iris.onnx\")] public partial class Net { }";
        var (result, _) = GeneratorRunner.Run(source, additionalTexts: new[] { new DiskFile(first), new DiskFile(second) });
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedTrees);
    }

    [Fact]
    public void A_truncated_ONNX_file_is_unreadable()
    {
        byte[] bytes = OnnxFixtures.Bytes(Iris);
        string path = Write("iris.onnx", bytes.AsSpan(0, bytes.Length / 2).ToArray());
        AssertDiagnostic("BPG013", "4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", "iris.onnx", "The weights file 'iris.onnx' cannot be read. The ONNX file", new DiskFile(path));
    }

    [Fact]
    public void An_operator_outside_the_list_is_named()
    {
        string path = Write("selu.onnx", OnnxFixtures.Bytes("error_selu.onnx"));
        AssertDiagnostic("BPG013", "4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", "selu.onnx", "(Selu)", new DiskFile(path));
    }

    [Fact]
    public void A_binary_file_with_a_wrong_checksum_is_unreadable()
    {
        byte[] bytes = SavedTestNet();
        bytes[bytes.Length - 10] ^= 0x40;
        string path = Write("net.bpgen", bytes);
        AssertDiagnostic("BPG013", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.bpgen", "its CRC-32 is", new DiskFile(path));
    }

    [Fact]
    public void Bad_JSON_is_unreadable() =>
        AssertDiagnostic("BPG013", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.json", "cannot be read", new MemoryFile("/models/net.json", "{ \"format\": \"BpGen parameters\", "));

    [Fact]
    public void Other_layer_sizes_name_the_layer() =>
        AssertDiagnostic("BPG014", "4, 9, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", Iris, "layer 1 has 8 neurons in the file, 9 in the attribute", new DiskFile(WeightsFiles.FixturePath(Iris)));

    [Fact]
    public void Another_hidden_activation_names_the_node() =>
        AssertDiagnostic("BPG015", "4, 8, 3, Activation.ReLU, Loss.SoftmaxCrossEntropy", Iris, "layer 1 is followed by Tanh in the file (node", new DiskFile(WeightsFiles.FixturePath(Iris)));

    [Fact]
    public void A_final_softmax_needs_the_softmax_loss() =>
        AssertDiagnostic("BPG018", "2, 3, 2, Activation.Sigmoid, Loss.MeanSquaredError, OutputActivation = Activation.Identity", "testnet_2_3_2_sigmoid_softmax.onnx", "the file ends with a Softmax", new DiskFile(WeightsFiles.FixturePath("testnet_2_3_2_sigmoid_softmax.onnx")));

    [Fact]
    public void A_BpGen_file_for_another_loss_does_not_fit()
    {
        string path = Write("net.bpgen", SavedTestNet());
        AssertDiagnostic("BPG018", "2, 3, 2, Activation.Sigmoid, Loss.MeanSquaredError, OutputActivation = Activation.Identity", "net.bpgen", "the file is for Loss.SoftmaxCrossEntropy, the attribute says Loss.MeanSquaredError", new DiskFile(path));
    }

    [Fact]
    public void A_regressions_other_output_activation_names_the_setting_that_takes_the_files() =>
        AssertDiagnostic("BPG015", "3, 8, 2, Activation.ReLU, Loss.MeanSquaredError", "regression_scaled_3_8_2_opset17.onnx", "by ReLU in the attribute (OutputActivation = Activation.Identity takes the file's)", new DiskFile(WeightsFiles.FixturePath("regression_scaled_3_8_2_opset17.onnx")));

    [Fact]
    public void A_BpGen_file_for_another_loss_names_the_loss_before_the_output_layer_it_fixes()
    {
        string path = Write("net.bpgen", SavedTestNet());
        AssertDiagnostic("BPG018", "2, 3, 2, Activation.Sigmoid, Loss.MeanSquaredError, OutputActivation = Activation.Tanh", "net.bpgen", "the file is for Loss.SoftmaxCrossEntropy, the attribute says Loss.MeanSquaredError", new DiskFile(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public void A_name_without_a_file_name_says_so(string weights) =>
        AssertNotListed(weights, "it names no file; give the name of an additional file, or the end of its path (\"model.onnx\", \"models/model.onnx\")", "models/wine.onnx");

    [Fact]
    public void A_value_beyond_float_is_not_finite()
    {
        var writer = new StringWriter();
        new TestNet().ExportParametersJson(writer);
        string json = writer.ToString();
        int start = json.IndexOf("\"weights\": [", StringComparison.Ordinal);
        int value = json.IndexOf('[', json.IndexOf('[', start) + 1) + 1;
        json = json.Substring(0, value) + "1e39, " + json.Substring(json.IndexOf(',', value) + 1);
        AssertDiagnostic("BPG016", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.json", "layers[0].weights[0][0] is 1e39, which is +∞ as a float; a parameter file holds finite numbers only.", new MemoryFile("/m/net.json", json));
    }

    [Fact]
    public void A_double_beyond_float_is_not_finite_in_a_float_network()
    {
        var writer = new StringWriter();
        new TestNet().ExportParametersJson(writer);
        string json = writer.ToString();
        int biases = json.IndexOf("\"biases\": [", StringComparison.Ordinal) + "\"biases\": [".Length;
        json = json.Substring(0, biases) + "1e300, " + json.Substring(json.IndexOf(',', biases) + 1);
        Assert.Contains("\"elementType\": \"float\"", json);
        json = json.Replace("\"elementType\": \"float\"", "\"elementType\": \"double\"", StringComparison.Ordinal);
        AssertDiagnostic("BPG016", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.json", "b1[0] (parameter 6) is +∞ as a float.", new MemoryFile("/m/net.json", json));
    }

    [Fact]
    public void A_scaling_beyond_float_is_not_finite_in_a_float_network_and_compiles_into_a_double_one()
    {
        var writer = new StringWriter();
        new TestNetDouble { InputScaling = new Standardizer([0, 0], [1, 1e-40]) }.ExportParametersJson(writer);
        var file = new MemoryFile("/m/net.json", writer.ToString());
        AssertDiagnostic("BPG016", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.json", "Its input scaling's feature 1's mean 0 and standard deviation 1E-40 do not fit a float network", file);
        Assert.Empty(WeightsFiles.Diagnostics("using BpGen;\n[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, UseDouble = true, Weights = \"net.json\")] public partial class Net { }", file));
    }

    [Fact]
    public void A_NaN_in_a_binary_file_with_a_correct_checksum_is_not_finite()
    {
        byte[] bytes = SavedTestNet();
        BitConverter.TryWriteBytes(bytes.AsSpan(32 + 4 * 7), float.NaN);
        string path = Write("net.bpgen", ParameterFiles.WithCrc(bytes));
        AssertDiagnostic("BPG016", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.bpgen", "The file is corrupt: b1[1] (parameter 7) is NaN; a parameter file holds finite numbers only.", new DiskFile(path));
    }

    [Fact]
    public void Bytes_after_the_checksum_make_a_binary_file_unreadable()
    {
        string path = Write("net.bpgen", [.. SavedTestNet(), 1, 2, 3]);
        AssertDiagnostic("BPG013", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.bpgen", "The file goes on for 3 bytes after its checksum, where it should end.", new DiskFile(path));
    }

    [Fact]
    public void A_header_promising_millions_of_values_in_a_short_file_is_truncated()
    {
        // 1-2047-2047, within the neuron limit, has 4,196,350 parameters; the file ends 16 bytes into them.
        string path = Write("net.bpgen", [.. ParameterFiles.Header(elementSize: 4, [1, 2047, 2047], 4_196_350), .. new byte[16]]);
        AssertDiagnostic("BPG013", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.bpgen", "The file ends after 46 bytes, in the parameter values; 16785384 more bytes were expected. It is truncated.", new DiskFile(path));
    }

    /// <summary>
    /// Sizes no BpGen network has: 1-16384-16384 would be 268,484,608 parameters, 2 GB of doubles;
    /// n₀ = 2³¹ − 1 makes n₀ + 1 overflow a 32-bit count, and the file states the wrapped count.
    /// </summary>
    [Theory]
    [InlineData(new[] { 1, 16384, 16384 }, 268_484_608, "sizes 1-16384-16384")]
    [InlineData(new[] { 4097, 1 }, 4098, "sizes 4097-1")]
    [InlineData(new[] { int.MaxValue, 1 }, int.MinValue, "sizes 2147483647-1")]
    public void A_header_beyond_the_neuron_limit_is_a_corrupt_header(int[] sizes, int count, string found)
    {
        string path = Write("net.bpgen", ParameterFiles.Header(elementSize: 8, sizes, count));
        AssertDiagnostic("BPG013", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.bpgen", $"The file's header is corrupt: element size 8, loss {(int)Loss.SoftmaxCrossEntropy}, {found}", new DiskFile(path));
        AssertDiagnostic("BPG013", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.bpgen", "4096 neurons in all", new DiskFile(path));
    }

    [Fact]
    public void A_parameter_count_the_sizes_do_not_make_is_a_corrupt_header()
    {
        string path = Write("net.bpgen", ParameterFiles.WithInt32(SavedTestNet(), 28, 18));
        AssertDiagnostic("BPG013", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "net.bpgen", "The file's header is corrupt: its sizes 2-3-2 make 17 parameters, but it says 18.", new DiskFile(path));
    }

    [Fact]
    public void An_infinite_ONNX_weight_is_not_finite()
    {
        string path = Write("inf.onnx", OnnxFixtures.Bytes("error_infinite_weight.onnx"));
        AssertDiagnostic("BPG016", "2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "inf.onnx", "must be finite", new DiskFile(path));
    }

    [Fact]
    public void A_DOUBLE_ONNX_weight_beyond_float_fits_only_a_double_network()
    {
        string path = Write("big.onnx", OnnxBuild.Model(OnnxBuild.Graph(
            OnnxBuild.Input("x", 3),
            OnnxBuild.Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", OnnxBuild.IntAttribute("transB", 1)),
            OnnxBuild.Doubles("W", new long[] { 2, 3 }, 1, 2, 3, 4, 1e39, 6),
            OnnxBuild.Doubles("b", new long[] { 2 }, 0.5, -0.5),
            OnnxBuild.Output("y"))));
        const string Regression = "3, 2, Activation.Identity, Loss.MeanSquaredError, OutputActivation = Activation.Identity";
        AssertDiagnostic("BPG016", Regression, "big.onnx", "The weights file 'big.onnx' holds a value that is not finite. W1[1,1] (parameter 4) is +∞ as a float.", new DiskFile(path));

        string source = $"using BpGen;\n[Network({Regression}, UseDouble = true, Weights = \"big.onnx\")] public partial class Net {{ }}";
        var (result, _) = GeneratorRunner.Run(source, additionalTexts: new[] { new DiskFile(path) });
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.GeneratedTrees);
    }

    /// <summary>A sparse file, so the test writes nothing big: refused by its length without being read.</summary>
    [Fact]
    public void A_file_over_64_MiB_is_refused_by_its_size()
    {
        string path = Path.Combine(WeightsFiles.NewFolder(), "huge.onnx");
        try
        {
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.SetLength((65 << 20) + 1);
            }

            AssertDiagnostic("BPG013", "4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy", "huge.onnx", "The weights file 'huge.onnx' cannot be read. It is 68157441 bytes; BpGen reads a weights file of at most 67108864 bytes (64 MiB), the file of a float network of up to about 16 million parameters and twice that of the largest dense network it generates.", new DiskFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Frozen_without_Weights_is_reported_on_Frozen()
    {
        string source = "using BpGen;\n[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Frozen = true)] public partial class Net { }";
        Diagnostic diagnostic = Assert.Single(GeneratorRunner.Run(source).Result.Diagnostics);
        Assert.Equal("BPG017", diagnostic.Id);
        Assert.Equal("Frozen = true", Spanned(source, diagnostic));
    }

    /// <summary>A 2-3-2 softmax network's parameters in BpGen's binary format.</summary>
    private static byte[] SavedTestNet()
    {
        var stream = new MemoryStream();
        new TestNet().SaveParameters(stream);
        return stream.ToArray();
    }

    private static string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(WeightsFiles.NewFolder(), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Copy(string fixture, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(WeightsFiles.FixturePath(fixture), path);
        return path;
    }

    private static void AssertDiagnostic(string id, string arguments, string weights, string message, params AdditionalText[] files)
    {
        string source = $"using BpGen;\n[Network({arguments}, Weights = \"{weights}\")] public partial class Net {{ }}";
        var (result, _) = GeneratorRunner.Run(source, additionalTexts: files);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal($"Weights = \"{weights}\"", Spanned(source, diagnostic));
        Assert.Contains(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains(weights, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Single(result.GeneratedTrees);
    }

    /// <summary>BPG011 for <paramref name="weights"/> among additional files at <paramref name="files"/> in a fresh folder, message in full.</summary>
    private static void AssertNotListed(string weights, string advice, params string[] files)
    {
        string folder = WeightsFiles.NewFolder();
        string source = $"using BpGen;\n[Network(4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy, Weights = \"{weights}\")] public partial class Net {{ }}";

        Diagnostic diagnostic = Assert.Single(WeightsFiles.Diagnostics(source, files.Select(file => (AdditionalText)new DiskFile(Path.Combine(folder, file))).ToArray()));

        Assert.Equal("BPG011", diagnostic.Id);
        Assert.Equal($"Weights = \"{weights}\"", Spanned(source, diagnostic));
        Assert.Equal($"No additional file matches Weights = \"{weights}\"; {advice}", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private static string Spanned(string source, Diagnostic diagnostic) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
}
