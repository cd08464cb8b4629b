using static BpGen.Tests.Runtime.ParameterFiles;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Every kind of bad binary parameter file for a 2-3-2 float TestNet (105 bytes: magic 0–3, version
/// 4–5, element size 6, loss 7, size count 8–11, sizes 12–23, activations 24–25, layer kinds 26–27,
/// parameter count 28–31, values 32–99, scaling flags 100, CRC 101–104) is refused with what was
/// expected and found, the loader untouched.
/// </summary>
public class BinaryFileRefusalTests
{
    [Fact]
    public void Another_networks_file()
    {
        var stream = new MemoryStream();
        new XorNet().SaveParameters(stream);
        AssertBinaryRefused(stream.ToArray(), "The BpGen binary file does not fit this network: layer 1 has 4 neurons in the file, 3 in the attribute. It holds a 2-4-1 float network (Tanh, Sigmoid; BinaryCrossEntropy); this is a 2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy).");
    }

    [Fact]
    public void Wrong_magic()
    {
        byte[] file = Binary();
        file[0] = (byte)'X';
        AssertBinaryRefused(file, "should start with \"BPGN\" (42 50 47 4E), but starts with 58 50 47 4E");
    }

    [Fact]
    public void Wrong_format_version()
    {
        byte[] file = Binary();
        file[4] = 3;
        AssertBinaryRefused(file, "format version 3", "reads versions 1 and 2");
    }

    [Fact]
    public void Wrong_element_size_of_a_double()
    {
        byte[] file = FileOf([2, 3, 2], [Activation.Sigmoid, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: true);
        AssertBinaryRefused(file, "the file holds double values, the network float ones", "It holds a 2-3-2 double network", "this is a 2-3-2 float network");
    }

    [Fact]
    public void Element_size_of_no_type()
    {
        byte[] file = Binary();
        file[6] = 5;
        AssertBinaryRefused(file, "header is corrupt: element size 5", "expected a 2-3-2 float network");
    }

    [Fact]
    public void Wrong_loss()
    {
        byte[] file = FileOf([2, 3, 2], [Activation.Sigmoid, Activation.Identity], Loss.MeanSquaredError);
        AssertBinaryRefused(file, "the file is for Loss.MeanSquaredError, the attribute says Loss.SoftmaxCrossEntropy", "It holds a 2-3-2 float network (Sigmoid, Identity; MeanSquaredError)");
    }

    [Fact]
    public void Loss_of_no_kind()
    {
        byte[] file = Binary();
        file[7] = 9;
        AssertBinaryRefused(file, "header is corrupt", "loss 9");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4097)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Layer_size_count_no_network_has(int count) =>
        AssertBinaryRefused(WithInt32(Binary(), 8, count), $"says it has {count} layer sizes", "expected a 2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy)");

    [Fact]
    public void Another_layer_count() =>
        AssertBinaryRefused(FileOf([2, 3], [Activation.Identity], Loss.SoftmaxCrossEntropy), "the file has 1 layers (2-3), the attribute 2 (2-3-2)", "It holds a 2-3 float network");

    [Fact]
    public void Wrong_layer_size() =>
        AssertBinaryRefused(FileOf([2, 4, 2], [Activation.Sigmoid, Activation.Identity], Loss.SoftmaxCrossEntropy), "layer 1 has 4 neurons in the file, 3 in the attribute", "It holds a 2-4-2 float network");

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Layer_size_below_one(int size) =>
        AssertBinaryRefused(WithInt32(Binary(), 16, size), "header is corrupt", $"sizes 2-{size}-2");

    /// <summary>More neurons than any BpGen network has; 2³¹ − 1 would also overflow a 32-bit parameter count.</summary>
    [Theory]
    [InlineData(4093)]
    [InlineData(int.MaxValue)]
    public void Layer_sizes_beyond_the_neuron_limit(int size) =>
        AssertBinaryRefused(WithInt32(Binary(), 16, size), $"header is corrupt: element size 4, loss {(int)Loss.SoftmaxCrossEntropy}, sizes 2-{size}-2", "4096 neurons in all");

    [Fact]
    public void Wrong_activation()
    {
        byte[] file = FileOf([2, 3, 2], [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy);
        AssertBinaryRefused(file, "layer 1 is followed by Tanh in the file, by Sigmoid in the attribute", "It holds a 2-3-2 float network (Tanh, Identity; SoftmaxCrossEntropy)");
    }

    [Fact]
    public void Activation_of_no_kind()
    {
        byte[] file = Binary();
        file[25] = 200;
        AssertBinaryRefused(file, "header is corrupt", "activations 1, 200");
    }

    [Theory]
    [InlineData(18)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Wrong_parameter_count(int count) =>
        AssertBinaryRefused(WithInt32(Binary(), 28, count), $"header is corrupt: its sizes 2-3-2 make 17 parameters, but it says {count}");

    /// <summary>A well-formed file of another network, with zeros for its values.</summary>
    private static byte[] FileOf(int[] sizes, Activation[] activations, Loss loss, bool useDouble = false)
    {
        var signature = new NetworkSignature(sizes, activations, loss, useDouble);
        var stream = new MemoryStream();
        if (useDouble)
        {
            ParameterFile.Write<double>(stream, signature, new double[signature.ParameterCount]);
        }
        else
        {
            ParameterFile.Write<float>(stream, signature, new float[signature.ParameterCount]);
        }

        return stream.ToArray();
    }

    public static TheoryData<int, string> Truncations()
    {
        (int End, string Field)[] fields =
        [
            (4, "the magic number"), (6, "the format version"), (7, "the element type"), (8, "the loss"),
            (12, "the number of layer sizes"), (24, "the layer sizes"), (26, "the activations"), (28, "the layer kinds"),
            (32, "the parameter count"), (100, "the parameter values"), (101, "the scaling flags"), (105, "the checksum"),
        ];
        var data = new TheoryData<int, string>();
        for (int length = 0; length < 105; length++)
        {
            data.Add(length, fields.First(f => length < f.End).Field);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Truncations))]
    public void Truncated_in_every_field(int length, string field) =>
        AssertBinaryRefused(Binary()[..length], $"ends after {length} bytes, in {field}", "truncated");

    [Fact]
    public void A_count_no_data_backs_ends_as_truncation_without_allocating_for_it()
    {
        // 1-2047-2047, within the neuron limit, has 4,196,350 parameters, 16.8 MB of floats; the file ends 16 bytes into them.
        var reader = new ParameterFileReader(new MemoryStream([.. Header(elementSize: 4, [1, 2047, 2047], 4_196_350), .. new byte[16]]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => reader.Read(expected: null));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("ends after 46 bytes, in the parameter values; 16785384 more bytes were expected", error.Message);
        Assert.InRange(allocated, 0, 1 << 20);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(99)]
    [InlineData(103)]
    public void Flipped_bit_in_a_value_or_the_checksum_fails_the_checksum(int offset)
    {
        byte[] file = Binary();
        file[offset] ^= 0x10;
        uint stored = BitConverter.ToUInt32(file, 101);
        uint computed = Crc32.Append(0, file.AsSpan(0, 101));
        AssertBinaryRefused(file, $"corrupt: its CRC-32 is {stored:X8}, but its contents give {computed:X8}");
    }

    [Fact]
    public void Data_after_the_file_is_left_in_the_stream()
    {
        byte[] file = [.. Binary(), 1, 2, 3];
        var stream = new MemoryStream(file);
        var net = Loader();

        net.LoadParameters(stream);

        Assert.Equal(Bits(Source().Parameters), Bits(net.Parameters));
        Assert.Equal(105, stream.Position);
    }

    [Theory]
    [InlineData(3, float.PositiveInfinity, "W1[1,1] (parameter 3) is +∞")]
    [InlineData(7, float.NaN, "b1[1] (parameter 7) is NaN")]
    [InlineData(9, float.NegativeInfinity, "W2[0,0] (parameter 9) is −∞")]
    [InlineData(16, float.NaN, "b2[1] (parameter 16) is NaN")]
    public void Non_finite_value_with_a_correct_checksum(int k, float value, string message)
    {
        byte[] file = Binary();
        BitConverter.TryWriteBytes(file.AsSpan(32 + 4 * k), value);
        AssertBinaryRefused(WithCrc(file), message, "finite numbers only");
    }

    [Fact]
    public void Non_finite_double_with_a_correct_checksum()
    {
        var saved = new TestNetDouble();
        saved.InitializeParameters(1);
        var stream = new MemoryStream();
        saved.SaveParameters(stream);
        byte[] file = stream.ToArray();
        BitConverter.TryWriteBytes(file.AsSpan(32 + 8 * 14), double.NaN);
        var net = new TestNetDouble();
        double[] before = net.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => net.LoadParameters(new MemoryStream(WithCrc(file))));

        Assert.Contains("W2[1,2] (parameter 14) is NaN", error.Message);
        Assert.NotEqual(saved.Parameters.ToArray(), before);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void A_file_of_another_network_is_refused_after_its_header_however_many_values_it_promises()
    {
        // 1-2047-2047 double, within the neuron limit: 4,196,350 parameters, 33.6 MB, and a stream of zeros that never ends.
        var stream = new EndlessZerosAfter(Header(elementSize: 8, [1, 2047, 2047], 4_196_350));
        AssertRefused<InvalidDataException>(net => net.LoadParameters(stream), "does not fit this network: the file takes 1 inputs, the attribute 2");
        Assert.Equal(30, stream.Served); // the version-1 header up to the parameter count
    }

    [Fact]
    public void A_stream_that_fails_midway_throws_its_own_error_and_nothing_changes() =>
        AssertRefused<IOException>(net => net.LoadParameters(new FailingStream(Binary(), failAfter: 50)), "The disk went away.");

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

    /// <summary>Serves <paramref name="head"/>, then zeros without end, counting the bytes served.</summary>
    private sealed class EndlessZerosAfter(byte[] head) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = Served + i < head.Length ? head[Served + i] : (byte)0;
            }

            Served += count;
            return count;
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
