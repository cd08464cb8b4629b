
namespace BpGen.Tests.Generation;

/// <summary>The code a small frozen network generates: every weight a literal in Forward's arithmetic.</summary>
public class FrozenSnapshotTests
{
    [Fact]
    public void Frozen_2_3_2_from_PyTorch()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "testnet_2_3_2_sigmoid_softmax.onnx", Frozen = true)]
            public partial class FrozenNet { }
            """;
        var (result, _) = GeneratorRunner.Run(source, additionalTexts: new[] { new DiskFile(WeightsFiles.FixturePath("testnet_2_3_2_sigmoid_softmax.onnx")) });
        Assert.Empty(result.Diagnostics);
        Snapshot.Verify(Assert.Single(result.GeneratedTrees).GetText().ToString(), "FrozenNet");
    }
}
