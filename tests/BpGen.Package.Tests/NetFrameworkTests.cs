using System.Globalization;
using Xunit.Abstractions;

namespace BpGen.Package.Tests;

/// <summary>
/// A .NET Framework 4.7.2 app (C# 9), which gets the package's netstandard2.0 runtime: it builds
/// without warnings and, under Mono, computes what a plain double implementation of the same networks
/// computes from the parameters it prints.
/// </summary>
[Collection(PackageCollection.Name)]
public class NetFrameworkTests(PackageFixture package, ITestOutputHelper output)
{
    private const string Consumer = """
        using System;
        using System.Diagnostics;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using BpGen;

        [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
        public partial class Small { }

        [Network(64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
        public partial class Digits { }

        public static class Program
        {
            public static int Main()
            {
                bool roundTrips = Report("small", new Small(), new Small()) & Report("digits", new Digits(), new Digits());
                Measure();
                return roundTrips ? 0 : 1;
            }

            /// <summary>
            /// Trains a few steps (so no bias is 0 any more), prints the parameters, an input, its
            /// outputs and its loss for a target, and checks that both persistence formats round-trip.
            /// </summary>
            private static bool Report(string name, INetwork<float> net, INetwork<float> copy)
            {
                var random = new SeededRandom(name.Length);
                float[] input = Enumerable.Range(0, net.InputSize).Select(_ => (float)random.NextUniform(2)).ToArray();
                float[] target = new float[net.OutputSize];
                target[1] = 1;
                for (int step = 0; step < 20; step++)
                {
                    net.TrainStep(input, target, 0.1f);
                }

                float[] output = new float[net.OutputSize];
                net.Forward(input, output);
                float loss = net.Backward(input, target, new float[net.ParameterCount]);
                Print(name + " parameters", net.Parameters.ToArray());
                Print(name + " input", input);
                Print(name + " target", target);
                Print(name + " output", output);
                Print(name + " loss", new[] { loss });

                var binary = new MemoryStream();
                net.SaveParameters(binary);
                binary.Position = 0;
                copy.LoadParameters(binary);
                bool binaryRoundTrips = copy.Parameters.SequenceEqual(net.Parameters);

                copy.InitializeParameters(1);
                var json = new StringWriter(CultureInfo.InvariantCulture);
                net.ExportParametersJson(json);
                copy.ImportParametersJson(new StringReader(json.ToString()));
                bool jsonRoundTrips = copy.Parameters.SequenceEqual(net.Parameters);

                Console.WriteLine($"{name} save/load {(binaryRoundTrips ? "identical" : "different")}, JSON {(jsonRoundTrips ? "identical" : "different")}");
                return binaryRoundTrips && jsonRoundTrips;
            }

            private static void Print(string label, float[] values) =>
                Console.WriteLine(label + ": " + string.Join(" ", values.Select(v => v.ToString("G9", CultureInfo.InvariantCulture))));

            /// <summary>Stopwatch timings, printed for the record: one sample per call, one thread.</summary>
            private static void Measure()
            {
                var small = new Small();
                var digits = new Digits();
                float[] smallInput = { 0.5f, -0.25f }, smallOutput = new float[Small.OutputSize];
                float[] digitsInput = new float[Digits.InputSize], digitsOutput = new float[Digits.OutputSize];
                Console.WriteLine($"time small.Forward {NanosecondsPerCall(() => small.Forward(smallInput, smallOutput)):F1} ns");
                Console.WriteLine($"time digits.Forward {NanosecondsPerCall(() => digits.Forward(digitsInput, digitsOutput)):F1} ns");

                // A digits-sized problem: 1,258 samples of 64 features, mini-batches of 32, SGD.
                const int Samples = 1258, Epochs = 10;
                var random = new SeededRandom(3);
                float[] inputs = Enumerable.Range(0, Samples * Digits.InputSize).Select(_ => (float)random.NextUniform(1)).ToArray();
                int[] labels = Enumerable.Range(0, Samples).Select(_ => random.NextInt(Digits.OutputSize)).ToArray();
                var data = DataSet<float>.WithLabels(inputs, labels);
                digits.Train(data, new TrainingOptions { Epochs = 1, BatchSize = 32 });
                var clock = Stopwatch.StartNew();
                digits.Train(data, new TrainingOptions { Epochs = Epochs, BatchSize = 32 });
                Console.WriteLine($"time digits.Train {Samples * Epochs / clock.Elapsed.TotalSeconds:F0} samples/s");
            }

            private static double NanosecondsPerCall(Action call)
            {
                for (int k = 0; k < 10_000; k++) call();
                int calls = 100_000;
                while (true)
                {
                    var clock = Stopwatch.StartNew();
                    for (int k = 0; k < calls; k++) call();
                    if (clock.Elapsed.TotalSeconds > 0.25) return clock.Elapsed.TotalMilliseconds * 1e6 / calls;
                    calls *= 4;
                }
            }
        }
        """;

