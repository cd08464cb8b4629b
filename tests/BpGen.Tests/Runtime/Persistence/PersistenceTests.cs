
namespace BpGen.Tests.Runtime;

/// <summary>SaveParameters/LoadParameters and the JSON form: exact round trips, and nothing written that could not be read back. Bad files: tests/BpGen.Tests/Persistence.</summary>
public class PersistenceTests
{
    [Fact]
    public void Save_then_load_round_trips_bit_for_bit()
    {
        var saved = Trained(new DigitsNet());
        var loaded = new DigitsNet();

        loaded.LoadParameters(new MemoryStream(Save(saved)));

        Assert.Equal(Bits(saved.Parameters), Bits(loaded.Parameters));
    }

    [Fact]
    public void Double_networks_round_trip_too()
    {
        var saved = new TestNetDouble();
        saved.InitializeParameters(3);
        saved.Parameters[16] = Math.PI;
        var loaded = new TestNetDouble();

        loaded.LoadParameters(new MemoryStream(Save(saved)));

        Assert.Equal(saved.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void The_header_describes_the_network_and_a_CRC_closes_the_file()
    {
        byte[] file = Save(new TestNet());
        Assert.Equal("BPGN"u8.ToArray(), file[..4]);
        Assert.Equal(2, BitConverter.ToUInt16(file, 4));
        Assert.Equal(4, file[6]); // float
        Assert.Equal((byte)Loss.SoftmaxCrossEntropy, file[7]);
        Assert.Equal(3, BitConverter.ToInt32(file, 8));
        Assert.Equal(new[] { 2, 3, 2 }, new[] { BitConverter.ToInt32(file, 12), BitConverter.ToInt32(file, 16), BitConverter.ToInt32(file, 20) });
        Assert.Equal(new[] { (byte)Activation.Sigmoid, (byte)Activation.Identity }, file[24..26]);
        Assert.Equal(new byte[] { 0, 0 }, file[26..28]); // both layers dense
        Assert.Equal(17, BitConverter.ToInt32(file, 28));
        Assert.Equal(32 + 17 * 4 + 1 + 4, file.Length);
        Assert.Equal(new TestNet().Parameters[0], BitConverter.ToSingle(file, 32));
        Assert.Equal(0, file[100]); // no scaling
    }

    [Fact]
    public void Json_round_trips_bit_for_bit()
    {
        var saved = Trained(new DigitsNet());
        var writer = new StringWriter();
        saved.ExportParametersJson(writer);
        var loaded = new DigitsNet();

        loaded.ImportParametersJson(new StringReader(writer.ToString()));

        Assert.Equal(Bits(saved.Parameters), Bits(loaded.Parameters));
        Assert.Contains("\"sizes\": [64, 32, 10]", writer.ToString());
        Assert.Contains("\"activations\": [\"ReLU\", \"Identity\"]", writer.ToString());
    }

    [Fact]
    public void Json_shows_weights_as_rows_of_the_matrix()
    {
        var net = new TestNet();
        for (int k = 0; k < TestNet.ParameterCount; k++)
        {
            net.Parameters[k] = k;
        }

        var writer = new StringWriter();
        net.ExportParametersJson(writer);
        string json = writer.ToString();

        Assert.Contains("\"weights\": [\n        [0, 1],\n        [2, 3],\n        [4, 5]\n      ],\n      \"biases\": [6, 7, 8]", json);
        Assert.Contains("[9, 10, 11],\n        [12, 13, 14]\n      ],\n      \"biases\": [15, 16]", json);
    }

    [Fact]
    public void Json_writes_doubles_with_17_significant_digits_and_floats_with_9()
    {
        // "R" is not round-trip safe on .NET Framework; "G17" and "G9" are on every runtime.
        var doubles = new TestNetDouble();
        doubles.Parameters[0] = 0.1;
        doubles.Parameters[1] = Math.PI;
        var floats = new TestNet();
        floats.Parameters[0] = 0.1f;
        floats.Parameters[1] = MathF.PI;

        Assert.Contains("[0.10000000000000001, 3.1415926535897931]", Json(doubles));
        Assert.Contains("[0.100000001, 3.14159274]", Json(floats));
    }

    [Fact]
    public void Json_round_trips_extreme_values_bit_for_bit()
    {
        double[] doubles = [double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon, 2.2250738585072014E-308, 2.2250738585072009E-308, -0.0, 1 / 3.0, 1e-300, 123456789012345680, 5e-324, 0.30000000000000004];
        float[] floats = [float.MaxValue, -float.MaxValue, float.Epsilon, -float.Epsilon, 1.17549435E-38f, 1.17549421E-38f, -0.0f, 1 / 3f, 1e-30f, 16777217f, 0.1f + 0.2f];
        var savedDouble = new TestNetDouble();
        doubles.CopyTo(savedDouble.Parameters);
        var savedFloat = new TestNet();
        floats.CopyTo(savedFloat.Parameters);
        var loadedDouble = new TestNetDouble();
        var loadedFloat = new TestNet();

        loadedDouble.ImportParametersJson(new StringReader(Json(savedDouble)));
        loadedFloat.ImportParametersJson(new StringReader(Json(savedFloat)));

        Assert.Equal(savedDouble.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits), loadedDouble.Parameters.ToArray().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(Bits(savedFloat.Parameters), Bits(loadedFloat.Parameters));
    }

    [Theory]
    [InlineData(0, float.NaN, "W1[0,0] (parameter 0) is NaN")]
    [InlineData(8, float.PositiveInfinity, "b1[2] (parameter 8) is +∞")]
    [InlineData(14, float.NegativeInfinity, "W2[1,2] (parameter 14) is −∞")]
    public void Non_finite_parameters_are_not_written(int k, float value, string message)
    {
        var net = Trained(new TestNet());
        net.Parameters[k] = value;
        var stream = new MemoryStream();
        var writer = new StringWriter();

        var binaryError = Assert.Throws<InvalidOperationException>(() => net.SaveParameters(stream));
        var jsonError = Assert.Throws<InvalidOperationException>(() => net.ExportParametersJson(writer));

        Assert.Contains(message, binaryError.Message);
        Assert.Contains(message, jsonError.Message);
        Assert.Equal(0, stream.Length);
        Assert.Equal("", writer.ToString());
    }

    [Fact]
    public void Non_finite_double_parameters_are_not_written()
    {
        var net = new TestNetDouble();
        net.Parameters[16] = double.NaN;
        var stream = new MemoryStream();

        var error = Assert.Throws<InvalidOperationException>(() => net.SaveParameters(stream));

        Assert.Contains("b2[1] (parameter 16) is NaN", error.Message);
        Assert.Equal(0, stream.Length);
    }

    private static string Json<T>(INetwork<T> net)
        where T : unmanaged
    {
        var writer = new StringWriter();
        net.ExportParametersJson(writer);
        return writer.ToString();
    }

    private static T Trained<T>(T net)
        where T : INetwork<float>
    {
        net.InitializeParameters(1);
        for (int k = 0; k < net.Parameters.Length; k++)
        {
            net.Parameters[k] += k * 1e-3f;
        }

        return net;
    }

    [Fact]
    public void Values_of_another_type_than_the_signature_says_are_refused_before_reading()
    {
        byte[] file = Save(new TestNet());
        var json = new StringWriter();
        new TestNet().ExportParametersJson(json);
        var stream = new MemoryStream(file);
        int[] ints = new int[TestNet.ParameterCount];
        double[] doubles = new double[TestNet.ParameterCount];

        var binaryError = Assert.Throws<ArgumentException>(() => ParameterFile.Read<int>(stream, TestNet.Signature, ints, out _, out _));
        var jsonError = Assert.Throws<ArgumentException>(() => ParameterJson.Read<double>(new StringReader(json.ToString()), TestNet.Signature, doubles, out _, out _));

        Assert.Contains("must be 17 values of 4 bytes for a 2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy), but are 17 of Int32", binaryError.Message);
        Assert.Contains("must be the 17 values of a 2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy), but there are 17 of Double", jsonError.Message);
        Assert.Equal(0, stream.Position);
        Assert.All(ints, v => Assert.Equal(0, v));
        Assert.All(doubles, v => Assert.Equal(0, v));
    }

    private static byte[] Save<T>(INetwork<T> net)
        where T : unmanaged
    {
        var stream = new MemoryStream();
        net.SaveParameters(stream);
        return stream.ToArray();
    }

    private static int[] Bits(Span<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

}
