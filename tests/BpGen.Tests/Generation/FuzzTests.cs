using BpGen.Tests.Infrastructure;
using CsCheck;
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>
/// Random, often broken, code around [Network]: the generator never throws (which users would see
/// only as CS8785, with every network lost), and what it generates for error-free code compiles.
/// </summary>
public class FuzzTests
{
    private static readonly Gen<string> AttributeName = Gen.OneOfConst(
        "Network", "NetworkAttribute", "BpGen.Network", "global::BpGen.NetworkAttribute", "Alias", "Other.Network");

    private static readonly Gen<string> Argument = Gen.OneOf(
        Gen.Int[-3, 6].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOfConst(
            "2147483647", "100000", "-2147483648", "Activation.Sigmoid", "Activation.ReLU", "(Activation)77", "(Activation)(-1)",
            "Loss.SoftmaxCrossEntropy", "Loss.MeanSquaredError", "Loss.BinaryCrossEntropy", "(Loss)3", "BpGen.Loss.SoftmaxCrossEntropy",
            "new[] { 2, 3, 2 }", "new int[0]", "new int[] { 1 }", "null", "x", "\"2\"", "2.5", "default",
            "OutputActivation = Activation.Tanh", "OutputActivation = (Activation)9", "HiddenActivations = new[] { Activation.ReLU }",
            "HiddenActivations = null", "HiddenActivations = new Activation[0]", "UseDouble = true", "UseDouble = x", "layers: new[] { 1, 1 }",
            "", "(", ")", "new[] { 1, (", "Activation."));

    private static readonly Gen<string> Declaration = Gen.OneOfConst(
        "public partial class Net { }", "class Net { }", "static partial class Net { }", "partial record Net;", "partial record struct Net;",
        "partial struct Net { }", "public partial class Net<T> where T : unmanaged { }", "partial class Net { void Forward() { } }",
        "partial class", "public partial class Net {", "abstract partial class Net { }", "sealed partial class Net { public Net(int x) { } }",
        "partial interface Net { }", "partial class Net { } partial class Net { }");

    private static readonly Gen<string> Usings = Gen.OneOfConst(
        "using BpGen;", "", "using Alias = BpGen.NetworkAttribute;\nusing BpGen;", "using static BpGen.Activation;\nusing BpGen;");

    private static readonly Gen<string> Wrapper = Gen.OneOfConst("{0}", "namespace A.B;\n{0}", "namespace A {{ {0} }}", "partial class Outer {{ {0} }}", "class Outer {{ {0} }}", "namespace @class {{ partial class @int {{ {0} }} }}");

    /// <summary>Well-formed arguments with values anywhere in range, valid or not.</summary>
    private static readonly Gen<string[]> PlausibleArguments =
        from sizes in Gen.Int[-1, 9].Array[1, 7]
        from activation in Gen.Int[-1, 7]
        from loss in Gen.Int[-1, 3]
        from output in Gen.Int[-1, 7].Array[0, 1]
        from hidden in Gen.Int[-1, 7].Array[0, 6].Array[0, 1]
        from useDouble in Gen.Bool
        let sizeText = sizes.Length is >= 2 and <= 6 ? string.Join(", ", sizes) : "new[] { " + string.Join(", ", sizes) + " }"
        select new[] { sizeText, $"(Activation)({activation})", $"(Loss)({loss})" }
            .Concat(output.Select(o => $"OutputActivation = (Activation)({o})"))
            .Concat(hidden.Select(h => "HiddenActivations = new Activation[] { " + string.Join(", ", h.Select(a => $"(Activation)({a})")) + " }"))
            .Append(useDouble ? "UseDouble = true" : "UseDouble = false")
            .ToArray();

    private static readonly Gen<string> Source =
        from usings in Usings
        from wrapper in Wrapper
        from name in AttributeName
        from arguments in Gen.Frequency((1, Argument.Array[0, 8]), (2, PlausibleArguments))
        from declaration in Declaration
        select usings + "\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, wrapper, $"[{name}({string.Join(", ", arguments)})] {declaration}");

    [Fact]
    public void The_generator_never_throws_and_generates_only_code_that_compiles()
    {
        Source.Sample(
            source =>
            {
                var compilation = GeneratorRunner.CreateCompilation(source);
                var (result, output) = GeneratorRunner.Run(source);

                Assert.Null(result.Results.Single().Exception);
                Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
                if (!compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    var generated = result.GeneratedTrees.ToHashSet();
                    var broken = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && generated.Contains(d.Location.SourceTree!)).ToList();
                    Assert.True(broken.Count == 0, string.Join("\n", broken));
                }
            },
            iter: 500,
            seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Escaped_identifiers_generate_code_that_compiles()
    {
        var assembly = GeneratorRunner.CompileAndLoad("""
            using BpGen;
            namespace @class { public partial class @int { [Network(2, 3, 1, Activation.ReLU, Loss.BinaryCrossEntropy)] public partial class @float<@in> { } } }
            """);
        Assert.NotNull(assembly.GetType("class.int+float`1", throwOnError: true));
    }
}
