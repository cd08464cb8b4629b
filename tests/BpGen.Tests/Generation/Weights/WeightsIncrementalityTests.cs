extern alias Generator;

using Generator::BpGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpGen.Tests.Generation;

/// <summary>The pipeline keys on a weights file's content: editing it regenerates only the networks that name it.</summary>
public class WeightsIncrementalityTests
{
    private static readonly string[] TrackedSteps =
    {
        NetworkGenerator.TrackingNames.Parse,
        NetworkGenerator.TrackingNames.WeightsFiles,
        NetworkGenerator.TrackingNames.Resolve,
        NetworkGenerator.TrackingNames.Models,
    };

    private const string Source = """
        using BpGen;
        namespace Demo;
        [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "a.json")] public partial class First { }
        [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "b.json", Frozen = true)] public partial class Second { }
        [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)] public partial class Third { }
        """;

    [Fact]
    public void Editing_a_weights_file_regenerates_only_the_network_that_names_it()
    {
        var (driver, compilation, a, _) = RunOnce();
        File.WriteAllText(a.Path, Json(seed: 5));
        var edited = new DiskFile(a.Path);

        GeneratorRunResult run = driver.ReplaceAdditionalText(a, edited).RunGenerators(compilation).GetRunResult().Results.Single();

        var reasons = run.TrackedSteps[NetworkGenerator.TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        var outputs = run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void Rewriting_a_weights_file_with_the_same_content_regenerates_nothing()
    {
        var (driver, compilation, a, _) = RunOnce();
        File.WriteAllText(a.Path, Json(seed: 1));

        GeneratorRunResult run = driver.ReplaceAdditionalText(a, new DiskFile(a.Path)).RunGenerators(compilation).GetRunResult().Results.Single();

        AssertNothingRegenerated(run, TrackedSteps.Where(s => s != NetworkGenerator.TrackingNames.WeightsFiles));
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var (driver, compilation, _, _) = RunOnce();
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int X => 1; }"));

        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertNothingRegenerated(run, TrackedSteps);
    }

    /// <summary>
    /// A name no file matches is diagnosed from every additional file's path; that step runs again only
    /// when the files change, and listing the file it names generates the network from it.
    /// </summary>
    [Fact]
    public void A_name_no_file_matches_is_diagnosed_again_only_when_the_files_change()
    {
        string folder = WeightsFiles.NewFolder();
        string path = Path.Combine(folder, "a.json");
        File.WriteAllText(path, Json(seed: 1));
        var a = new DiskFile(path);
        const string typo = """
            using BpGen;
            [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "a.json")] public partial class First { }
            [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "a.jsn")] public partial class Typo { }
            """;
        var compilation = GeneratorRunner.CreateCompilation(typo);
        GeneratorDriver driver = GeneratorRunner.CreateDriver(additionalTexts: new AdditionalText[] { a }).RunGenerators(compilation);
        Assert.Equal("BPG011", Assert.Single(driver.GetRunResult().Diagnostics).Id);
        Assert.Equal(2, driver.GetRunResult().GeneratedTrees.Length);
        // Both steps run only for a network whose name no file matches, so the other tests never see them.
        string[] steps = [.. TrackedSteps, NetworkGenerator.TrackingNames.AdditionalFilePaths, NetworkGenerator.TrackingNames.WeightsNotListed];

        var unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Unrelated { }"));
        AssertNothingRegenerated(driver.RunGenerators(unrelated).GetRunResult().Results.Single(), steps);

        File.WriteAllText(path, Json(seed: 1));
        AssertNothingRegenerated(driver.ReplaceAdditionalText(a, new DiskFile(path)).RunGenerators(compilation).GetRunResult().Results.Single(), steps.Where(s => s != NetworkGenerator.TrackingNames.WeightsFiles));

        string listed = Path.Combine(folder, "a.jsn");
        File.WriteAllText(listed, Json(seed: 2));
        GeneratorDriverRunResult fixedRun = driver.AddAdditionalTexts([new DiskFile(listed)]).RunGenerators(compilation).GetRunResult();
        Assert.Empty(fixedRun.Diagnostics);
        Assert.Contains(fixedRun.Results.Single().TrackedSteps[NetworkGenerator.TrackingNames.Models].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    private static void AssertNothingRegenerated(GeneratorRunResult run, IEnumerable<string> steps)
    {
        foreach (string step in steps)
        {
            Assert.All(
                run.TrackedSteps[step].SelectMany(s => s.Outputs),
                output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }

        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    private static (GeneratorDriver Driver, Compilation Compilation, DiskFile A, DiskFile B) RunOnce()
    {
        string folder = WeightsFiles.NewFolder();
        File.WriteAllText(Path.Combine(folder, "a.json"), Json(seed: 1));
        File.WriteAllText(Path.Combine(folder, "b.json"), Json(seed: 2));
        var a = new DiskFile(Path.Combine(folder, "a.json"));
        var b = new DiskFile(Path.Combine(folder, "b.json"));
        var compilation = GeneratorRunner.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorRunner.CreateDriver(additionalTexts: new AdditionalText[] { a, b, new DiskFile(Path.Combine(folder, "unrelated.txt")) }).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        Assert.Equal(3, driver.GetRunResult().GeneratedTrees.Length);
        return (driver, compilation, a, b);
    }

    /// <summary>A 2-3-2 softmax network's parameters for <paramref name="seed"/>, as JSON.</summary>
    private static string Json(int seed)
    {
        var network = new TestNet();
        network.InitializeParameters(seed);
        var writer = new StringWriter();
        network.ExportParametersJson(writer);
        return writer.ToString();
    }
}
