using System.Reflection;

namespace BpGen.Tests.Generation;

/// <summary>
/// A network trained by BpGen, saved in the binary format and as JSON, and compiled back in with
/// Weights = "…" reproduces its outputs bit for bit, trainable or frozen, unrolled or looped, its
/// input scaling (and a regression's output scaling) compiled in with it.
/// </summary>
public class RoundTripTests
{
    [Theory]
    [InlineData("2, 3, 2", "Activation.Sigmoid, Loss.SoftmaxCrossEntropy", false)]
    [InlineData("3, 4, 1", "Activation.Tanh, Loss.BinaryCrossEntropy", false)]
    [InlineData("16, 32, 4", "Activation.ReLU, Loss.SoftmaxCrossEntropy", false)]
    [InlineData("5, 6, 2", "Activation.ELU, Loss.MeanSquaredError, OutputActivation = Activation.Softplus", true)]
    [InlineData("12, 24, 3", "Activation.LeakyReLU, Loss.MeanSquaredError, OutputActivation = Activation.Identity", true)]
    public void Saved_and_compiled_back_in_it_computes_the_same_bits(string sizes, string declaration, bool useDouble)
    {
        string element = useDouble ? ", UseDouble = true" : "";
        string Attribute(string extra) => $"[Network({sizes}, {declaration}{element}{extra})]";

        // Train the network for a few seeded steps, so its parameters are nothing the generator could make up.
        Assembly first = GeneratorRunner.CompileAndLoad($"using BpGen;\nnamespace Trained;\n{Attribute("")}\npublic partial class Net {{ }}");
        object trained = Activator.CreateInstance(first.GetType("Trained.Net", throwOnError: true)!)!;
        if (useDouble)
        {
            RoundTrip((INetwork<double>)trained, Attribute, x => x);
        }
        else
        {
            RoundTrip((INetwork<float>)trained, Attribute, x => (float)x);
        }
    }

    private static void RoundTrip<T>(INetwork<T> trained, Func<string, string> attribute, Func<double, T> convert)
        where T : unmanaged
    {
        var random = new Random(11);
        T[][] inputs = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, trained.InputSize).Select(_ => convert(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        Train(trained, inputs, convert);
        trained.InputScaling = Scaling(trained.InputSize);
        if (trained.Signature.Loss == Loss.MeanSquaredError)
        {
            trained.OutputScaling = Scaling(trained.OutputSize, constantFeature: false);
        }

        Assembly second = WeightsFiles.CompileBothFormats(trained.SaveParameters, trained.ExportParametersJson, attribute);

        var expected = new T[trained.OutputSize];
        var actual = new T[trained.OutputSize];
        foreach (string name in new[] { "FromBinary", "FromJson", "FrozenBinary", "FrozenJson" })
        {
            object compiled = Activator.CreateInstance(second.GetType("Compiled." + name, throwOnError: true)!)!;
            Assert.Equal(trained.InputScaling, (Standardizer?)((dynamic)compiled).InputScaling);
            Assert.Equal(trained.OutputScaling, (Standardizer?)((dynamic)compiled).OutputScaling);
            foreach (T[] input in inputs)
            {
                trained.Forward(input, expected);
                OnnxWeightsTests.Forward(compiled, input, actual);
                Assert.True(expected.SequenceEqual(actual), $"{name}: [{string.Join(", ", actual)}], trained [{string.Join(", ", expected)}]");
            }
        }
    }

    /// <summary>Means and deviations no default could stand for, one of them a constant feature.</summary>
    /// <summary>A scaling of <paramref name="features"/> features; feature 1 constant (σ = 0) where <paramref name="constantFeature"/>, as inputs may be and outputs may not.</summary>
    private static Standardizer Scaling(int features, bool constantFeature = true) => new(
        Enumerable.Range(0, features).Select(i => 0.1 * i - 0.35).ToArray(),
        Enumerable.Range(0, features).Select(i => i == 1 && constantFeature ? 0 : 0.5 + 0.3 * i).ToArray());

    private static void Train<T>(INetwork<T> network, T[][] inputs, Func<double, T> convert)
        where T : unmanaged
    {
        int outputSize = network.OutputSize;
        var target = new T[outputSize];
        for (int epoch = 0; epoch < 20; epoch++)
        {
            for (int s = 0; s < inputs.Length; s++)
            {
                Array.Clear(target);
                target[s % outputSize] = convert(1);
                network.TrainStep(inputs[s], target, convert(0.1));
            }
        }
    }
}
