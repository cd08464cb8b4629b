
namespace BpGen.Tests.Runtime;

/// <summary>
/// Files saved from a TestNet whose parameters are 1 + k/4 (distinct, exact in float and in text),
/// loaded into a TestNet whose parameters are different: a refusal leaves the loader as it was, an
/// acceptance would show.
/// </summary>
internal static class ParameterFiles
{
    public static TestNet Source()
    {
        var net = new TestNet();
        for (int k = 0; k < TestNet.ParameterCount; k++)
        {
            net.Parameters[k] = 1 + k / 4f;
        }

        return net;
    }

    public static byte[] Binary()
    {
        var stream = new MemoryStream();
        Source().SaveParameters(stream);
        return stream.ToArray();
    }

    public static string Json()
    {
        var writer = new StringWriter();
        Source().ExportParametersJson(writer);
        return writer.ToString();
    }

    /// <summary>A TestNet whose parameters are not the source's.</summary>
    public static TestNet Loader()
    {
        var net = new TestNet();
        net.InitializeParameters(99);
        return net;
    }

    /// <summary>Loading throws <typeparamref name="TException"/> whose message holds every part, and the loader keeps its parameters.</summary>
    public static void AssertRefused<TException>(Action<TestNet> load, params string[] messageParts)
        where TException : Exception
    {
        var net = Loader();
        var scaling = new Standardizer([7, 8], [9, 10]);
        net.InputScaling = scaling;
        int[] before = Bits(net.Parameters);
        Assert.NotEqual(Bits(Source().Parameters), before);

        var error = Assert.Throws<TException>(() => load(net));

        foreach (string part in messageParts)
        {
            Assert.Contains(part, error.Message);
        }

        Assert.Equal(before, Bits(net.Parameters));
        Assert.Same(scaling, net.InputScaling);
    }

    public static void AssertBinaryRefused(byte[] file, params string[] messageParts) =>
        AssertRefused<InvalidDataException>(net => net.LoadParameters(new MemoryStream(file)), messageParts);

    public static void AssertJsonRefused(string json, params string[] messageParts) =>
        AssertRefused<InvalidDataException>(net => net.ImportParametersJson(new StringReader(json)), messageParts);

    /// <summary>The file with its last four bytes replaced by the CRC-32 of everything before them.</summary>
    public static byte[] WithCrc(byte[] file)
    {
        byte[] copy = file.ToArray();
        BitConverter.TryWriteBytes(copy.AsSpan(copy.Length - 4), Crc32.Append(0, copy.AsSpan(0, copy.Length - 4)));
        return copy;
    }

    public static byte[] WithInt32(byte[] file, int offset, int value)
    {
        byte[] copy = file.ToArray();
        BitConverter.TryWriteBytes(copy.AsSpan(offset), value);
        return copy;
    }

    /// <summary>A binary file's header up to the parameter count: Sigmoid layers and then Identity, softmax loss.</summary>
    public static byte[] Header(byte elementSize, int[] sizes, int count)
    {
        var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("BPGN"u8.ToArray());
        writer.Write((ushort)1);
        writer.Write(elementSize);
        writer.Write((byte)Loss.SoftmaxCrossEntropy);
        writer.Write(sizes.Length);
        Array.ForEach(sizes, writer.Write);
        for (int l = 1; l < sizes.Length; l++)
        {
            writer.Write((byte)(l + 1 < sizes.Length ? Activation.Sigmoid : Activation.Identity));
        }

        writer.Write(count);
        return stream.ToArray();
    }

    public static int[] Bits(ReadOnlySpan<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}
