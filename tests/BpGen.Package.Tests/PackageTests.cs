using System.Globalization;
using System.IO.Compression;
using BpGen.Tests.Reference;
using Xunit.Abstractions;

namespace BpGen.Package.Tests;

/// <summary>The BpGen package: its layout, and consumers that restore it from a feed, build and run.</summary>
[Collection(PackageCollection.Name)]
public class PackageTests(PackageFixture package, ITestOutputHelper output)
{
    private const string Consumer = """
        using System;
        using BpGen;

        var net = new Xor();
        float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
        float[] targets = { 0, 1, 1, 0 };
        var report = net.Train(new DataSet<float>(inputs, targets), new TrainingOptions { Epochs = 2000, BatchSize = 4, LearningRate = 0.5 });
        var output = new float[1];
        int correct = 0;
        for (int s = 0; s < 4; s++)
        {
            net.Forward(inputs.AsSpan(2 * s, 2), output);
            correct += (output[0] > 0.5f) == (targets[s] > 0.5f) ? 1 : 0;
        }

        System.Console.WriteLine($"runs on {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        System.Console.WriteLine($"XOR {correct}/4 after {report.Epochs} epochs");

        // Too large to unroll: this one runs on the package's SIMD kernels.
        var wide = new Wide();
        var x = new float[Wide.InputSize];
        var y = new float[Wide.OutputSize];
        var p = new float[Wide.OutputSize];
        for (int i = 0; i < x.Length; i++) x[i] = i / 16f;
        y[2] = 1;
        for (int step = 0; step < 50; step++) wide.TrainStep(x, y, 0.05f);
        wide.Forward(x, p);
        bool learned = p[2] > 0.9f;
        System.Console.WriteLine($"Wide p2 = {p[2]:F3}, {(learned ? "learned" : "not learned")}");
        return correct == 4 && learned ? 0 : 1;

        [Network(2, 4, 1, Activation.Tanh, Loss.BinaryCrossEntropy)]
        public partial class Xor { }

        [Network(16, 32, 8, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
        public partial class Wide { }
        """;

