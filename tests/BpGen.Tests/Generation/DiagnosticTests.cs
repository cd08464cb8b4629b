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
    [InlineData("BPG003", "[Network(input: 2, hidden: 0, output: 2, activation: Activation.Sigmoid, loss: Loss.MeanSquaredError)] public partial class Net { }", "0", "Layer size 0 at position 1 must be at least 1")]
    [InlineData("BPG003", "[Network(activation: Activation.Tanh, layers: new[] { 2, -4, 1 }, loss: Loss.MeanSquaredError)] public partial class Net { }", "-4", "Layer size -4 at position 1")]
    [InlineData("BPG002", "[Network(loss: Loss.MeanSquaredError, activation: Activation.Tanh, layers: new int[0])] public partial class Net { }", "new int[0]", "but it has none")]
    [InlineData("BPG004", "[Network(2, 3, 1, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)] public partial class Net { }", "1", "the network has 1; use Loss.BinaryCrossEntropy")]
    [InlineData("BPG005", "[Network(2, 3, 2, (Activation)42, Loss.MeanSquaredError)] public partial class Net { }", "(Activation)42", "42 is not a defined Activation value; use one of: Identity, Sigmoid")]
    [InlineData("BPG005", "[Network(2, 3, 2, Activation.Tanh, (Loss)9)] public partial class Net { }", "(Loss)9", "9 is not a defined Loss value")]
    [InlineData("BPG005", "[Network(2, 3, 2, loss: Loss.MeanSquaredError, activation: (Activation)42)] public partial class Net { }", "(Activation)42", "42 is not a defined Activation value")]
    [InlineData("BPG005", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenActivations = new[] { (Activation)(-1) })] public partial class Net { }", "HiddenActivations = new[] { (Activation)(-1) }", "-1 is not a defined Activation value")]
    [InlineData("BPG006", "[Network(2, 3, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, OutputActivation = Activation.ReLU)] public partial class Net { }", "OutputActivation = Activation.ReLU", "Loss.SoftmaxCrossEntropy fixes the output layer (softmax)")]
    [InlineData("BPG006", "[Network(2, 3, 2, Activation.Tanh, Loss.BinaryCrossEntropy, OutputActivation = Activation.Sigmoid)] public partial class Net { }", "OutputActivation = Activation.Sigmoid", "(sigmoid)")]
    [InlineData("BPG007", "[Network(2, 3, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenActivations = new[] { Activation.ReLU })] public partial class Net { }", "HiddenActivations = new[] { Activation.ReLU }", "HiddenActivations has 1 entries, but the network has 2 hidden layers")]
    [InlineData("BPG008", "[Network(100000, 100000, 10, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }", "Network(100000, 100000, 10, Activation.Tanh, Loss.MeanSquaredError)", "The network has 200010 neurons over all layers; BpGen accepts at most 4096")]
    [InlineData("BPG008", "[Network(new[] { 2147483647, 2147483647, 2 }, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }", "Network(new[] { 2147483647, 2147483647, 2 }, Activation.Tanh, Loss.MeanSquaredError)", "4294967296 neurons")]
    [InlineData("BPG009", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { public void Forward() { } }", "Net", "'Net' already declares 'Forward'")]
    [InlineData("BPG009", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { private int _parameters; }", "Net", "'Net' already declares '_parameters'")]
    [InlineData("BPG009", "public class Agent { public int StateSize => 3; }\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Net : Agent { }", "Net", "'Net' already inherits 'StateSize' from 'Agent', which BpGen generates")]
    [InlineData("BPG009", "public abstract class Agent { public abstract void SaveParameters(System.IO.Stream stream); }\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net : Agent { }", "Net", "'Net' already inherits 'SaveParameters' from 'Agent'")]
    [InlineData("BPG009", "public class Agent { public virtual void Train(DataSet<float> data, TrainingOptions options, DataSet<float> validation) { } }\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net : Agent { }", "Net", "'Net' already inherits 'Train' from 'Agent'")]
    [InlineData("BPG009", "public class Agent { public int InputSize() => 2; }\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net : Agent { }", "Net", "'Net' already inherits 'InputSize' from 'Agent'")]
    [InlineData("BPG010", "[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public static partial class Net { }", "Net", "a static class has no instances")]
    [InlineData("BPG010", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Step { }", "Step", "'Step' cannot hold a network: BpGen generates a member named 'Step'")]
    [InlineData("BPG009", "public abstract class Brain { public abstract void Forward(System.ReadOnlySpan<float> input, System.Span<float> output); }\n[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)] public partial class Net : Brain { }", "Net", "'Net' already inherits 'Forward' from 'Brain'")]
    [InlineData("BPG009", "public class Brain { protected void ForwardBatchPass(System.ReadOnlySpan<double> inputs, System.Span<double> outputs) { } }\n[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, UseDouble = true)] public partial class Net : Brain { }", "Net", "'Net' already inherits 'ForwardBatchPass' from 'Brain'")]
    [InlineData("BPG009", "public class Agent { public virtual void Step(System.ReadOnlySpan<float> input, System.Span<float> state, System.Span<float> output) { } }\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Net : Agent { }", "Net", "'Net' already inherits 'Step' from 'Agent'")]
    [InlineData("BPG009", "public class Agent { public void BackwardSequence(System.ReadOnlySpan<float> a, System.ReadOnlySpan<float> b, System.Span<float> c, System.Span<float> d, System.Span<float> e) { } }\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm })] public partial class Net : Agent { }", "Net", "'Net' already inherits 'BackwardSequence' from 'Agent'")]
    [InlineData("BPG010", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net<InputSize> { }", "Net", "BpGen generates a member named 'InputSize', the name of its type parameter")]
    [InlineData("BPG010", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] file partial class Net { }", "Net", "a file-local type cannot be completed from the generated file; remove 'file'")]
    [InlineData("BPG010", "file partial class Outer { [Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { } }", "Outer", "'Outer' cannot hold a network: a file-local type")]
    [InlineData("BPG010", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net<var> { }", "Net", "the generated code declares its locals with 'var', which the type or type parameter 'var' would name")]
    [InlineData("BPG010", "public partial class Outer<var> { [Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { } }", "Net", "the type or type parameter 'var' would name")]
    [InlineData("BPG010", "[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { static int nameof(object o) => 0; }", "Net", "it declares or inherits a member named 'nameof'")]
    [InlineData("BPG010", "public class Agent { protected static int nameof(object o) => 0; }\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Net : Agent { }", "Net", "it declares or inherits a member named 'nameof'")]
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

    /// <summary>Below C# 8, each network is one BPG021 naming the version, and nothing is generated to fail compiling.</summary>
    [Theory]
    [InlineData(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3, "7.3")]
    [InlineData(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7, "7.0")]
    public void A_project_below_CSharp_8_gets_one_diagnostic_a_network_and_no_code(Microsoft.CodeAnalysis.CSharp.LanguageVersion version, string shown)
    {
        const string source = "using BpGen;\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }\n[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Agent { }";

        var (result, _) = GeneratorRunner.Run(source, languageVersion: version);

        Assert.Equal(new[] { "Net", "Agent" }, result.Diagnostics.Select(d => source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)));
        Assert.All(result.Diagnostics, d => Assert.Equal("BPG021", d.Id));
        Assert.Contains($"BpGen writes 'Net' in C# 8, but this project compiles C# {shown}", result.Diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(result.GeneratedTrees);
    }

    /// <summary>At C# 8, the default of netstandard2.1 libraries, every kind of network generates code that compiles without a warning.</summary>
    [Theory]
    [MemberData(nameof(GeneratedKinds.All), MemberType = typeof(GeneratedKinds))]
    public void Every_kind_of_network_compiles_cleanly_at_CSharp_8(bool recurrent, bool weights, bool frozen)
    {
        string source = "using BpGen;\n" + string.Join("\n", GeneratedKinds.Attributes(recurrent, weights).Select((attribute, i) => $"[Network({attribute}{(frozen ? ", Frozen = true" : "")})] public partial class Net{i} {{ }}"));

        var (result, output) = GeneratorRunner.Run(source, languageVersion: Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp8, additionalTexts: GeneratedKinds.Files(weights));

        Assert.Empty(result.Diagnostics);
        var problems = GeneratorRunner.WithNullableWarnings(output).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)));
    }

    [Fact]
    public void A_network_derived_from_a_network_is_one_diagnostic_and_the_base_is_still_generated()
    {
        const string source = "using BpGen;\npublic class Agent { }\n[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Brain : Agent { }\n[Network(2, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net : Brain { }";
        var (result, _) = GeneratorRunner.Run(source);
        Diagnostic diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("BPG010", diagnostic.Id);
        Assert.Equal("Net", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("'Net' cannot hold a network: its base class 'Brain' is a network too", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("Brain.g.cs", Assert.Single(result.GeneratedTrees).FilePath);
    }

    [Fact]
    public void A_recurrent_network_leaves_the_names_of_dense_members_free_and_base_methods_it_overloads_stay()
    {
        const string source = """
            using BpGen;
            public class Agent { public void Forward() { } public virtual void Update() { } public void Step(int frames) { } public void Train(int epochs) { } public void SaveParameters(string path) { } }
            [Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })]
            public partial class Net : Agent { public float[] ForwardBatch = new float[2]; public void TrainStep() { } }
            """;
        Assert.NotNull(GeneratorRunner.CompileAndLoad(source).GetType("Net", throwOnError: true));
    }

    [Fact]
    public void Base_methods_that_differ_only_in_type_arguments_are_overloads_and_stay()
    {
        const string source = """
            using BpGen;
            public class Agent
            {
                public virtual void Train(DataSet<double> training, TrainingOptions options, DataSet<double> validation) { }
                public void Evaluate(DataSet<double> data) { }
                public void FillInitialParameters(System.Span<double> parameters, int seed) { }
                public virtual void Forward(System.ReadOnlySpan<double> input, System.Span<double> output) { }
                public void Update(System.Span<float> gradient, float learningRate) { }
                public void BackwardBatch<T>(System.ReadOnlySpan<float> inputs, System.ReadOnlySpan<float> targets, System.Span<float> gradient) { }
                public void Backward(in System.ReadOnlySpan<float> input, System.ReadOnlySpan<float> target, System.Span<float> gradient) { }
            }
            [Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)]
            public partial class Net : Agent { }
            """;
        Assert.NotNull(GeneratorRunner.CompileAndLoad(source).GetType("Net", throwOnError: true));
    }

    [Fact]
    public void Network_on_two_declarations_of_one_class_is_the_compilers_error_and_the_class_is_generated_once()
    {
        const string source = """
            using BpGen;
            [Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }
            [Network(2, 4, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class Net { }
            """;
        var (result, output) = GeneratorRunner.Run(source);
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Contains("BpGen network 2-3-2", Assert.Single(result.GeneratedTrees).GetText().ToString(), StringComparison.Ordinal);
        Assert.Equal(["CS0579"], output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).Distinct());
    }

    [Theory]
    [InlineData("Net", "NET")] // names that differ only in case, which Roslyn's file names ignore
    [InlineData("Brain<T>", "Brain_1", "Brain")] // a generic class and one named like its arity
    public void Classes_whose_file_names_could_collide_each_get_their_file(params string[] classes)
    {
        string source = "using BpGen;\nnamespace Agents;\n" + string.Concat(classes.Select(c => $"[Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError)] public partial class {c} {{ }}\n"));
        var (result, output) = GeneratorRunner.Run(source);
        Assert.Null(result.Results.Single().Exception);
        Assert.Equal(classes.Length, result.GeneratedTrees.Length);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
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

    /// <summary>
    /// The names BPG009 checks are exactly those the generated part of each kind of class declares, over
    /// small (unrolled) and large networks and files with and without scaling: none it would let clash,
    /// and none that no network of the kind has.
    /// </summary>
    [Theory]
    [MemberData(nameof(GeneratedKinds.All), MemberType = typeof(GeneratedKinds))]
    public void Every_generated_member_name_is_checked_for_clashes(bool recurrent, bool weights, bool frozen)
    {
        string[] attributes = GeneratedKinds.Attributes(recurrent, weights);
        AdditionalText[] files = GeneratedKinds.Files(weights);

        var generated = attributes.SelectMany(attribute => GeneratedMemberNames($"[Network({attribute}{(frozen ? ", Frozen = true" : "")})]", files)).Distinct().Order(StringComparer.Ordinal);
        var checkedNames = Generator::BpGen.Generator.Parsing.GeneratedMembers.Names(recurrent, weights, frozen);
        Assert.True(
            generated.SequenceEqual(checkedNames.Order(StringComparer.Ordinal)),
            $"generated but not checked: {string.Join(", ", generated.Except(checkedNames))}; checked but not generated: {string.Join(", ", checkedNames.Except(generated))}");
    }

    /// <summary>
    /// The parameter types BPG009 compares a base class's method with (<c>GeneratedMembers.Signatures</c>)
    /// are those of every method the generated part of each kind of class declares: a base method of
    /// those types would be hidden, so it is reported rather than compiled into CS0108 or CS0114.
    /// </summary>
    [Theory]
    [MemberData(nameof(GeneratedKinds.All), MemberType = typeof(GeneratedKinds))]
    public void Every_generated_methods_parameter_types_are_those_compared_with_base_methods(bool recurrent, bool weights, bool frozen)
    {
        // Without a weights file, in double too: the float files' values would not make a double network.
        var networks = GeneratedKinds.Attributes(recurrent, weights).Select(attribute => (attribute, numeric: "float"))
            .Concat(weights ? [] : GeneratedKinds.Attributes(recurrent, weights).Select(attribute => (attribute: attribute + ", UseDouble = true", numeric: "double")));
        foreach (var (attribute, numeric) in networks)
        {
            var (result, output) = GeneratorRunner.Run($"using BpGen;\n[Network({attribute}{(frozen ? ", Frozen = true" : "")})] public partial class Net {{ }}", additionalTexts: GeneratedKinds.Files(weights));
            Assert.Empty(result.Diagnostics);
            INamedTypeSymbol net = output.GetTypeByMetadataName("Net")!;
            foreach (IMethodSymbol method in net.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && m.ExplicitInterfaceImplementations.IsEmpty))
            {
                string[] types = method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToArray();
                string[][]? signatures = Generator::BpGen.Generator.Parsing.GeneratedMembers.Signatures(method.Name, recurrent, numeric);
                Assert.True(signatures is not null && signatures.Any(signature => signature.SequenceEqual(types)), $"{method.Name}({string.Join(", ", types)}) is not among the signatures BPG009 compares");
            }
        }
    }

    /// <summary>The members the generated part of class Net declares, explicit interface implementations aside.</summary>
    private static IEnumerable<string> GeneratedMemberNames(string attribute, AdditionalText[] files)
    {
        var (result, _) = GeneratorRunner.Run("using BpGen;\n" + attribute + " public partial class Net { }", additionalTexts: files);
        Assert.Empty(result.Diagnostics);
        var net = Assert.Single(result.GeneratedTrees).GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>().First(c => c.Identifier.Text == "Net");
        return net.Members.SelectMany(member => member switch
        {
            Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } method => [method.Identifier.Text],
            Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property => [property.Identifier.Text],
            Microsoft.CodeAnalysis.CSharp.Syntax.BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.Text),
            Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax type => [type.Identifier.Text],
            _ => Array.Empty<string>(),
        });
    }
}
