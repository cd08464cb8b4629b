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

    /// <summary>Declarations that can hold a network.</summary>
    private static readonly Gen<string> ValidDeclaration = Gen.OneOfConst(
        "public partial class Net { }", "partial record Net;", "public partial class Net<T> where T : unmanaged { }", "abstract partial class Net { }",
        "sealed partial class Net { public Net(int x) { } }", "internal sealed partial class Net { }");

    /// <summary>Arguments BpGen accepts: 2 to 4 sizes in either form, any activation and loss, named properties that fit them.</summary>
    private static readonly Gen<string[]> ValidArguments =
        from sizes in Gen.Int[1, 4].Array[2, 4]
        from loss in Gen.Enum<Loss>()
        from activation in Gen.Enum<Activation>()
        from hidden in Gen.Enum<Activation>().Array[sizes.Length - 2].Array[0, sizes.Length > 2 ? 1 : 0]
        from output in Gen.Enum<Activation>().Array[0, 1]
        from arrayForm in Gen.Bool
        from useDouble in Gen.Int[0, 2]
        let fitted = loss == Loss.SoftmaxCrossEntropy ? sizes[..^1].Append(Math.Max(2, sizes[^1])).ToArray() : sizes
        let sizeText = arrayForm ? "new[] { " + string.Join(", ", fitted) + " }" : string.Join(", ", fitted)
        select new[] { sizeText, "Activation." + activation, "Loss." + loss }
            .Concat(hidden.Select(h => "HiddenActivations = new[] { " + string.Join(", ", h.Select(a => "Activation." + a)) + " }"))
            .Concat(loss == Loss.MeanSquaredError ? output.Select(o => "OutputActivation = Activation." + o) : [])
            .Concat(useDouble switch { 1 => ["UseDouble = true"], 2 => ["UseDouble = false"], _ => Array.Empty<string>() })
            .ToArray();

    /// <summary>A valid use of the attribute, then at most one change: an argument replaced, dropped or added, another declaration or name.</summary>
    private static readonly Gen<string> NearlyValidSource =
        from usings in Gen.OneOfConst("using BpGen;", "using static BpGen.Activation;\nusing BpGen;")
        from wrapper in Wrapper
        from name in Gen.OneOfConst("Network", "NetworkAttribute", "BpGen.Network", "global::BpGen.NetworkAttribute")
        from arguments in ValidArguments
        from declaration in ValidDeclaration
        from change in Gen.Frequency((6, Gen.Const(0)), (1, Gen.Int[1, 5]))
        from position in Gen.Int[0, 20]
        from otherArgument in Argument
        from otherDeclaration in Declaration
        from otherName in AttributeName
        let at = position % arguments.Length
        let changed = change switch
        {
            1 => arguments.Select((a, i) => i == at ? otherArgument : a).ToArray(),
            2 => arguments.Where((_, i) => i != at).ToArray(),
            3 => arguments.Take(at).Append(otherArgument).Concat(arguments.Skip(at)).ToArray(),
            _ => arguments,
        }
        select Compose(usings, wrapper, change == 5 ? otherName : name, changed, change == 4 ? otherDeclaration : declaration);

    private static readonly Gen<string> RandomSource =
        from usings in Usings
        from wrapper in Wrapper
        from name in AttributeName
        from arguments in Gen.Frequency((1, Argument.Array[0, 8]), (2, PlausibleArguments))
        from declaration in Declaration
        select Compose(usings, wrapper, name, arguments, declaration);

    /// <summary>Fixes every source of the run, so a failure reproduces.</summary>
    private const string Seed = "0N0XIzNsQ0O2";

    private const int Samples = 160;

    [Fact]
    public void The_generator_never_throws_and_generates_only_code_that_compiles()
    {
        string[] sources = Gen.Frequency((3, NearlyValidSource), (1, RandomSource)).Array[Samples].Single(_ => true, seed: Seed);
        int compiled = 0;
        foreach (string source in sources)
        {
            var compilation = GeneratorRunner.CreateCompilation(source);
            var (result, output) = GeneratorRunner.Run(source);

            Assert.Null(result.Results.Single().Exception);
            Assert.DoesNotContain(result.Diagnostics, d => d.Id == "CS8785");
            if (!compilation.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                var broken = result.GeneratedTrees
                    .SelectMany(tree => output.GetSemanticModel(tree).GetDiagnostics())
                    .Concat(result.GeneratedTrees.SelectMany(tree => tree.GetDiagnostics()))
                    .Where(d => d.Severity == DiagnosticSeverity.Error)
                    .ToList();
                Assert.True(broken.Count == 0, source + "\n" + string.Join("\n", broken));
                compiled += result.GeneratedTrees.Length > 0 ? 1 : 0;
            }
        }

        // The second half of the check runs only for error-free sources that generate a network: most must.
        Assert.True(compiled * 2 >= Samples, $"only {compiled} of {Samples} sources compiled and generated a network");
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

    private static string Compose(string usings, string wrapper, string name, string[] arguments, string declaration) =>
        usings + "\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, wrapper, $"[{name}({string.Join(", ", arguments)})] {declaration}");
}