    [Fact]
    public void The_package_holds_the_generator_the_code_fixes_and_the_runtime()
    {
        using ZipArchive archive = ZipFile.OpenRead(package.Package);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("analyzers/dotnet/cs/BpGen.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/BpGen.CodeFixes.dll", entries);
        Assert.Contains("lib/netstandard2.0/BpGen.Attributes.dll", entries);
        Assert.Contains("lib/netstandard2.0/BpGen.Attributes.xml", entries);
        Assert.Contains("lib/netstandard2.1/BpGen.Attributes.dll", entries);
        Assert.Contains("lib/net8.0/BpGen.Attributes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));

        using var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        string metadata = nuspec.ReadToEnd();
        Assert.Contains("<id>BpGen</id>", metadata);
        Assert.Contains("<license type=\"expression\">MIT</license>", metadata);
        Assert.Contains("<readme>README.md</readme>", metadata);
        Assert.DoesNotContain("<projectUrl>", metadata);   // the project has no public home yet (BpGenDocumentationUrl)

        // The gallery's readme is PACKAGE.md, which starts with what BpGen is, not with the repository's commands.
        using var readme = new StreamReader(archive.GetEntry("README.md")!.Open());
        string gallery = readme.ReadToEnd();
        Assert.Contains("dotnet add package BpGen", gallery);
        Assert.DoesNotContain("src/BpGen.Sample", gallery);
        Assert.DoesNotContain("](docs/", gallery);
        Assert.Contains("<tags>", metadata);
        Assert.Contains("<description>", metadata);
    }

    /// <summary>
    /// An app for each framework the package's lib/ serves on .NET. It runs on that framework's runtime
    /// when one is installed; otherwise (a machine with only a newer runtime) it rolls forward to the
    /// newest, and the test checks and prints which one it ran on.
    /// </summary>
    [Theory]
    [InlineData("net10.0")]
    [InlineData("net8.0")]
    public void An_app_restores_the_package_builds_without_warnings_and_runs_a_network(string framework)
    {
        string version = framework["net".Length..];
        bool installed = PackageFixture.Run(package.Root, "--list-runtimes").Output
            .Split('\n').Any(line => line.StartsWith($"Microsoft.NETCore.App {version}.", StringComparison.Ordinal));
        string folder = package.CreateConsumer(
            "App" + framework.Replace(".", "", StringComparison.Ordinal),
            $"    <OutputType>Exe</OutputType>\n    <TargetFramework>{framework}</TargetFramework>" + (installed ? "" : "\n    <RollForward>Major</RollForward>"),
            Consumer);

        var build = PackageFixture.Run(folder, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output);

        var run = PackageFixture.Run(folder, "run", "-c", "Release", "--no-build");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("XOR 4/4", run.Output);
        Assert.Contains("learned", run.Output);
        Assert.DoesNotContain("not learned", run.Output);
        if (installed)
        {
            Assert.Contains($"runs on .NET {version}.", run.Output);
        }

        output.WriteLine(run.Output.Split('\n').First(line => line.StartsWith("runs on", StringComparison.Ordinal)) + (installed ? "" : $" (no {framework} runtime installed: rolled forward)"));
    }

    /// <summary>
    /// The runtime builds Unity and Godot load (no AVX paths: Vector&lt;T&gt; and scalar loops) run here in a
    /// net10.0 app that compiles and runs against the package's lib/netstandard2.x assembly: Forward, the
    /// loss and one TrainStep of looped networks of every activation, held to the reference implementation.
    /// </summary>
    [Theory]
    [InlineData("netstandard2.1")]
    [InlineData("netstandard2.0")]
    public void The_netstandard_runtime_builds_compute_what_the_reference_computes(string asset)
    {
        string folder = package.CreateConsumer(
            "Asset" + asset.Replace(".", "", StringComparison.Ordinal),
            "    <OutputType>Exe</OutputType>\n    <TargetFramework>net10.0</TargetFramework>",
            RuntimeAssetProgram.Source,
            runtimeAsset: asset);

        var build = PackageFixture.Run(folder, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        var run = PackageFixture.Run(folder, "run", "-c", "Release", "--no-build");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"runtime asset .NETStandard,Version=v{asset["netstandard".Length..]}", run.Output);

        string[] lines = run.Output.Split('\n').Where(line => line.Contains(" | ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, lines.Length);
        foreach (string line in lines)
        {
            AssertAgreesWithReference(line.Split(" | "));
        }
    }

    [Fact]
    public void A_netstandard21_library_builds_with_every_analyzer_as_an_error()
    {
        string folder = package.CreateConsumer(
            "Library",
            "    <TargetFramework>netstandard2.1</TargetFramework>\n    <LangVersion>9</LangVersion>\n    <AnalysisLevel>latest-all</AnalysisLevel>\n    <GenerateDocumentationFile>true</GenerateDocumentationFile>",
            """
            using BpGen;

            namespace Game.AI
            {
                /// <summary>Steers a character from what it sees.</summary>
                [Network(8, 16, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
                public sealed partial class Steering
                {
                }
            }
            """);

        var build = PackageFixture.Run(folder, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output);
    }

    /// <summary>
    /// One line of <see cref="RuntimeAssetProgram"/>: name, sizes, activations, loss, θ, input, target,
    /// Forward's output, TrainStep's loss and θ after it (α = 0.25, λ = 0.125).
    /// </summary>
    private static void AssertAgreesWithReference(string[] fields)
    {
        string name = fields[0];
        int[] sizes = fields[1].Split(',').Select(int.Parse).ToArray();
        Activation[] activations = fields[2].Split(',').Select(Enum.Parse<Activation>).ToArray();
        var reference = new ReferenceMlp(sizes, activations[..^1], activations[^1], Enum.Parse<Loss>(fields[3]));
        double[] theta = Numbers(fields[4]), input = Numbers(fields[5]), target = Numbers(fields[6]);
        bool single = name != "Smooth";
        double tolerance = single ? Close.Single : Close.Double;
        theta.CopyTo(reference.Parameters, 0);

        Close.All(reference.Forward(input), Numbers(fields[7]), tolerance, $"{name}: Forward");
        Close.All([reference.Loss(input, target)], Numbers(fields[8]), tolerance, $"{name}: J");
        reference.Update(reference.Gradient(input, target), 0.25, 1, 0.125);
        Close.All(reference.Parameters, Numbers(fields[9]), tolerance, $"{name}: θ after TrainStep");
    }

    private static double[] Numbers(string text) => text.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
