using System.Text.RegularExpressions;
using static BpGen.Tests.Runtime.ParameterFiles;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Signatures with layer kinds, and the binary and JSON files of a 3-4-2 float network whose first
/// layer is a GRU (weight_ih1 12×3, weight_hh1 12×4, bias_ih1 and bias_hh1 12 each, then W2 2×4 and
/// b2), written and read through the runtime's ParameterFile and ParameterJson. The binary file: magic
/// 0–3, version 4–5, element size 6, loss 7, size count 8–11, sizes 12–23, activations 24–25, kinds
/// 26–27, parameter count 28–31, the values from 32, the scaling flags, the CRC-32 in the last 4 bytes.
/// </summary>
public class RecurrentParameterFileTests
{
    private static readonly int[] Sizes = [3, 4, 2];

    private static NetworkSignature Gru(bool useDouble = false) =>
        new(Sizes, [Layer.Gru, Layer.Dense], [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble);

    private static NetworkSignature Lstm() =>
        new(Sizes, [Layer.Lstm, Layer.Dense], [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: false);

    /// <summary>3·4·(3 + 4 + 2) for the GRU layer (3 gates), 2·(4 + 1) for the dense one.</summary>
    private const int GruCount = 3 * 4 * (3 + 4 + 2) + 2 * (4 + 1);

    [Fact]
    public void A_signature_counts_and_names_its_recurrent_layers()
    {
        var signature = new NetworkSignature([8, 32, 10], [Layer.Gru, Layer.Dense], [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: false);

        Assert.Equal("8-32-10 float network (Gru, Identity; SoftmaxCrossEntropy)", signature.ToString());
        Assert.Equal(3 * 32 * (8 + 32 + 2) + 10 * (32 + 1), signature.ParameterCount);
        Assert.Equal([Layer.Gru, Layer.Dense], signature.Kinds.ToArray());
        Assert.Equal(GruCount, Gru().ParameterCount);
        Assert.Equal(4 * 4 * (3 + 4 + 2) + 2 * (4 + 1), Lstm().ParameterCount);
    }

    [Fact]
    public void Signatures_differ_by_their_kinds_and_the_old_constructor_means_dense()
    {
        Activation[] activations = [Activation.Tanh, Activation.Identity];
        var dense = new NetworkSignature(Sizes, activations, Loss.SoftmaxCrossEntropy, useDouble: false);

        Assert.Equal([Layer.Dense, Layer.Dense], dense.Kinds.ToArray());
        Assert.Equal(dense, new NetworkSignature(Sizes, [Layer.Dense, Layer.Dense], activations, Loss.SoftmaxCrossEntropy, useDouble: false));
        Assert.NotEqual(dense, Gru());
        Assert.NotEqual(Gru(), Lstm());
        Assert.Equal(Gru(), Gru());
        Assert.Equal(Gru().GetHashCode(), Gru().GetHashCode());
    }

    [Theory]
    [InlineData(new[] { Layer.Gru }, new[] { Activation.Tanh, Activation.Identity }, "needs 2 layer kinds, but 1 are given")]
    [InlineData(new[] { (Layer)7, Layer.Dense }, new[] { Activation.Tanh, Activation.Identity }, "layer 1 is of kind 7, which is none of Dense, Gru, Lstm")]
    [InlineData(new[] { Layer.Dense, Layer.Lstm }, new[] { Activation.Tanh, Activation.Identity }, "the output layer 2 is a Lstm layer; the output layer is Dense")]
    [InlineData(new[] { Layer.Gru, Layer.Dense }, new[] { Activation.Sigmoid, Activation.Identity }, "layer 1 is a Gru layer with activation Sigmoid; a recurrent layer's activation is Tanh")]
    public void A_signature_whose_kinds_describe_no_network_is_refused(Layer[] kinds, Activation[] activations, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new NetworkSignature(Sizes, kinds, activations, Loss.SoftmaxCrossEntropy, useDouble: false));
        Assert.Equal("kinds", error.ParamName);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_missing_kinds_array_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new NetworkSignature(Sizes, null!, [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: false));
        Assert.Contains("needs 2 layer kinds, but none are given", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Binary_and_json_files_round_trip_every_value(bool useDouble)
    {
        double[] values = Distinct(GruCount);
        if (useDouble)
        {
            AssertRoundTrips(Gru(useDouble: true), values);
        }
        else
        {
            AssertRoundTrips(Gru(), values.Select(v => (float)v).ToArray());
        }
    }

    [Fact]
    public void The_binary_header_stores_the_kinds()
    {
        byte[] file = BinaryOf(Gru(), Distinct(GruCount));
        Assert.Equal((byte)Activation.Tanh, file[24]);
        Assert.Equal((byte)Layer.Gru, file[26]);
        Assert.Equal((byte)Layer.Dense, file[27]);
        Assert.Equal(GruCount, BitConverter.ToInt32(file, 28));
    }

    [Fact]
    public void A_gru_file_into_an_lstm_network_is_refused_naming_the_layer_and_both_kinds()
    {
        float[] target = new float[Lstm().ParameterCount];
        byte[] file = BinaryOf(Gru(), Distinct(GruCount));
        var error = Assert.Throws<InvalidDataException>(() => ParameterFile.Read<float>(new MemoryStream(file), Lstm(), target, out _, out _));
        Assert.Contains("layer 1 is a Gru layer in the file, a Lstm layer in the attribute", error.Message);
        Assert.Contains("It holds a 3-4-2 float network (Gru, Identity; SoftmaxCrossEntropy); this is a 3-4-2 float network (Lstm, Identity; SoftmaxCrossEntropy)", error.Message);
        Assert.All(target, value => Assert.Equal(0, value));

        error = Assert.Throws<InvalidDataException>(() => ParameterJson.Read<float>(new StringReader(JsonOf(Gru(), Distinct(GruCount))), Lstm(), target, out _, out _));
        Assert.Contains("The BpGen JSON file does not fit this network: layer 1 is a Gru layer in the file, a Lstm layer in the attribute", error.Message);
        Assert.All(target, value => Assert.Equal(0, value));
    }

    [Fact]
    public void A_gru_file_into_a_dense_network_is_refused()
    {
        var dense = new NetworkSignature(Sizes, [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: false);
        float[] target = new float[dense.ParameterCount];
        var error = Assert.Throws<InvalidDataException>(() => ParameterJson.Read<float>(new StringReader(JsonOf(Gru(), Distinct(GruCount))), dense, target, out _, out _));
        Assert.Contains("layer 1 is a Gru layer in the file, a Dense layer in the attribute", error.Message);
    }

    [Theory]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Identity)]
    public void A_binary_file_whose_recurrent_layer_is_not_followed_by_tanh_is_refused(Activation activation)
    {
        byte[] file = BinaryOf(Gru(), Distinct(GruCount));
        file[24] = (byte)activation;
        var error = Assert.Throws<InvalidDataException>(() => ReadBinary(WithCrc(file)));
        Assert.Contains($"The file's header is corrupt: layer 1 is a Gru layer with activation {activation}; a recurrent layer's activation is Tanh", error.Message);
    }

    [Fact]
    public void A_json_document_whose_recurrent_layer_is_not_followed_by_tanh_is_refused()
    {
        string json = JsonOf(Gru(), Distinct(GruCount)).Replace("\"activations\": [\"Tanh\"", "\"activations\": [\"ReLU\"");
        var error = Assert.Throws<InvalidDataException>(() => ReadJson(json));
        Assert.Contains("\"layers\" do not describe a network: layer 1 is a Gru layer with activation ReLU; a recurrent layer's activation is Tanh", error.Message);
    }

    [Fact]
    public void A_binary_parameter_count_that_the_kinds_do_not_make_is_refused()
    {
        byte[] file = BinaryOf(Gru(), Distinct(GruCount));
        var error = Assert.Throws<InvalidDataException>(() => ReadBinary(WithCrc(WithInt32(file, 28, 2 * (3 + 1) + 2 * (4 + 1)))));
        Assert.Contains($"its sizes 3-4-2 and layer kinds Gru, Dense make {GruCount} parameters, but it says 18", error.Message);
    }

    [Fact]
    public void A_dense_file_relabelled_as_a_gru_one_is_refused_by_its_count()
    {
        var dense = new NetworkSignature(Sizes, [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: false);
        byte[] file = BinaryOf(dense, Distinct((int)dense.ParameterCount));
        file[26] = (byte)Layer.Gru;
        var error = Assert.Throws<InvalidDataException>(() => ReadBinary(WithCrc(file)));
        Assert.Contains($"make {GruCount} parameters, but it says {dense.ParameterCount}", error.Message);
    }

    [Theory]
    [InlineData("weight_ih", 1, "layers[0].weight_ih should have 12 rows, but it has 11")]
    [InlineData("weight_hh", 1, "layers[0].weight_hh should have 12 rows, but it has 11")]
    [InlineData("bias_ih", 0, "layers[0].bias_ih should have 12 values, but it has 11")]
    [InlineData("bias_hh", 0, "layers[0].bias_hh should have 12 values, but it has 11")]
    public void A_json_tensor_of_another_shape_is_refused(string member, int nesting, string message)
    {
        string json = JsonOf(Gru(), Distinct(GruCount));

        // Drops the first row of a weight matrix, or the first number of a bias vector.
        string pattern = nesting == 1 ? $"(\"{member}\": \\[\\n)\\s*\\[[^\\]]*\\],\\n" : $"(\"{member}\": \\[)[^,]*, ";
        string shorter = Regex.Replace(json, pattern, "$1");
        Assert.NotEqual(json, shorter);

        var error = Assert.Throws<InvalidDataException>(() => ReadJson(shorter));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_json_recurrent_layer_with_dense_members_is_refused()
    {
        string json = JsonOf(Gru(), Distinct(GruCount)).Replace("\"weight_ih\"", "\"weights\"");
        var error = Assert.Throws<InvalidDataException>(() => ReadJson(json));
        Assert.Contains("weight_ih", error.Message);
    }

    [Fact]
    public void A_non_finite_recurrent_weight_is_named_in_its_tensor()
    {
        double[] values = Distinct(GruCount);
        int k = 3 * 4 * 3 + 3 * 4 + 2; // weight_hh1[3,2]: after weight_ih1 (12×3), row 3 of 4 columns
        values[k] = double.NaN;
        var error = Assert.Throws<InvalidOperationException>(() => BinaryOf(Gru(useDouble: true), values));
        Assert.Contains($"weight_hh1[3,2] (parameter {k}) is NaN", error.Message);
    }

    [Fact]
    public void A_recurrent_network_writes_and_reads_its_scaling_in_both_formats()
    {
        NetworkSignature regression = new(Sizes, [Layer.Gru, Layer.Dense], [Activation.Tanh, Activation.Identity], Loss.MeanSquaredError, useDouble: false);
        float[] values = Distinct(GruCount).Select(v => (float)v).ToArray();
        var input = new Standardizer([0.5, -1, 2], [1, 2, 0.25]);
        var output = new Standardizer([3, -4], [2, 0.5]);

        var binary = new MemoryStream();
        ParameterFile.Write<float>(binary, regression, values, input, output);
        var json = new StringWriter();
        ParameterJson.Write<float>(json, regression, values, input, output);

        foreach (Func<float[], (Standardizer?, Standardizer?)> read in new Func<float[], (Standardizer?, Standardizer?)>[]
        {
            into => { ParameterFile.Read<float>(new MemoryStream(binary.ToArray()), regression, into, out var i, out var o); return (i, o); },
            into => { ParameterJson.Read<float>(new StringReader(json.ToString()), regression, into, out var i, out var o); return (i, o); },
        })
        {
            var parameters = new float[GruCount];
            (Standardizer? inputRead, Standardizer? outputRead) = read(parameters);
            Assert.Equal(values, parameters);
            Assert.Equal(input.Mean, inputRead!.Mean);
            Assert.Equal(input.StandardDeviation, inputRead.StandardDeviation);
            Assert.Equal(output.Mean, outputRead!.Mean);
            Assert.Equal(output.StandardDeviation, outputRead.StandardDeviation);
        }
    }

    private static void AssertRoundTrips<T>(NetworkSignature signature, T[] values)
        where T : unmanaged, IFormattable
    {
        var binary = new MemoryStream();
        ParameterFile.Write<T>(binary, signature, values);
        var fromBinary = new T[values.Length];
        ParameterFile.Read<T>(new MemoryStream(binary.ToArray()), signature, fromBinary, out Standardizer? input, out Standardizer? output);
        Assert.Equal(values, fromBinary);
        Assert.Null(input);
        Assert.Null(output);

        var json = new StringWriter();
        ParameterJson.Write<T>(json, signature, values);
        var fromJson = new T[values.Length];
        ParameterJson.Read<T>(new StringReader(json.ToString()), signature, fromJson, out _, out _);
        Assert.Equal(values, fromJson);
    }

    private static void ReadBinary(byte[] file) => ParameterFile.Read<float>(new MemoryStream(file), Gru(), new float[GruCount], out _, out _);

    private static void ReadJson(string json) => ParameterJson.Read<float>(new StringReader(json), Gru(), new float[GruCount], out _, out _);

    private static byte[] BinaryOf(NetworkSignature signature, double[] values)
    {
        var stream = new MemoryStream();
        if (signature.UseDouble)
        {
            ParameterFile.Write<double>(stream, signature, values);
        }
        else
        {
            ParameterFile.Write<float>(stream, signature, values.Select(v => (float)v).ToArray());
        }

        return stream.ToArray();
    }

    private static string JsonOf(NetworkSignature signature, double[] values)
    {
        var writer = new StringWriter();
        ParameterJson.Write<float>(writer, signature, values.Select(v => (float)v).ToArray());
        return writer.ToString();
    }

    /// <summary>Distinct values, exact in float and in text: k/8 − 3.</summary>
    private static double[] Distinct(int count) => Enumerable.Range(0, count).Select(k => k / 8.0 - 3).ToArray();
}
