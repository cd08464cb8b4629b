extern alias Generator;

using System.Collections;
using System.Reflection;
using Generator::BpGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BpGen.Tests.Generation;

/// <summary>The driver reuses its work: edits that do not touch a network regenerate nothing.</summary>
public class IncrementalityTests
{
    private static readonly string[] TrackedSteps =
    {
        NetworkGenerator.TrackingNames.Parse,
        NetworkGenerator.TrackingNames.Models,
        NetworkGenerator.TrackingNames.Diagnostics,
        NetworkGenerator.TrackingNames.SkipLocalsInit,
        NetworkGenerator.TrackingNames.SharedHintNames,
    };

    private const string TwoNetworks = """
        using BpGen;
        namespace Demo;
        [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)] public partial class First { }
        [Network(4, 5, 1, Activation.Tanh, Loss.BinaryCrossEntropy)] public partial class Second { }
        [Network(2, 0, 1, Activation.Tanh, Loss.BinaryCrossEntropy)] public partial class Broken { }
        """;

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var (driver, compilation) = RunOnce(TwoNetworks);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int X => 1; }"));

        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            Assert.All(
                run.TrackedSteps[step].SelectMany(s => s.Outputs),
                output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }

        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_one_network_regenerates_only_that_one()
    {
        var (driver, compilation) = RunOnce(TwoNetworks);
        var edited = Replace(compilation, "[Network(2, 3, 2,", "[Network(2, 4, 2,");

        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = run.TrackedSteps[NetworkGenerator.TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Contains(run.GeneratedSources, s => s.SourceText.ToString().Contains("BpGen network 2-4-2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_change_to_a_diagnostic_alone_regenerates_no_code()
    {
        var (driver, compilation) = RunOnce(TwoNetworks);
        var edited = Replace(compilation, "[Network(2, 0, 1,", "[Network(2, -5, 1,");

        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(
            run.TrackedSteps[NetworkGenerator.TrackingNames.Models].SelectMany(s => s.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
        Assert.Contains(run.TrackedSteps[NetworkGenerator.TrackingNames.Diagnostics].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("-5", Assert.Single(run.Diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Pipeline_outputs_hold_no_symbols_syntax_or_compilations()
    {
        var (driver, _) = RunOnce(TwoNetworks);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        foreach (string step in TrackedSteps)
        {
            foreach (var (value, _) in run.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertPlainValue(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static (GeneratorDriver Driver, Compilation Compilation) RunOnce(string source)
    {
        var compilation = GeneratorRunner.CreateCompilation(source);
        return (GeneratorRunner.CreateDriver().RunGenerators(compilation), compilation);
    }

    private static Compilation Replace(Compilation compilation, string oldText, string newText)
    {
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        string text = tree.GetText().ToString();
        Assert.Contains(oldText, text);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace(oldText, newText, StringComparison.Ordinal))));
    }

    /// <summary>Walks an output's fields: nothing may keep a compilation alive.</summary>
    private static void AssertPlainValue(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location, $"{path} holds a {value.GetType().Name}");
        if (value is DiagnosticDescriptor)
        {
            return; // static singletons from the catalog
        }

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertPlainValue(item, $"{path}[{i++}]", seen);
            }
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertPlainValue(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
