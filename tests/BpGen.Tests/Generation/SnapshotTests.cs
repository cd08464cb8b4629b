extern alias Generator;

using Generator::BpGen.Generator;

namespace BpGen.Tests.Generation;

/// <summary>The generated source, reviewed like code: one snapshot per shape of network.</summary>
public class SnapshotTests
{
    [Fact]
    public void TestNet_2_3_2_is_fully_unrolled()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
            public partial class TestNet { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "TestNet");
    }

    [Fact]
    public void Four_layers_with_per_layer_activations()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(4, 6, 5, 3, Activation.Tanh, Loss.MeanSquaredError,
                HiddenActivations = new[] { Activation.ReLU, Activation.Tanh },
                OutputActivation = Activation.Sigmoid)]
            public partial class FourLayer { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "FourLayer");
    }

    /// <summary>A game agent's network near the unroll limit: TrainStep is Backward then Update, and Backward adds each layer's weight gradient by one kernel call.</summary>
    [Fact]
    public void Agent_8_16_4_unrolled_near_the_limit()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(8, 16, 4, Activation.Tanh, Loss.MeanSquaredError)]
            public partial class Agent { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "Agent");
    }

    [Fact]
    public void Double_network_with_binary_cross_entropy()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(3, 4, 1, Activation.LeakyReLU, Loss.BinaryCrossEntropy, UseDouble = true)]
            public partial class DoubleNet { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "DoubleNet");
    }

    [Fact]
    public void Large_network_takes_the_looped_path()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(new[] { 64, 32, 10 }, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
            public partial class Digits { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "Digits");
    }

    [Fact]
    public void Large_network_with_mixed_activations_and_squared_error()
    {
        const string source = """
            using BpGen;
            namespace Demo;
            [Network(16, 32, 24, 4, Activation.Tanh, Loss.MeanSquaredError,
                HiddenActivations = new[] { Activation.Sigmoid, Activation.ELU },
                OutputActivation = Activation.Tanh)]
            public partial class WideMixed { }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "WideMixed");
    }

    [Fact]
    public void Nested_generic_class_in_the_global_namespace()
    {
        const string source = """
            using BpGen;
            public partial class Outer<T>
            {
                [Network(2, 1, Activation.Identity, Loss.MeanSquaredError)]
                internal partial record Inner { }
            }
            """;
        Snapshot.Verify(GeneratorRunner.GeneratedSource(source), "NestedRecord");
    }

    [Fact]
    public void Snapshots_hold_a_placeholder_for_the_generator_version()
    {
        const string source = """
            using BpGen;
            [Network(2, 1, Activation.Identity, Loss.MeanSquaredError)]
            public partial class Net { }
            """;
        string version = typeof(NetworkGenerator).Assembly.GetName().Version!.ToString();
        string generated = GeneratorRunner.GeneratedSource(source);
        string scrubbed = Snapshot.Scrub(generated);

        Assert.Contains($"[global::System.CodeDom.Compiler.GeneratedCode(\"BpGen\", \"{version}\")]", generated);
        Assert.DoesNotContain(version, scrubbed);
        Assert.Equal(
            generated.Split(version).Length - 1,
            scrubbed.Split("[global::System.CodeDom.Compiler.GeneratedCode(\"BpGen\", \"{version}\")]").Length - 1);
    }
}
