
namespace BpGen.Tests.Generation;

/// <summary>
/// The code small frozen networks generate: a dense one with every weight a literal in Forward's
/// arithmetic; a GRU whose steps read the compiled-in parameters in place.
/// </summary>
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

    [Fact]
    public void Frozen_gru_from_PyTorch()
    {
        const string file = "recurrent_gru_3_6_2_batch_first_last_step.onnx";
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(3, 6, 2, Activation.Tanh, Loss.MeanSquaredError, OutputActivation = Activation.Identity, HiddenLayers = new[] { Layer.Gru }, Weights = "recurrent_gru_3_6_2_batch_first_last_step.onnx", Frozen = true)]
            public partial class FrozenGruNet { }
            """;
        var (result, _) = GeneratorRunner.Run(source, additionalTexts: new[] { new DiskFile(WeightsFiles.FixturePath(file)) });
        Assert.Empty(result.Diagnostics);
        Snapshot.Verify(Assert.Single(result.GeneratedTrees).GetText().ToString(), "FrozenGruNet");
    }
}
