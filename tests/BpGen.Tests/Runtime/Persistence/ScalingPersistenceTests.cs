using System.Runtime.InteropServices;
using static BpGen.Tests.Runtime.ParameterFiles;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Scaling in parameter files (format version 2): saved and loaded exactly with the parameters, in both
/// formats; version-1 files still load, without scaling; a bad scaling is refused with the network untouched.
/// A 2-3-2 TestNet file with input scaling is 137 bytes: as without (see BinaryFileRefusalTests) up to the
/// values at 32–99, then flags 100, means 101–116, deviations 117–132, CRC 133–136.
/// </summary>
public class ScalingPersistenceTests
{
    private static readonly Standardizer Inputs = new([0.1, -3e10], [1.5, 0]);

    [Fact]
    public void Input_and_output_scaling_round_trip_exactly_in_both_formats()
    {
        var saved = new RegressionNet
        {
            InputScaling = new Standardizer([1.0 / 3, 2, -7.25], [0.1, 0, 1e-30]),
            OutputScaling = new Standardizer([146.5, -1e-3], [77.3, 2]),
        };
        var binary = new MemoryStream();
        saved.SaveParameters(binary);
        var json = new StringWriter();
        saved.ExportParametersJson(json);

        var fromBinary = new RegressionNet();
        fromBinary.LoadParameters(new MemoryStream(binary.ToArray()));
        var fromJson = new RegressionNet();
        fromJson.ImportParametersJson(new StringReader(json.ToString()));

        foreach (RegressionNet loaded in new[] { fromBinary, fromJson })
        {
            Assert.Equal(saved.InputScaling, loaded.InputScaling);
            Assert.Equal(saved.OutputScaling, loaded.OutputScaling);
            Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
        }

        Assert.Contains("\"inputScaling\": { \"mean\": [0.33333333333333331, 2, -7.25], \"standardDeviation\": [0.10000000000000001, 0, 1.0000000000000001E-30] }", json.ToString());
    }

    [Fact]
    public void A_file_without_scaling_clears_the_networks_scaling()
    {
        var loaded = new TestNet { InputScaling = Inputs };
        loaded.LoadParameters(new MemoryStream(Binary()));
        Assert.Null(loaded.InputScaling);
    }

    [Fact]
    public void Version_1_files_still_load()
    {
        TestNet source = Source();
        byte[] values = MemoryMarshal.AsBytes(source.Parameters).ToArray();
        byte[] binary = WithCrc([.. Header(elementSize: 4, [2, 3, 2], TestNet.ParameterCount), .. values, 0, 0, 0, 0]);
        string json = Json().Replace("\"version\": 2", "\"version\": 1").Replace("      \"kind\": \"Dense\",\n", "");

        var fromBinary = new TestNet { InputScaling = Inputs };
        fromBinary.LoadParameters(new MemoryStream(binary));
        var fromJson = new TestNet { InputScaling = Inputs };
        fromJson.ImportParametersJson(new StringReader(json));

        Assert.Equal(source.Parameters.ToArray(), fromBinary.Parameters.ToArray());
        Assert.Equal(source.Parameters.ToArray(), fromJson.Parameters.ToArray());
        Assert.Null(fromBinary.InputScaling);
        Assert.Null(fromJson.InputScaling);
    }

    [Fact]
    public void The_scaling_follows_the_values_before_the_checksum()
    {
        byte[] file = ScaledBinary();
        Assert.Equal(137, file.Length);
        Assert.Equal(1, file[100]);
        Assert.Equal([0.1, -3e10, 1.5, 0], Enumerable.Range(0, 4).Select(i => BitConverter.ToDouble(file, 101 + 8 * i)));
    }

    [Theory]
    [InlineData(101, double.NaN, "input scaling is corrupt: the mean of feature 0 is NaN")]
    [InlineData(109, double.PositiveInfinity, "input scaling is corrupt: the mean of feature 1 is +∞")]
    [InlineData(117, -1.0, "input scaling is corrupt: the standard deviation of feature 0 is -1")]
    public void A_scaling_value_no_standardization_has_is_refused(int offset, double value, string message)
    {
        byte[] file = ScaledBinary();
        BitConverter.TryWriteBytes(file.AsSpan(offset), value);
        AssertBinaryRefused(WithCrc(file), message, "finite, non-negative standard deviation");
    }

    [Fact]
    public void Undefined_scaling_flags_are_refused()
    {
        byte[] file = Binary();
        file[100] = 4;
        AssertBinaryRefused(WithCrc(file), "scaling flags are 4, where only 1 (input) and 2 (output) are defined");
    }

    [Fact]
    public void Output_scaling_in_a_classifiers_file_is_refused()
    {
        byte[] file = ScaledBinary();
        file[100] = 2; // the same 32 bytes, now read as the 2 outputs' scaling
        AssertBinaryRefused(WithCrc(file), "scales the outputs of a SoftmaxCrossEntropy network");
    }

    [Fact]
    public void A_layer_kind_this_version_does_not_know_is_refused()
    {
        byte[] file = Binary();
        file[27] = 3;
        AssertBinaryRefused(WithCrc(file), "Layer 2 of the file is of kind 3; this version of BpGen reads layers of kind Dense (0), Gru (1), Lstm (2)");
    }

    [Fact]
    public void A_recurrent_output_layer_is_refused()
    {
        byte[] file = Binary();
        file[27] = (byte)Layer.Gru;
        AssertBinaryRefused(WithCrc(file), "The file's header is corrupt: the output layer 2 is a Gru layer; the output layer is Dense");
    }