    [Fact]
    public void A_net472_app_builds_and_under_Mono_computes_what_plain_double_loops_compute()
    {
        string folder = package.CreateConsumer(
            "AppNet472",
            "    <OutputType>Exe</OutputType>\n    <TargetFramework>net472</TargetFramework>\n    <LangVersion>9</LangVersion>",
            Consumer,
            projectItems: """    <PackageReference Include="Microsoft.NETFramework.ReferenceAssemblies.net472" Version="1.0.3" PrivateAssets="all" />""");

        var build = PackageFixture.Run(folder, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output);

        string? mono = FindOnPath("mono");
        if (mono is null)
        {
            // A fresh .NET SDK machine has no Mono: building is all it can check. CI must run the app.
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "Running the net472 app needs Mono: install mono-devel (.ci/run does when mono is missing).");
            return;
        }

        var run = PackageFixture.RunProgram(mono, folder, Path.Combine(folder, "bin", "Release", "net472", "AppNet472.exe"));
        Assert.True(run.ExitCode == 0, run.Output);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string line in lines.Where(l => l.StartsWith("time ", StringComparison.Ordinal)))
        {
            output.WriteLine("Mono: " + line[5..]);
        }

        CheckAgainstDoubleLoops(lines, "small", [2, 3, 2], z => 1 / (1 + Math.Exp(-z)));
        CheckAgainstDoubleLoops(lines, "digits", [64, 32, 10], z => Math.Max(z, 0));
        Assert.Contains("small save/load identical, JSON identical", lines);
        Assert.Contains("digits save/load identical, JSON identical", lines);
    }

    /// <summary>
    /// The app's outputs and loss against the network computed here in double from the parameters it
    /// printed: z^l = W^l·a^(l−1) + b^l, the hidden activation, softmax, J = −Σ y·ln p.
    /// </summary>
    private static void CheckAgainstDoubleLoops(string[] lines, string name, int[] sizes, Func<double, double> hidden)
    {
        double[] theta = Values(lines, name + " parameters");
        double[] a = Values(lines, name + " input");
        double[] target = Values(lines, name + " target");
        int offset = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            int rows = sizes[l], columns = sizes[l - 1];
            var z = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                z[i] = theta[offset + rows * columns + i];
                for (int j = 0; j < columns; j++)
                {
                    z[i] += theta[offset + i * columns + j] * a[j];
                }
            }

            offset += rows * columns + rows;
            a = l < sizes.Length - 1 ? z.Select(hidden).ToArray() : Softmax(z);
        }

        Assert.Equal(theta.Length, offset);
        double[] actual = Values(lines, name + " output");
        Assert.Equal(a.Length, actual.Length);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - a[i]) <= 1e-6, $"{name} output {i}: {actual[i]}, computed in double {a[i]}");
        }

        double loss = -target.Select((y, i) => y * Math.Log(a[i])).Sum();
        double printedLoss = Values(lines, name + " loss").Single();
        Assert.True(Math.Abs(printedLoss - loss) <= 1e-5 * Math.Max(1, loss), $"{name} loss {printedLoss}, computed in double {loss}");
    }

    private static double[] Softmax(double[] z)
    {
        double[] e = z.Select(v => Math.Exp(v - z.Max())).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    private static double[] Values(string[] lines, string label)
    {
        string line = lines.Single(l => l.StartsWith(label + ": ", StringComparison.Ordinal));
        return line[(label.Length + 2)..].Split(' ').Select(v => (double)float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}
