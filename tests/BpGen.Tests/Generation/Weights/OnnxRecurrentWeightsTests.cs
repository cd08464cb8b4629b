using System.Reflection;
using BpGen.Tests.Reference;
using BpGen.Tests.Runtime;
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>
/// PyTorch's recurrent exports compiled in with Weights = "…": every valid fixture gives a trainable
/// double class and a frozen float class that compute torch's outputs, and every refused file is one
/// BPG013 at the Weights argument with the reader's message.
/// </summary>
public class OnnxRecurrentWeightsTests
{
    private static readonly Lazy<Assembly> Compiled = new(() => WeightsFiles.CompileAndLoad(
        "using BpGen;\nnamespace Compiled;\n" + string.Concat(OnnxRecurrentFixtures.Valid.Select((f, i) =>
            $"[Network({f.Attribute}, Weights = \"{f.File}\", UseDouble = true)] public partial class Trainable{i} {{ }}\n" +
            $"[Network({f.Attribute}, Weights = \"{f.File}\", Frozen = true)] public partial class Frozen{i} {{ }}\n")),
        OnnxRecurrentFixtures.Valid.Select(f => new DiskFile(WeightsFiles.FixturePath(f.File))).ToArray()));

    [Theory]
    [MemberData(nameof(OnnxRecurrentFixtures.ValidFiles), MemberType = typeof(OnnxRecurrentFixtures))]
    public void A_trainable_double_class_compiled_from_the_file_computes_torchs_outputs(string file)
    {
        RecurrentOnnxFixture fixture = OnnxRecurrentFixtures.Fixture(file);
        object network = Create("Trainable", file);
        Assert.IsAssignableFrom<IRecurrentNetwork<double>>(network);
        Compare(fixture, network, fixture.Inputs.SelectMany(step => step).ToArray(), v => v, 1e-6);
    }

    [Theory]
    [MemberData(nameof(OnnxRecurrentFixtures.ValidFiles), MemberType = typeof(OnnxRecurrentFixtures))]
    public void A_frozen_float_class_compiled_from_the_file_computes_torchs_outputs(string file)
    {
        RecurrentOnnxFixture fixture = OnnxRecurrentFixtures.Fixture(file);
        object network = Create("Frozen", file);
        Assert.False(network is IRecurrentNetwork<float>);
        Compare(fixture, network, fixture.Inputs.SelectMany(step => step).Select(v => (float)v).ToArray(), v => v, 1e-5);
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
