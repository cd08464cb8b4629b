
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>Every misuse of HiddenLayers is one diagnostic at the offending argument.</summary>
public class RecurrentDiagnosticTests
{
    [Theory]
    [InlineData("BPG005", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { (Layer)7 })] public partial class Net { }", "HiddenLayers = new[] { (Layer)7 }", "7 is not a defined Layer value; use one of: Dense, Gru, Lstm")]
    [InlineData("BPG019", "[Network(2, 3, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Net { }", "HiddenLayers = new[] { Layer.Gru }", "HiddenLayers has 1 entries, but the network has 2 hidden layers")]
    [InlineData("BPG019", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm })] public partial class Net { }", "HiddenLayers = new[] { Layer.Lstm }", "HiddenLayers has 1 entries, but the network has 0 hidden layers")]
    [InlineData("BPG020", "[Network(2, 3, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Dense, Layer.Gru }, HiddenActivations = new[] { Activation.ReLU, Activation.ReLU })] public partial class Net { }", "HiddenActivations = new[] { Activation.ReLU, Activation.ReLU }", "Hidden layer 2 is a Layer.Gru layer, whose activations are fixed (σ for the gates, tanh for the candidate), but HiddenActivations gives it Activation.ReLU")]
    [InlineData("BPG005", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru }, HiddenActivations = new[] { (Activation)42 })] public partial class Net { }", "HiddenActivations = new[] { (Activation)42 }", "42 is not a defined Activation value")]
    public void Misuse_is_reported_at_the_offending_argument(string id, string declaration, string location, string message)
    {
        string source = "using BpGen;\n" + declaration;
        var (result, _) = GeneratorRunner.Run(source);

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(location, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void All_dense_hidden_layers_generate_what_no_HiddenLayers_does()
    {
        const string plain = "using BpGen;\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }";
        const string dense = "using BpGen;\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Dense })] public partial class Net { }";
        Assert.Equal(GeneratorRunner.GeneratedSource(plain), GeneratorRunner.GeneratedSource(dense));
    }

    [Fact]
    public void Null_layer_kinds_and_activations_generate_what_leaving_them_out_does()
    {
        const string plain = "using BpGen;\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }";
        const string nulls = "using BpGen;\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = null, HiddenActivations = null)] public partial class Net { }";
        Assert.Equal(GeneratorRunner.GeneratedSource(plain), GeneratorRunner.GeneratedSource(nulls));
    }
}
