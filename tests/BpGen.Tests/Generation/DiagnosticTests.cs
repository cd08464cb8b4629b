extern alias Generator;

using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>Every misuse is one diagnostic with a stable ID, at the offending text, naming the value and the fix.</summary>
public class DiagnosticTests
{
    [Theory]
    [InlineData("BPG001", "[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)] public class Net { }", "Net", "'Net' must be declared partial")]
    [InlineData("BPG001", "public class Outer { [Network(2, 2, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Net { } }", "Outer", "'Outer' must be declared partial")]
    [InlineData("BPG002", "[Network(new int[0], Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Net { }", "new int[0]", "but it has none")]
    [InlineData("BPG002", "[Network(new[] { 4 }, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Net { }", "4", "but it has only 1")]
    [InlineData("BPG002", "[Network(null!, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Net { }", "null!", "but it has none")]
    [InlineData("BPG003", "[Network(2, 0, 2, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Net { }", "0", "Layer size 0 at position 1 must be at least 1")]
    [InlineData("BPG003", "[Network(new[] { 2, 3, -4 }, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Net { }", "-4", "Layer size -4 at position 2")]
    [InlineData("BPG004", "[Network(2, 3, 1, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)] public partial class Net { }", "1", "the network has 1; use Loss.BinaryCrossEntropy")]
    [InlineData("BPG005", "[Network(2, 3, 2, (Activation)42, Loss.MeanSquaredError)] public partial class Net { }", "(Activation)42", "42 is not a defined Activation value; use one of: Identity, Sigmoid")]
    [InlineData("BPG005", "[Network(2, 3, 2, Activation.Tanh, (Loss)9)] public partial class Net { }", "(Loss)9", "9 is not a defined Loss value")]
    [InlineData("BPG005", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenActivations = new[] { (Activation)(-1) })] public partial class Net { }", "HiddenActivations = new[] { (Activation)(-1) }", "-1 is not a defined Activation value")]
    [InlineData("BPG006", "[Network(2, 3, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, OutputActivation = Activation.ReLU)] public partial class Net { }", "OutputActivation = Activation.ReLU", "Loss.SoftmaxCrossEntropy fixes the output layer (softmax)")]
    [InlineData("BPG006", "[Network(2, 3, 2, Activation.Tanh, Loss.BinaryCrossEntropy, OutputActivation = Activation.Sigmoid)] public partial class Net { }", "OutputActivation = Activation.Sigmoid", "(sigmoid)")]
    [InlineData("BPG007", "[Network(2, 3, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenActivations = new[] { Activation.ReLU })] public partial class Net { }", "HiddenActivations = new[] { Activation.ReLU }", "HiddenActivations has 1 entries, but the network has 2 hidden layers")]
    [InlineData("BPG008", "[Network(100000, 100000, 10, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }", "Network(100000, 100000, 10, Activation.Tanh, Loss.MeanSquaredError)", "The network has 200010 neurons over all layers; BpGen accepts at most 4096")]
    [InlineData("BPG008", "[Network(new[] { 2147483647, 2147483647, 2 }, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }", "Network(new[] { 2147483647, 2147483647, 2 }, Activation.Tanh, Loss.MeanSquaredError)", "4294967296 neurons")]
    [InlineData("BPG009", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { public void Forward() { } }", "Net", "'Net' already declares 'Forward'")]
    [InlineData("BPG009", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { private int _parameters; }", "Net", "'Net' already declares '_parameters'")]
    [InlineData("BPG010", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public static partial class Net { }", "Net", "a static class has no instances")]
    public void Misuse_is_reported_at_the_offending_text(string id, string declaration, string location, string message)
    {
        string source = "using BpGen;\n" + declaration;
        var (result, _) = GeneratorRunner.Run(source);

        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(location, source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(result.GeneratedTrees);
    }

    [Fact]
    public void Every_problem_of_one_attribute_is_reported()
    {
        const string source = "using BpGen;\n[Network(new[] { 0, -1 }, (Activation)99, Loss.SoftmaxCrossEntropy)] public class Net { }";
        var ids = GeneratorRunner.Diagnostics(source).Select(d => d.Id).OrderBy(id => id).ToArray();
        Assert.Equal(new[] { "BPG001", "BPG003", "BPG003", "BPG005" }, ids);
    }

    [Fact]
    public void Valid_networks_are_generated_beside_invalid_ones()
    {
        const string source = """
            using BpGen;
            [Network(2, 0, 2, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Broken { }
            [Network(2, 3, 2, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Working { }
            """;
        var (result, _) = GeneratorRunner.Run(source);
        Assert.Equal("BPG003", Assert.Single(result.Diagnostics).Id);
        Assert.EndsWith("Working.g.cs", Assert.Single(result.GeneratedTrees).FilePath);
    }

    [Theory]
    [InlineData("[Network(2, 3, Activation.Sigmoid)] public partial class Net { }")]
    [InlineData("[Network(2, 3, 2, Activation.Sigmoid, Loss.Bogus)] public partial class Net { }")]
    [InlineData("[Network(2, x, 2, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Net { }")]
    [InlineData("[Network(\"2\", 3, 2, Activation.Sigmoid, Loss.MeanSquaredError)] public partial class Net { }")]
    public void Code_the_compiler_rejects_gets_no_BpGen_diagnostic_and_no_output(string declaration)
    {
        var (result, output) = GeneratorRunner.Run("using BpGen;\n" + declaration);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedTrees);
        Assert.Null(result.Results.Single().Exception);
        Assert.Contains(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Every_generated_member_name_is_checked_for_clashes()
    {
        var declared = typeof(TestNet)
            .GetMembers(System.Reflection.BindingFlags.DeclaredOnly | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static)
            .Where(m => m is not System.Reflection.ConstructorInfo && !m.Name.StartsWith("get_", StringComparison.Ordinal) && !m.Name.StartsWith("set_", StringComparison.Ordinal) && !m.Name.Contains('<'))
            .Select(m => m.Name)
            .Distinct()
            .OrderBy(n => n);
        Assert.Equal(declared, Generator::BpGen.Generator.Parsing.NetworkParser.GeneratedMemberNames.OrderBy(n => n));
    }
}
