using System.Reflection;
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Generation;

/// <summary>
/// A recurrent network trained by BpGen, saved in the binary format and as JSON with or without its
/// scaling, and compiled back in with Weights = "…" computes the same sequences bit for bit, trainable or
/// frozen; a file of another recurrent network is refused at the Weights argument.
/// </summary>
public class RecurrentRoundTripTests
{
    [Theory]
    [InlineData("3, 5, 2", "Layer.Gru", "Loss.SoftmaxCrossEntropy", false, false)]
    [InlineData("3, 5, 2", "Layer.Lstm", "Loss.MeanSquaredError", true, false)]
    [InlineData("4, 6, 5, 3", "Layer.Lstm, Layer.Gru", "Loss.SoftmaxCrossEntropy", true, false)]
    [InlineData("2, 4, 6, 1", "Layer.Dense, Layer.Gru", "Loss.BinaryCrossEntropy", false, false)]
    [InlineData("3, 5, 2", "Layer.Gru", "Loss.MeanSquaredError", false, true)]
    [InlineData("4, 6, 5, 3", "Layer.Lstm, Layer.Gru", "Loss.SoftmaxCrossEntropy", false, true)]
    public void Saved_and_compiled_back_in_it_computes_the_same_bits(string sizes, string layers, string loss, bool useDouble, bool scaled)
    {
        string Attribute(string extra) =>
            $"[Network({sizes}, Activation.Tanh, {loss}, HiddenLayers = new[] {{ {layers} }}{(useDouble ? ", UseDouble = true" : "")}{extra})]";

        Assembly first = GeneratorRunner.CompileAndLoad($"using BpGen;\nnamespace Trained;\n{Attribute("")}\npublic partial class Net {{ }}");
        object trained = Activator.CreateInstance(first.GetType("Trained.Net", throwOnError: true)!)!;
        if (useDouble)
        {
            RoundTrip((IRecurrentNetwork<double>)trained, Attribute, x => x, scaled);
        }
        else
        {
            RoundTrip((IRecurrentNetwork<float>)trained, Attribute, x => (float)x, scaled);
        }
    }

    [Fact]
    public void A_file_of_another_recurrent_network_is_refused_at_the_Weights_argument()
    {
        Assembly first = GeneratorRunner.CompileAndLoad(
            "using BpGen;\nnamespace Saved;\n[Network(3, 5, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Net { }");
        var saved = (IRecurrentNetwork<float>)Activator.CreateInstance(first.GetType("Saved.Net", throwOnError: true)!)!;
        string path = Path.Combine(WeightsFiles.NewFolder(), "gru.bpgen");
        using (var stream = File.Create(path))
        {
            saved.SaveParameters(stream);
        }

        const string source = "using BpGen;\n[Network(3, 5, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm }, Weights = \"gru.bpgen\")] public partial class Net { }";
        Diagnostic diagnostic = Assert.Single(WeightsFiles.Diagnostics(source, new DiskFile(path)));
        Assert.Equal("BPG014", diagnostic.Id);
        Assert.Equal("Weights = \"gru.bpgen\"", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("layer 1 is a Gru layer in the file", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("a Lstm layer in the attribute", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Trains <paramref name="trained"/> a little, with scaling where <paramref name="scaled"/> (its inputs, and a regression's outputs), saves it in both formats and compiles it back in.</summary>
    private static void RoundTrip<T>(IRecurrentNetwork<T> trained, Func<string, string> attribute, Func<double, T> convert, bool scaled)
        where T : unmanaged
    {
        const int steps = 6;
        var random = new Random(5);
        T[] inputs = Enumerable.Range(0, steps * trained.InputSize).Select(_ => convert((random.NextDouble() * 2 - 1) * (scaled ? 10 : 1))).ToArray(); // raw inputs of a wider range where they are standardized
        if (scaled)
        {
            trained.InputScaling = new Standardizer(Enumerable.Range(0, trained.InputSize).Select(i => i - 1.5).ToArray(), Enumerable.Range(0, trained.InputSize).Select(i => 2.0 + i).ToArray());
            trained.OutputScaling = trained.Signature.Loss == Loss.MeanSquaredError
                ? new Standardizer(Enumerable.Range(0, trained.OutputSize).Select(i => 10.0 * i).ToArray(), Enumerable.Range(0, trained.OutputSize).Select(i => 3.0 + i).ToArray())
                : null;
        }

        Train(trained, inputs, convert);

        Assembly second = WeightsFiles.CompileBothFormats(trained.SaveParameters, trained.ExportParametersJson, attribute);

        var expected = new T[steps * trained.OutputSize];
        trained.ForwardSequence(inputs, expected);
        foreach (string name in new[] { "FromBinary", "FromJson", "FrozenBinary", "FrozenJson" })
        {
            object compiled = Activator.CreateInstance(second.GetType("Compiled." + name, throwOnError: true)!)!;
            var actual = new T[expected.Length];
            ForwardSequence(compiled, inputs, actual);
            Assert.True(expected.SequenceEqual(actual), $"{name}: [{string.Join(", ", actual)}], trained [{string.Join(", ", expected)}]");
            Assert.Equal(!name.StartsWith("Frozen", StringComparison.Ordinal), compiled is IRecurrentNetwork<T>);
        }

        // A trainable class starts from the file and can go back to it after training elsewhere.
        var fromBinary = (IRecurrentNetwork<T>)Activator.CreateInstance(second.GetType("Compiled.FromBinary", throwOnError: true)!)!;
        fromBinary.InitializeParameters(9);
        fromBinary.InputScaling = null;
        fromBinary.OutputScaling = null;
        ((dynamic)fromBinary).RestoreCompiledWeights();
        Assert.True(trained.Parameters.SequenceEqual(fromBinary.Parameters));
        Assert.Equal(trained.InputScaling?.Mean, fromBinary.InputScaling?.Mean);
        Assert.Equal(trained.InputScaling?.StandardDeviation, fromBinary.InputScaling?.StandardDeviation);
        Assert.Equal(trained.OutputScaling?.Mean, fromBinary.OutputScaling?.Mean);
        Assert.Equal(trained.OutputScaling?.StandardDeviation, fromBinary.OutputScaling?.StandardDeviation);
    }

    /// <summary>ForwardSequence of a trainable or a frozen class, which implements no interface.</summary>
    internal static void ForwardSequence<T>(object network, T[] inputs, T[] outputs)
        where T : unmanaged
    {
        var forward = (OnnxWeightsTests.ForwardDelegate<T>)Delegate.CreateDelegate(
            typeof(OnnxWeightsTests.ForwardDelegate<T>), network, network.GetType().GetMethod("ForwardSequence")!);
        forward(inputs, outputs);
    }

    /// <summary>A few seeded steps of training, so the parameters are nothing the generator could make up.</summary>
    private static void Train<T>(IRecurrentNetwork<T> network, T[] inputs, Func<double, T> convert)
        where T : unmanaged
    {
        int steps = inputs.Length / network.InputSize;
        var targets = new T[steps * network.OutputSize];
        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = convert(network.Signature.Loss == Loss.MeanSquaredError ? 0.3 : (i % network.OutputSize == 0 || network.OutputSize == 1 ? 1 : 0));
        }

        var gradient = new T[network.ParameterCount];
        for (int epoch = 0; epoch < 5; epoch++)
        {
            Array.Clear(gradient);
            network.BackwardSequence(inputs, targets, gradient);
            network.Update(gradient, convert(0.1));
        }
    }
}
