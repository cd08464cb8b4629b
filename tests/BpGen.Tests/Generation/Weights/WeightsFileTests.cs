extern alias Generator;

using Generator::BpGen.Generator.Weights;

namespace BpGen.Tests.Generation;

/// <summary>How the generator finds and reads a weights file.</summary>
public class WeightsFileTests
{
    [Fact]
    public void A_binary_file_is_read_from_its_bytes_and_held_decoded()
    {
        // Decoded as text, bytes 0x80-0xFF are not UTF-8 and two zero bytes make the compiler refuse the
        // file; a binary parameter file has both, and values whose bytes run over the whole range.
        var signature = new NetworkSignature([2, 3, 2], [Activation.Tanh, Activation.Identity], Loss.SoftmaxCrossEntropy, useDouble: true);
        double[] values = Enumerable.Range(0, (int)signature.ParameterCount).Select(k => BitConverter.Int64BitsToDouble(0x3F80_0000_0000_0000L + k * 0x0001_0203_0405_0607L)).ToArray();
        string path = Path.Combine(WeightsFiles.NewFolder(), "all.bin");
        using (var stream = File.Create(path))
        {
            ParameterFile.Write<double>(stream, signature, values);
        }

        WeightsFile file = WeightsFile.Read(new DiskFile(path), default);

        Assert.Null(file.Error);
        Assert.Equal(values, file.Network!.Parameters);
        Assert.Equal([2, 3, 2], file.Network.Sizes);
        Assert.Equal(Loss.SoftmaxCrossEntropy, (Loss)file.Network.Loss!);
    }

    /// <summary>JSON as editors and shells save it: with a byte-order mark, in UTF-8, UTF-16 (Windows PowerShell 5.1's default) or UTF-32.</summary>
    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    [InlineData("utf-32BE")]
    public void A_json_file_with_a_byte_order_mark_is_read_in_its_encoding(string encoding)
    {
        var net = new Fixtures.TestNet();
        net.InitializeParameters(5);
        var json = new StringWriter();
        net.ExportParametersJson(json);
        string path = Path.Combine(WeightsFiles.NewFolder(), "net.json");
        File.WriteAllText(path, json.ToString(), System.Text.Encoding.GetEncoding(encoding));

        WeightsFile file = WeightsFile.Read(new DiskFile(path), default);

        Assert.Null(file.Error);
        Assert.Equal(net.Parameters.ToArray().Select(v => (double)v), file.Network!.Parameters);
    }

    /// <summary>The largest file read, sparse so that the test writes nothing big (it is read, all zeros).</summary>
    [Fact]
    public void A_file_of_exactly_64_MiB_is_read()
    {
        string path = Path.Combine(WeightsFiles.NewFolder(), "large.onnx");
        try
        {
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.SetLength(64 << 20);
            }

            WeightsFile file = WeightsFile.Read(new DiskFile(path), default);

            // Read and decoded: zeros are no ONNX model, but the refusal is the decoder's, not the size limit's.
            Assert.Null(file.Network);
            Assert.Contains("ONNX", file.Error);
            Assert.DoesNotContain("at most", file.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("/p/models/wine.onnx", "wine.onnx", true)]
    [InlineData("/p/models/wine.onnx", "models/wine.onnx", true)]
    [InlineData(@"C:\p\models\wine.onnx", "models/wine.onnx", true)]
    [InlineData("/p/models/wine.onnx", @"models\wine.onnx", true)]
    [InlineData("/p/models/wine.onnx", "./models/wine.onnx", true)]
    [InlineData("/p/models/redwine.onnx", "wine.onnx", false)]
    [InlineData("/p/other/wine.onnx", "models/wine.onnx", false)]
    [InlineData("/p/models/wine.onnx", "", false)]
    public void Names_match_the_end_of_the_path_segment_by_segment(string path, string name, bool matches) =>
        Assert.Equal(matches, WeightsFile.Matches(path, name));
}
