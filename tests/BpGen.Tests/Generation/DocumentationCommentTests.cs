using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpGen.Tests.Generation;

/// <summary>
/// The generated documentation holds in a build that writes a documentation file with warnings as errors:
/// every public member documented (CS1591), every comment well-formed XML whose references resolve. The
/// other tests parse documentation comments too (<see cref="Infrastructure.GeneratorRunner"/>), with CS1591
/// off for their own classes.
/// </summary>
public class DocumentationCommentTests
{
    [Theory]
    [MemberData(nameof(GeneratedKinds.All), MemberType = typeof(GeneratedKinds))]
    public void Every_public_member_of_every_kind_is_documented(bool recurrent, bool weights, bool frozen)
    {
        string source = "using BpGen;\nnamespace Agents;\n" + string.Concat(GeneratedKinds.Attributes(recurrent, weights).Select((attribute, i) =>
            $"/// <summary>Network {i}.</summary>\n[Network({attribute}{(frozen ? ", Frozen = true" : "")})] public partial class Net{i} {{ }}\n"));
        AssertDocumented(source, GeneratedKinds.Files(weights));
    }

    /// <summary>A file name is the user's text: in documentation, &amp; must become an entity (&lt; too, which Windows file names cannot hold).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_weights_file_name_with_xml_characters_keeps_the_documentation_well_formed(bool recurrent)
    {
        string fixture = recurrent ? "recurrent_gru_4_8_3_every_step.onnx" : "iris_4_8_3_tanh_opset9.onnx";
        string attribute = recurrent ? Runtime.OnnxRecurrentFixtures.Fixture(fixture).Attribute : "4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy";
        string path = Path.Combine(WeightsFiles.NewFolder(), "R&D.onnx");
        File.Copy(WeightsFiles.FixturePath(fixture), path);

        AssertDocumented(
            $"using BpGen;\n/// <summary>Trained.</summary>\n[Network({attribute}, Weights = \"R&D.onnx\")] public partial class Trained {{ }}\n"
            + $"/// <summary>Frozen.</summary>\n[Network({attribute}, Weights = \"R&D.onnx\", Frozen = true)] public partial class Frozen {{ }}\n",
            [new DiskFile(path)]);
    }

    private static void AssertDocumented(string source, AdditionalText[] files)
    {
        var (result, output) = GeneratorRunner.Run(source, additionalTexts: files);
        Assert.Empty(result.Diagnostics);
        var strict = output.WithOptions(((CSharpCompilationOptions)output.Options).WithSpecificDiagnosticOptions([]));
        var problems = GeneratorRunner.WithNullableWarnings(strict).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }
}
