extern alias Generator;

using Generator::BpGen.Generator.Weights;

namespace BpGen.Tests.Generation;

/// <summary>How the generator finds and reads a weights file.</summary>
public class WeightsFileTests
{
    [Fact]
    public void Every_byte_value_is_read_exactly()
    {
        // Decoded as text, bytes 0x80-0xFF are not UTF-8 and two zero bytes make the compiler refuse the file.
        byte[] bytes = Enumerable.Range(0, 256).Select(b => (byte)b).Concat(new byte[] { 0, 0, 0xFF, 0xFE }).ToArray();
        string path = Path.Combine(WeightsFiles.NewFolder(), "all.bin");
        File.WriteAllBytes(path, bytes);

        WeightsFile file = WeightsFile.Read(new DiskFile(path), default);

        Assert.Null(file.ReadError);
        Assert.Equal(bytes, file.Bytes.AsSpan().ToArray());
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

            Assert.Null(file.ReadError);
            Assert.Equal(64 << 20, file.Bytes.Length);
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
