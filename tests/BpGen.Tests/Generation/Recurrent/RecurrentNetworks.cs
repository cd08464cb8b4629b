using System.Reflection;
using BpGen.Tests.Infrastructure;
using BpGen.Tests.Reference;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>
/// Recurrent networks compiled at test time, each beside the reference network of the same shape, with
/// array-taking probes compiled with them (spans cannot pass through reflection).
/// </summary>
public static class RecurrentNetworks
{
    /// <summary>One network: its attribute, and the reference of the same layers.</summary>
    public sealed record Case(string Name, string Attribute, bool UseDouble, Func<ReferenceRecurrent> Reference)
    {
        public override string ToString() => Name;
    }

    public static readonly Case[] All =
    [
        new("GruMse", "4, 5, 3, Activation.Sigmoid, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru }", false,
            () => new ReferenceRecurrent(4, [ReferenceLayer.Gru(5)], 3, Activation.Sigmoid, Loss.MeanSquaredError)),
        new("LstmSoftmaxDouble", "3, 6, 4, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Lstm }, UseDouble = true", true,
            () => new ReferenceRecurrent(3, [ReferenceLayer.Lstm(6)], 4, Activation.Identity, Loss.SoftmaxCrossEntropy)),
        new("StackedBce", "new[] { 5, 4, 7, 6, 3, 2 }, Activation.ReLU, Loss.BinaryCrossEntropy, HiddenLayers = new[] { Layer.Dense, Layer.Gru, Layer.Lstm, Layer.Dense }, HiddenActivations = new[] { Activation.ReLU, Activation.Tanh, Activation.Tanh, Activation.Softplus }", false,
            () => new ReferenceRecurrent(5, [ReferenceLayer.Dense(4, Activation.ReLU), ReferenceLayer.Gru(7), ReferenceLayer.Lstm(6), ReferenceLayer.Dense(3, Activation.Softplus)], 2, Activation.Sigmoid, Loss.BinaryCrossEntropy)),
        new("SmallGruDouble", "3, 4, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru }, UseDouble = true", true,
            () => new ReferenceRecurrent(3, [ReferenceLayer.Gru(4)], 2, Activation.Identity, Loss.SoftmaxCrossEntropy)),
        new("StackedLstm", "new[] { 2, 4, 3, 2 }, Activation.Tanh, Loss.BinaryCrossEntropy, HiddenLayers = new[] { Layer.Lstm, Layer.Lstm }", false,
            () => new ReferenceRecurrent(2, [ReferenceLayer.Lstm(4), ReferenceLayer.Lstm(3)], 2, Activation.Sigmoid, Loss.BinaryCrossEntropy)),
        new("WideGruDouble", "new[] { 9, 33, 33, 2 }, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru, Layer.Gru }, UseDouble = true", true,
            () => new ReferenceRecurrent(9, [ReferenceLayer.Gru(33), ReferenceLayer.Gru(33)], 2, Activation.Tanh, Loss.MeanSquaredError)),
        new("GruDenseLstmSoftmax", "new[] { 5, 9, 130, 9, 3 }, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru, Layer.Dense, Layer.Lstm }, HiddenActivations = new[] { Activation.Tanh, Activation.ELU, Activation.Tanh }", false,
            () => new ReferenceRecurrent(5, [ReferenceLayer.Gru(9), ReferenceLayer.Dense(130, Activation.ELU), ReferenceLayer.Lstm(9)], 3, Activation.Identity, Loss.SoftmaxCrossEntropy)),
        new("WideLstm", "new[] { 9, 17, 2 }, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm }", false,
            () => new ReferenceRecurrent(9, [ReferenceLayer.Lstm(17)], 2, Activation.Tanh, Loss.MeanSquaredError)),
    ];

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorRunner.CompileAndLoad(Source()));

    /// <summary>A new instance of <paramref name="c"/>'s class.</summary>
    public static object Create(Case c) => Activator.CreateInstance(Compiled.Value.GetType("Rnn." + c.Name)!)!;

    /// <summary>Calls the probe <paramref name="method"/> of <paramref name="c"/> with <paramref name="arguments"/>.</summary>
    public static object? Probe(Case c, string method, params object[] arguments) =>
        Compiled.Value.GetType("Rnn." + c.Name + "Probe")!.GetMethod(method)!.Invoke(null, arguments);

    /// <summary>The network's parameters, widened to double.</summary>
    public static double[] Parameters(Case c, object net) => (double[])Probe(c, "GetParameters", net)!;

    /// <summary>An array of the network's element type holding <paramref name="values"/>, rounded for float.</summary>
    public static Array Values(Case c, double[] values) => c.UseDouble ? values.ToArray() : values.Select(v => (float)v).ToArray();

    /// <summary>A public integer constant of the network class, as RecordSizePerStep.</summary>
    public static int Constant(Case c, string name) => (int)Create(c).GetType().GetField(name)!.GetValue(null)!;

    /// <summary>Widens a float or double array to double.</summary>
    public static double[] Widen(Array values) => values is float[] floats ? floats.Select(v => (double)v).ToArray() : (double[])values;

    private static string Source()
    {
        var source = new System.Text.StringBuilder("using System;\nusing System.Linq;\nusing BpGen;\nnamespace Rnn;\n");
        foreach (Case c in All)
        {
            string t = c.UseDouble ? "double" : "float";
            source.Append($$"""
                [Network({{c.Attribute}})]
                public partial class {{c.Name}} { }

                public static class {{c.Name}}Probe
                {
                    public static double[] GetParameters({{c.Name}} net) => net.Parameters.ToArray().Select(v => (double)v).ToArray();
                    public static void SetParameters({{c.Name}} net, double[] values) { for (int k = 0; k < values.Length; k++) net.Parameters[k] = ({{t}})values[k]; }
                    public static void Step({{c.Name}} net, {{t}}[] input, {{t}}[] state, {{t}}[] output) => net.Step(input, state, output);
                    public static void ForwardSequence({{c.Name}} net, {{t}}[] inputs, {{t}}[] outputs) => net.ForwardSequence(inputs, outputs);
                    public static void StepBatch({{c.Name}} net, {{t}}[] inputs, {{t}}[] states, {{t}}[] outputs) => net.StepBatch(inputs, states, outputs);
                    public static double BackwardSequence({{c.Name}} net, {{t}}[] inputs, {{t}}[] targets, {{t}}[] gradient) => net.BackwardSequence(inputs, targets, gradient);
                    public static long BackwardAllocations({{c.Name}} net, {{t}}[] inputs, {{t}}[] targets, {{t}}[] gradient)
                    {
                        net.BackwardSequence(inputs, targets, gradient);
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        for (int i = 0; i < 20; i++) net.BackwardSequence(inputs, targets, gradient);
                        return GC.GetAllocatedBytesForCurrentThread() - before;
                    }
                    public static double BackwardWindow({{c.Name}} net, {{t}}[] inputs, {{t}}[] targets, {{t}}[] gradient, {{t}}[] state, {{t}}[] record) => net.BackwardSequence(inputs, targets, gradient, state, record);
                    public static double BackwardSequences({{c.Name}} net, int steps, {{t}}[] inputs, {{t}}[] targets, {{t}}[] gradient, {{t}}[] records) => net.BackwardSequences(steps, inputs, targets, gradient, records);
                    public static long BackwardSequencesAllocations({{c.Name}} net, int steps, {{t}}[] inputs, {{t}}[] targets, {{t}}[] gradient, {{t}}[] records)
                    {
                        // The quietest of three runs, as Allocations.InSteadyState takes (a method moved to optimized code on this thread allocates once).
                        net.BackwardSequences(steps, inputs, targets, gradient, records);
                        long fewest = long.MaxValue;
                        for (int run = 0; run < 3; run++)
                        {
                            long before = GC.GetAllocatedBytesForCurrentThread();
                            for (int i = 0; i < 20; i++) net.BackwardSequences(steps, inputs, targets, gradient, records);
                            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
                        }
                        return fewest;
                    }
                    public static long StepBatchAllocations({{c.Name}} net, {{t}}[] inputs, {{t}}[] states, {{t}}[] outputs)
                    {
                        net.StepBatch(inputs, states, outputs);
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        for (int i = 0; i < 100; i++) net.StepBatch(inputs, states, outputs);
                        return GC.GetAllocatedBytesForCurrentThread() - before;
                    }
                    public static long StepAllocations({{c.Name}} net, {{t}}[] input, {{t}}[] state, {{t}}[] output)
                    {
                        net.Step(input, state, output);
                        long before = GC.GetAllocatedBytesForCurrentThread();
                        for (int i = 0; i < 100; i++) net.Step(input, state, output);
                        return GC.GetAllocatedBytesForCurrentThread() - before;
                    }
                }

                """);
        }

        return source.ToString();
    }
}
