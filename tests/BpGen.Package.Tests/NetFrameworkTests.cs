using System.Globalization;
using Xunit.Abstractions;

namespace BpGen.Package.Tests;

/// <summary>
/// A .NET Framework 4.7.2 app (C# 9), which gets the package's netstandard2.0 runtime: it builds
/// without warnings and, under Mono, computes what a plain double implementation of the same networks,
/// dense, GRU and LSTM, computes from the parameters it prints.
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
        public partial class Small : IPersisted { }

        [Network(64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
        public partial class Digits : IPersisted { }

        [Network(3, 4, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru }, OutputActivation = Activation.Identity)]
        public partial class SmallGru : IPersisted { }

        [Network(3, 9, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm }, OutputActivation = Activation.Identity)]
        public partial class WideLstm : IPersisted { }

        /// <summary>The persistence every generated network has, dense or recurrent, for one round-trip check.</summary>
        public interface IPersisted
        {
            Span<float> Parameters { get; }
            void InitializeParameters(int seed);
            void SaveParameters(Stream stream);
            void LoadParameters(Stream stream);
            void ExportParametersJson(TextWriter writer);
            void ImportParametersJson(TextReader reader);
        }

        public static class Program
        {
            public static int Main()
            {
                bool roundTrips = Report("small", new Small(), new Small()) & Report("digits", new Digits(), new Digits())
                    & ReportRecurrent("gru", new SmallGru(), new SmallGru(), scaled: false) & ReportRecurrent("lstm", new WideLstm(), new WideLstm(), scaled: true);
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

                bool roundTrips = RoundTrips((IPersisted)net, (IPersisted)copy, out string words);
                Console.WriteLine($"{name} {words}");
                return roundTrips;
            }

            /// <summary>
            /// Trains a few steps through time, with input and output scaling where scaled (printed too), prints
            /// the parameters, a sequence of 3 steps and its outputs, and checks that StepBatch steps 11 streams
            /// as Step steps each (to float rounding) and that both persistence formats round-trip, scaling included.
            /// </summary>
            private static bool ReportRecurrent(string name, IRecurrentNetwork<float> net, IRecurrentNetwork<float> copy, bool scaled)
            {
                const int Steps = 3;
                var random = new SeededRandom(name.Length);
                if (scaled)
                {
                    net.InputScaling = new Standardizer(new[] { 0.5, -1, 2 }, new[] { 2.0, 0.5, 4 });
                    net.OutputScaling = new Standardizer(new[] { 10.0, -3 }, new[] { 3.0, 0.25 });
                    Print(name + " input mean", net.InputScaling.Mean.Select(v => (float)v).ToArray());
                    Print(name + " input deviation", net.InputScaling.StandardDeviation.Select(v => (float)v).ToArray());
                    Print(name + " output mean", net.OutputScaling.Mean.Select(v => (float)v).ToArray());
                    Print(name + " output deviation", net.OutputScaling.StandardDeviation.Select(v => (float)v).ToArray());
                }

                float[] inputs = Enumerable.Range(0, Steps * net.InputSize).Select(_ => (float)random.NextUniform(2)).ToArray();
                float[] targets = Enumerable.Range(0, Steps * net.OutputSize).Select(_ => (float)random.NextUniform(1)).ToArray();
                var gradient = new float[net.ParameterCount];
                for (int step = 0; step < 20; step++)
                {
                    net.BackwardSequence(inputs, targets, gradient);
                    net.Update(gradient, 0.1f);
                }

                float[] outputs = new float[Steps * net.OutputSize];
                net.ForwardSequence(inputs, outputs);
                Print(name + " parameters", net.Parameters.ToArray());
                Print(name + " input", inputs);
                Print(name + " output", outputs);

                const int Streams = 11;
                float[] streamInputs = Enumerable.Range(0, Streams * net.InputSize).Select(_ => (float)random.NextUniform(2)).ToArray();
                float[] states = Enumerable.Range(0, Streams * net.StateSize).Select(_ => (float)random.NextUniform(0.5)).ToArray();
                float[] each = states.ToArray(), batchOutputs = new float[Streams * net.OutputSize], eachOutputs = new float[Streams * net.OutputSize];
                net.StepBatch(streamInputs, states, batchOutputs);
                for (int s = 0; s < Streams; s++)
                {
                    net.Step(streamInputs.AsSpan(s * net.InputSize, net.InputSize), each.AsSpan(s * net.StateSize, net.StateSize), eachOutputs.AsSpan(s * net.OutputSize, net.OutputSize));
                }

                // StepBatch is Step up to the last bits where it steps streams in vector lanes.
                double apart = states.Zip(each, (a, b) => Math.Abs(a - b)).Concat(batchOutputs.Zip(eachOutputs, (a, b) => Math.Abs(a - b))).Max();
                Console.WriteLine($"{name} StepBatch apart from Step by {apart.ToString("R", CultureInfo.InvariantCulture)}");
                bool batched = apart <= 1e-6;
                bool roundTrips = RoundTrips((IPersisted)net, (IPersisted)copy, out string words);
                bool scalingRoundTrips = Equals(copy.InputScaling, net.InputScaling) && Equals(copy.OutputScaling, net.OutputScaling);
                Console.WriteLine($"{name} StepBatch {(batched ? "within 1e-6" : "apart")}, {words}{(scalingRoundTrips ? "" : ", scaling different")}");
                return batched && roundTrips && scalingRoundTrips;
            }

            /// <summary>Whether both persistence formats carry net's parameters into copy exactly, and the words that say so.</summary>
            private static bool RoundTrips(IPersisted net, IPersisted copy, out string words)
            {
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

                words = $"save/load {(binaryRoundTrips ? "identical" : "different")}, JSON {(jsonRoundTrips ? "identical" : "different")}";
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
        CheckRecurrentAgainstDoubleLoops(lines, "gru", lstm: false, inputs: 3, units: 4, outputs: 2);
        CheckRecurrentAgainstDoubleLoops(lines, "lstm", lstm: true, inputs: 3, units: 9, outputs: 2, scaled: true);
        Assert.Contains("small save/load identical, JSON identical", lines);
        Assert.Contains("digits save/load identical, JSON identical", lines);
        Assert.Contains("gru StepBatch within 1e-6, save/load identical, JSON identical", lines);
        Assert.Contains("lstm StepBatch within 1e-6, save/load identical, JSON identical", lines);
    }

    /// <summary>
    /// The app's outputs of a sequence against the network computed here in double from the parameters it
    /// printed, by PyTorch's GRU and LSTM cells (weight_ih, weight_hh, bias_ih, bias_hh; gates r, z, n or
    /// i, f, g, o) from the zero state, then the dense head with no activation.
    /// </summary>
    private static void CheckRecurrentAgainstDoubleLoops(string[] lines, string name, bool lstm, int inputs, int units, int outputs, bool scaled = false)
    {
        double[] theta = Values(lines, name + " parameters");
        double[] x = Values(lines, name + " input");
        if (scaled)
        {
            // The app's InputScaling standardizes each step's raw inputs: (x − μ)/σ.
            double[] mean = Values(lines, name + " input mean"), deviation = Values(lines, name + " input deviation");
            x = x.Select((v, k) => (v - mean[k % inputs]) / deviation[k % inputs]).ToArray();
        }

        int gates = lstm ? 4 : 3, weightHh = gates * units * inputs, biasIh = weightHh + (gates * units * units), biasHh = biasIh + (gates * units), head = biasHh + (gates * units);
        double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        double Row(int row, int at, double[] v, int from, int count) => Enumerable.Range(0, count).Sum(j => theta[at + (row * count) + j] * v[from + j]);
        var h = new double[units];
        var c = new double[units];
        var expected = new List<double>();
        for (int t = 0; t < x.Length / inputs; t++)
        {
            double Gate(int row, bool apart, out double hidden)
            {
                hidden = Row(row, weightHh, h, 0, units) + theta[biasHh + row];
                double input = Row(row, 0, x, t * inputs, inputs) + theta[biasIh + row];
                return apart ? input : input + hidden;
            }

            var next = new double[units];
            for (int j = 0; j < units; j++)
            {
                if (lstm)
                {
                    double i = Sigmoid(Gate(j, false, out _)), f = Sigmoid(Gate(units + j, false, out _)), g = Math.Tanh(Gate((2 * units) + j, false, out _)), o = Sigmoid(Gate((3 * units) + j, false, out _));
                    c[j] = (f * c[j]) + (i * g);
                    next[j] = o * Math.Tanh(c[j]);
                }
                else
                {
                    double r = Sigmoid(Gate(j, false, out _)), z = Sigmoid(Gate(units + j, false, out _));
                    double n = Math.Tanh(Gate((2 * units) + j, true, out double hn) + (r * hn));
                    next[j] = ((1 - z) * n) + (z * h[j]);
                }
            }

            h = next;
            for (int o = 0; o < outputs; o++)
            {
                expected.Add(Row(o, head, h, 0, units) + theta[head + (outputs * units) + o]);
            }
        }

        Assert.Equal(head + (outputs * units) + outputs, theta.Length);
        if (scaled)
        {
            // Its OutputScaling maps the outputs back: y = a·σ + μ.
            double[] mean = Values(lines, name + " output mean"), deviation = Values(lines, name + " output deviation");
            expected = expected.Select((v, k) => (v * deviation[k % outputs]) + mean[k % outputs]).ToList();
        }

        double[] actual = Values(lines, name + " output");
        Assert.Equal(expected.Count, actual.Length);
        for (int k = 0; k < actual.Length; k++)
        {
            Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-5, $"{name} output {k}: {actual[k]}, computed in double {expected[k]}");
        }
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