    [Theory]
    [InlineData("\"loss\": \"SoftmaxCrossEntropy\",\n", "\"loss\": \"SoftmaxCrossEntropy\",\n  \"inputScaling\": { \"mean\": [1], \"standardDeviation\": [1] },\n", "inputScaling.mean should have 2 values, but it has 1")]
    [InlineData("\"loss\": \"SoftmaxCrossEntropy\",\n", "\"loss\": \"SoftmaxCrossEntropy\",\n  \"inputScaling\": { \"mean\": [1, 2], \"standardDeviation\": [1, -2] },\n", "\"inputScaling\" is not a standardization: the standard deviation of feature 1 is -2")]
    [InlineData("\"loss\": \"SoftmaxCrossEntropy\",\n", "\"loss\": \"SoftmaxCrossEntropy\",\n  \"outputScaling\": { \"mean\": [1, 2], \"standardDeviation\": [1, 2] },\n", "\"outputScaling\" scales the outputs of a SoftmaxCrossEntropy network")]
    [InlineData("\"kind\": \"Dense\"", "\"kind\": \"Conv\"", "layers[0].kind should name a layer kind (Dense, Gru, Lstm), but it is \"Conv\"")]
    [InlineData("\"kind\": \"Dense\"", "\"kind\": \"Gru\"", "\"layers\" do not describe a network: layer 1 is a Gru layer with activation Sigmoid; a recurrent layer's activation is Tanh")]
    [InlineData("\"loss\": \"SoftmaxCrossEntropy\",\n", "\"loss\": \"SoftmaxCrossEntropy\",\n  \"inputscaling\": { \"mean\": [1, 2], \"standardDeviation\": [1, 2] },\n", "The member \"inputscaling\" of the document is none of those it may have (did you mean \"inputScaling\"?): \"format\", \"version\"")]
    [InlineData("\"loss\": \"SoftmaxCrossEntropy\",\n", "\"loss\": \"SoftmaxCrossEntropy\",\n  \"inputScaling\": { \"mean\": [1, 2], \"standardDeviation\": [1, 2], \"extra\": 1 },\n", "The member \"extra\" of \"inputScaling\" is none of those it may have: \"mean\", \"standardDeviation\".")]
    [InlineData("\"kind\": \"Dense\"", "\"kind\": \"Dense\", \"bias\": [0]", "The member \"bias\" of layers[0] is none of those it may have: \"kind\", \"weights\", \"biases\".")]
    [InlineData("\"version\": 2", "\"version\": 1", "\"layers[0].kind\" is part of version 2, but the document has version 1.")]
    public void A_bad_scaling_or_kind_in_json_is_refused(string find, string replace, string message) =>
        AssertJsonRefused(Json().Replace(find, replace), message);

    [Fact]
    public void An_output_scaling_of_deviation_0_is_refused_when_set_and_in_both_formats()
    {
        const string zero = "the standard deviation of output 1 is 0, so the network would answer that output's mean whatever it computes";
        var net = new RegressionNet();
        var setError = Assert.Throws<ArgumentException>(() => net.OutputScaling = new Standardizer([1, 2], [3, 0]));
        Assert.Contains(zero, setError.Message);
        Assert.Null(net.OutputScaling);

        var saved = new RegressionNet { OutputScaling = new Standardizer([1, 2], [3, 4]) };
        var binary = new MemoryStream();
        saved.SaveParameters(binary);
        byte[] file = binary.ToArray();
        BitConverter.TryWriteBytes(file.AsSpan(file.Length - 12, 8), 0.0); // the last output deviation, before the CRC
        var binaryError = Assert.Throws<InvalidDataException>(() => net.LoadParameters(new MemoryStream(WithCrc(file))));
        Assert.Contains(zero, binaryError.Message);

        var json = new StringWriter();
        saved.ExportParametersJson(json);
        Assert.Contains("\"standardDeviation\": [3, 4]", json.ToString());
        var jsonError = Assert.Throws<InvalidDataException>(() => net.ImportParametersJson(new StringReader(json.ToString().Replace("\"standardDeviation\": [3, 4]", "\"standardDeviation\": [3, 0]"))));
        Assert.Contains(zero, jsonError.Message);
        Assert.Null(net.OutputScaling);
    }

    [Fact]
    public void Scaling_in_a_version_1_document_is_refused()
    {
        string json = Json().Replace("\"version\": 2", "\"version\": 1").Replace("      \"kind\": \"Dense\",\n", "")
            .Replace("\"loss\": \"SoftmaxCrossEntropy\",\n", "\"loss\": \"SoftmaxCrossEntropy\",\n  \"inputScaling\": { \"mean\": [1, 2], \"standardDeviation\": [1, 2] },\n");
        AssertJsonRefused(json, "\"inputScaling\" is part of version 2, but the document has version 1");
    }

    [Theory]
    [InlineData(new[] { 1.0 }, new[] { 1.0, 2 }, "1 means and 2 standard deviations were given for 1 features")]
    [InlineData(new[] { double.NaN }, new[] { 1.0 }, "the mean of feature 0 is NaN")]
    [InlineData(new[] { 0.0 }, new[] { -0.5 }, "the standard deviation of feature 0 is -0.5")]
    [InlineData(new double[0], new double[0], "no features were given")]
    public void A_standardizer_from_values_no_standardization_has_is_refused(double[] mean, double[] deviation, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new Standardizer(mean, deviation));
        Assert.Contains(message, error.Message);
    }

    private static byte[] ScaledBinary()
    {
        var stream = new MemoryStream();
        TestNet source = Source();
        source.InputScaling = Inputs;
        source.SaveParameters(stream);
        return stream.ToArray();
    }
}
