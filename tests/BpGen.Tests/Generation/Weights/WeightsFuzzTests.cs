using BpGen.Tests.Runtime;
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>
/// Whatever a weights file holds, the generator reports BPG diagnostics and never throws (which users
/// would see as CS8785, every network lost): valid files of each format, mutated at random.
/// </summary>
public class WeightsFuzzTests
{
    [Fact]
    public void Mutated_weights_files_give_diagnostics_never_exceptions()
    {
        var stream = new MemoryStream();
        new TestNet().SaveParameters(stream);
        var json = new StringWriter();
        new TestNet().ExportParametersJson(json);
        byte[][] originals =
        {
            OnnxFixtures.Bytes("testnet_2_3_2_sigmoid_softmax.onnx"),
            OnnxFixtures.Bytes("matmul_add_4_5_3_relu_softmax.onnx"),
            stream.ToArray(),
            System.Text.Encoding.UTF8.GetBytes(json.ToString()),
        };
        const string source = """
            using BpGen;
            [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "net.bin")] public partial class Net { }
            [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "net.bin", Frozen = true)] public partial class Frozen { }
            """;

        string path = Path.Combine(WeightsFiles.NewFolder(), "net.bin");
        var random = new Random(20261125);
        for (int iteration = 0; iteration < 300; iteration++)
        {
            byte[] bytes = Mutate(originals[iteration % originals.Length], random);
            File.WriteAllBytes(path, bytes);
            var (result, _) = GeneratorRunner.Run(source, additionalTexts: new[] { new DiskFile(path) });

            Assert.Null(result.Results.Single().Exception);
            Assert.All(result.Diagnostics, d => Assert.StartsWith("BPG", d.Id, StringComparison.Ordinal));
            Assert.True(result.Diagnostics.Length == 2 || result.GeneratedTrees.Length == 2, $"iteration {iteration}: {result.Diagnostics.Length} diagnostics, {result.GeneratedTrees.Length} files");
        }
    }

    /// <summary>One to four random changes: a flipped byte, a random byte, a cut, or a duplicated range.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        for (int n = random.Next(1, 5); n > 0 && bytes.Count > 0; n--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, random.Next(bytes.Count - at + 1));
                    break;
                default:
                    bytes.InsertRange(at, bytes.Skip(at).Take(random.Next(1, 16)).ToList());
                    break;
            }
        }

        return bytes.ToArray();
    }
}
