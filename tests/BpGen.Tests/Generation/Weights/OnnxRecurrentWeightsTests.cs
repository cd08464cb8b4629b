using System.Reflection;
using BpGen.Tests.Reference;
using BpGen.Tests.Runtime;
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>
/// PyTorch's recurrent exports compiled in with Weights = "…": every valid fixture gives trainable and
/// frozen classes, float and double, that compute torch's outputs, and every refused file is one BPG013
/// at the Weights argument with the reader's message.
/// </summary>
public class OnnxRecurrentWeightsTests
{
    private static readonly Lazy<Assembly> Compiled = new(() => WeightsFiles.CompileAndLoad(
        "using BpGen;\nnamespace Compiled;\n" + string.Concat(OnnxRecurrentFixtures.Valid.Select((f, i) =>
            $"[Network({f.Attribute}, Weights = \"{f.File}\")] public partial class TrainableFloat{i} {{ }}\n" +
            $"[Network({f.Attribute}, Weights = \"{f.File}\", UseDouble = true)] public partial class TrainableDouble{i} {{ }}\n" +
            $"[Network({f.Attribute}, Weights = \"{f.File}\", Frozen = true)] public partial class FrozenFloat{i} {{ }}\n" +
            $"[Network({f.Attribute}, Weights = \"{f.File}\", Frozen = true, UseDouble = true)] public partial class FrozenDouble{i} {{ }}\n")),
        OnnxRecurrentFixtures.Valid.Select(f => new DiskFile(WeightsFiles.FixturePath(f.File))).ToArray()));

    [Theory]
    [MemberData(nameof(OnnxRecurrentFixtures.ValidFiles), MemberType = typeof(OnnxRecurrentFixtures))]
    public void Trainable_classes_compiled_from_the_file_compute_torchs_outputs(string file)
    {
        RecurrentOnnxFixture fixture = OnnxRecurrentFixtures.Fixture(file);
        Assert.IsAssignableFrom<IRecurrentNetwork<double>>(Create("TrainableDouble", file));
        Compare(fixture, Create("TrainableDouble", file), Inputs(fixture, v => v), v => v, 1e-6);
        Compare(fixture, Create("TrainableFloat", file), Inputs(fixture, v => (float)v), v => v, 1e-5);
    }

    [Theory]
    [MemberData(nameof(OnnxRecurrentFixtures.ValidFiles), MemberType = typeof(OnnxRecurrentFixtures))]
    public void Frozen_classes_compiled_from_the_file_compute_torchs_outputs(string file)
    {
        RecurrentOnnxFixture fixture = OnnxRecurrentFixtures.Fixture(file);
        Assert.False(Create("FrozenFloat", file) is IRecurrentNetwork<float>);
        Compare(fixture, Create("FrozenDouble", file), Inputs(fixture, v => v), v => v, 1e-6);
        Compare(fixture, Create("FrozenFloat", file), Inputs(fixture, v => (float)v), v => v, 1e-5);
    }

    public static TheoryData<string> InvalidFiles() => new(OnnxRecurrentFixtures.Invalid);

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void A_refused_file_is_BPG013_at_the_Weights_argument_with_the_readers_message(string file)
    {
        string source = $"using BpGen;\n[Network(3, 5, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] {{ Layer.Gru }}, Weights = \"{file}\")] public partial class Net {{ }}";
        string readersMessage = Assert.Throws<InvalidDataException>(() => BpGen.Onnx.OnnxReader.Read(OnnxFixtures.Bytes(file))).Message;

        Diagnostic diagnostic = Assert.Single(WeightsFiles.Diagnostics(source, new DiskFile(WeightsFiles.FixturePath(file))));

        Assert.Equal("BPG013", diagnostic.Id);
        Assert.Equal($"Weights = \"{file}\"", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains(readersMessage, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static object Create(string kind, string file)
    {
        int index = OnnxRecurrentFixtures.Valid.ToList().FindIndex(f => f.File == file);
        return Activator.CreateInstance(Compiled.Value.GetType($"Compiled.{kind}{index}", throwOnError: true)!)!;
    }

    private static T[] Inputs<T>(RecurrentOnnxFixture fixture, Func<double, T> narrow) =>
        fixture.Inputs.SelectMany(step => step).Select(narrow).ToArray();

    private static void Compare<T>(RecurrentOnnxFixture fixture, object network, T[] inputs, Func<T, double> widen, double tolerance)
        where T : unmanaged
    {
        int outputSize = fixture.Outputs[0].Length;
        var outputs = new T[fixture.Inputs.Length * outputSize];
        RecurrentRoundTripTests.ForwardSequence(network, inputs, outputs);
        double[] found = outputs.Select(widen).ToArray();
        Close.All(fixture.Outputs.SelectMany(step => step).ToArray(), fixture.LastStep ? found[^outputSize..] : found, tolerance, fixture.File);
    }
}
