namespace BpGen.Tests.Generation.Recurrent;

/// <summary>The generated source of recurrent networks, reviewed like code.</summary>
public class RecurrentSnapshotTests
{
    [Fact]
    public void Small_gru_network()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(3, 4, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru })]
            public partial class GruNet { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "GruNet");
    }

    [Fact]
    public void Gru_network_on_the_kernel_path()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(8, 8, 1, Activation.Identity, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })]
            public partial class KernelGruNet { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "KernelGruNet");
    }

    [Fact]
    public void Small_lstm_network_after_a_dense_layer()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(2, 3, 4, 1, Activation.ReLU, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Dense, Layer.Lstm }, UseDouble = true)]
            public partial class LstmNet { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "LstmNet");
    }
}
