extern alias Generator;

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

    [Theory]
    [InlineData("GruMse")] // unrolled
    [InlineData("WideLstm")] // on the kernel path
    public void Every_generated_member_name_is_checked_for_clashes(string name)
    {
        var checkedNames = Generator::BpGen.Generator.Parsing.NetworkParser.GeneratedMemberNames
            .Concat(Generator::BpGen.Generator.Parsing.NetworkParser.RecurrentMemberNames)
            .ToHashSet();
        var declared = RecurrentNetworks.Create(RecurrentNetworks.All.Single(c => c.Name == name)).GetType()
            .GetMembers(System.Reflection.BindingFlags.DeclaredOnly | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static)
            .Where(m => m is not System.Reflection.ConstructorInfo && !m.Name.StartsWith("get_", StringComparison.Ordinal) && !m.Name.StartsWith("set_", StringComparison.Ordinal) && !m.Name.Contains('<') && !m.Name.Contains('.'))
            .Select(m => m.Name);
        Assert.Empty(declared.Where(n => !checkedNames.Contains(n)).Distinct());
    }

    [Fact]
    public void All_dense_hidden_layers_generate_what_no_HiddenLayers_does()
    {
        const string plain = "using BpGen;\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }";
        const string dense = "using BpGen;\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Dense })] public partial class Net { }";
        Assert.Equal(GeneratorRunner.GeneratedSource(plain), GeneratorRunner.GeneratedSource(dense));
    }
}
