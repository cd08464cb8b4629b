using BpGen.Tests.Behaviour;

namespace BpGen.Tests.Training;

/// <summary>SaveParameters/LoadParameters and the JSON form: exact round trips, and every bad file refused without harm.</summary>
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
        Assert.Equal(1, BitConverter.ToUInt16(file, 4));
        Assert.Equal(4, file[6]); // float
        Assert.Equal((byte)Loss.SoftmaxCrossEntropy, file[7]);
        Assert.Equal(3, BitConverter.ToInt32(file, 8));
        Assert.Equal(new[] { 2, 3, 2 }, new[] { BitConverter.ToInt32(file, 12), BitConverter.ToInt32(file, 16), BitConverter.ToInt32(file, 20) });
        Assert.Equal(new[] { (byte)Activation.Sigmoid, (byte)Activation.Identity }, file[24..26]);
        Assert.Equal(17, BitConverter.ToInt32(file, 26));
        Assert.Equal(30 + 17 * 4 + 4, file.Length);
        Assert.Equal(new TestNet().Parameters[0], BitConverter.ToSingle(file, 30));
    }

    public static IEnumerable<object[]> Truncations() => new[] { 0, 3, 5, 12, 29, 30, 50, 97, 101 }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Truncations))]
    public void A_truncated_file_is_refused_and_nothing_changes(int length)
    {
        byte[] file = Save(Trained(new TestNet()));
        AssertRefused<System.IO.InvalidDataException>(new MemoryStream(file[..length]), length == 0 ? "ends after 0 bytes" : $"ends after {length} bytes");
    }

    [Fact]
    public void Another_topology_is_refused_naming_both()
    {
        byte[] file = Save(new XorNet());
        AssertRefused<System.IO.InvalidDataException>(new MemoryStream(file), "holds a 2-4-1 float network (Tanh, Sigmoid; BinaryCrossEntropy) with 17 parameters, but this is a 2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy)");
    }

    [Fact]
    public void Another_activation_is_refused()
    {
        byte[] file = Save(new TestNet());
        file[24] = (byte)Activation.Tanh;
        AssertRefused<System.IO.InvalidDataException>(new MemoryStream(file), "holds a 2-3-2 float network (Tanh, Identity; SoftmaxCrossEntropy)");
    }

    [Fact]
    public void Another_element_type_is_refused()
    {
        AssertRefused<System.IO.InvalidDataException>(new MemoryStream(Save(new TestNetDouble())), "holds a 2-3-2 double network");
    }

    [Fact]
    public void A_flipped_value_bit_fails_the_checksum()
    {
        byte[] file = Save(new TestNet());
        file[40] ^= 0x10;
        AssertRefused<System.IO.InvalidDataException>(new MemoryStream(file), "corrupt");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_are_refused(int seed)
    {
        var random = new SeededRandom(seed);
        var bytes = new byte[200];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)random.NextInt(256);
        }

        AssertRefused<System.IO.InvalidDataException>(new MemoryStream(bytes), "Not a BpGen parameter file");
    }

    [Fact]
    public void Random_bytes_after_a_valid_magic_are_refused()
    {
        var random = new SeededRandom(4);
        for (int trial = 0; trial < 200; trial++)
        {
            byte[] file = Save(new TestNet());
            for (int i = 4 + random.NextInt(file.Length - 4); i < file.Length; i += 1 + random.NextInt(8))
            {
                file[i] = (byte)random.NextInt(256);
            }

            var net = new TestNet();
            float[] before = net.Parameters.ToArray();
            try
            {
                net.LoadParameters(new MemoryStream(file));
                Assert.Equal(before, net.Parameters.ToArray()); // only possible if the noise rewrote equal bytes
            }
            catch (System.IO.InvalidDataException)
            {
                Assert.Equal(before, net.Parameters.ToArray());
            }
        }
    }

    [Fact]
    public void A_stream_that_fails_midway_throws_its_own_error_and_nothing_changes()
    {
        byte[] file = Save(Trained(new TestNet()));
        AssertRefused<IOException>(new FailingStream(file, failAfter: 50), "disk went away");
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

    [Theory]
    [InlineData("", "Malformed JSON at character 0")]
    [InlineData("{ \"format\": \"BpGen parameters\" ", "Malformed JSON")]
    [InlineData("[1, 2]", "the document should be an object")]
    [InlineData("{ \"format\": \"other\" }", "\"format\" should be \"BpGen parameters\"")]
    [InlineData("{ \"format\": \"BpGen parameters\", \"version\": 1 }", "\"elementType\" is missing")]
    public void Malformed_json_is_refused_and_nothing_changes(string json, string message)
    {
        var net = new TestNet();
        float[] before = net.Parameters.ToArray();
        var error = Assert.Throws<System.IO.InvalidDataException>(() => net.ImportParametersJson(new StringReader(json)));
        Assert.Contains(message, error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Theory]
    [InlineData("\"sizes\": [2, 3, 2]", "\"sizes\": [2, 4, 2]", "holds a 2-4-2 float network")]
    [InlineData("\"Sigmoid\"", "\"Sigmod\"", "activations[0] should name a Activation")]
    [InlineData("[4, 5]", "[4]", "layers[0].weights[2] should have 2 values, but it has 1")]
    [InlineData("[6, 7, 8]", "[6, \"x\", 8]", "layers[0].biases[1] should be a number, but it is x")]
    public void Json_for_another_network_or_with_bad_values_is_refused(string find, string replace, string message)
    {
        var net = new TestNet();
        for (int k = 0; k < TestNet.ParameterCount; k++)
        {
            net.Parameters[k] = k;
        }

        var writer = new StringWriter();
        net.ExportParametersJson(writer);
        string json = writer.ToString();
        Assert.Contains(find, json);
        var fresh = new TestNet();
        float[] before = fresh.Parameters.ToArray();

        var error = Assert.Throws<System.IO.InvalidDataException>(() => fresh.ImportParametersJson(new StringReader(json.Replace(find, replace, StringComparison.Ordinal))));

        Assert.Contains(message, error.Message);
        Assert.Equal(before, fresh.Parameters.ToArray());
    }

    private static void AssertRefused<TException>(Stream stream, string message)
        where TException : Exception
    {
        var net = Trained(new TestNet());
        net.InitializeParameters(99);
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<TException>(() => net.LoadParameters(stream));

        Assert.Contains(message, error.Message);
        Assert.Equal(Bits(before), Bits(net.Parameters));
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

    private static byte[] Save<T>(INetwork<T> net)
        where T : unmanaged
    {
        var stream = new MemoryStream();
        net.SaveParameters(stream);
        return stream.ToArray();
    }

    private static int[] Bits(Span<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>Serves a file, then throws as a network or disk would.</summary>
    private sealed class FailingStream(byte[] content, int failAfter) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAfter)
            {
                throw new IOException("The disk went away.");
            }

            return base.Read(buffer, offset, (int)Math.Min(count, failAfter - Position));
        }
    }
}
