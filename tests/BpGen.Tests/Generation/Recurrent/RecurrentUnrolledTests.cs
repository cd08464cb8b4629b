extern alias Generator;

using System.Reflection;
using BpGen.Tests.Infrastructure;
using BpGen.Tests.Reference;
using static BpGen.Tests.Generation.Recurrent.RecurrentNetworks;
using RecurrentStepEmitter = Generator::BpGen.Generator.Emit.RecurrentStepEmitter;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>
/// Small recurrent networks are unrolled (every gate a local), larger ones call the runtime's kernels:
/// both compute the same step, the recorded steps of BackwardSequence are Step's to the bit, and the
/// unrolled methods stay far inside the JIT's limits.
/// </summary>
public class RecurrentUnrolledTests
{
    [Fact]
    public void The_test_networks_cover_both_paths_for_both_layer_kinds()
    {
        foreach (Layer kind in new[] { Layer.Gru, Layer.Lstm })
        {
            var counts = All.Where(c => c.Attribute.Contains("Layer." + kind)).Select(c => Constant(c, "ParameterCount")).ToList();
            Assert.Contains(counts, n => n <= RecurrentStepEmitter.UnrollLimit);
            Assert.Contains(counts, n => n > RecurrentStepEmitter.UnrollLimit);
        }
    }

    [Fact]
    public void An_unrolled_gru_network_steps_as_the_kernels_do_in_double()
    {
        Case c = All.Single(x => x.Name == "SmallGruDouble");
        object net = Create(c);
        double[] theta = Parameters(c, net);
        var layout = new ParameterLayout([3, 4, 2], [Layer.Gru, Layer.Dense]);
        Assert.True(theta.Length <= RecurrentStepEmitter.UnrollLimit);
        (int gruOffset, int gruCount) = layout.LayerRange(1);
        ParameterBlock weights = layout.Weights(2), biases = layout.Biases(2);

        var random = new Random(1);
        var state = new double[4];
        var kernelState = new double[4];
        for (int step = 0; step < 6; step++)
        {
            double[] input = Enumerable.Range(0, 3).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            var output = new double[2];
            Probe(c, "Step", net, input, state, output);

            var next = new double[4];
            var expected = new double[2];
            Kernels.GruStep(theta.AsSpan(gruOffset, gruCount), input, kernelState, next, new double[Kernels.GruCachePerUnit * 4]);
            Kernels.Affine(theta.AsSpan(weights.Offset, weights.Count), theta.AsSpan(biases.Offset, biases.Count), next, expected);
            Kernels.Softmax(expected);
            kernelState = next;

            Close.All(expected, output, 1e-12, $"output at step {step}");
            Close.All(kernelState, state, 1e-12, $"state after step {step}");
        }
    }

    [Fact]
    public void An_unrolled_stacked_lstm_network_steps_as_the_kernels_do_in_float()
    {
        Case c = All.Single(x => x.Name == "StackedLstm");
        object net = Create(c);
        float[] theta = Parameters(c, net).Select(v => (float)v).ToArray();
        var layout = new ParameterLayout([2, 4, 3, 2], [Layer.Lstm, Layer.Lstm, Layer.Dense]);
        Assert.True(theta.Length <= RecurrentStepEmitter.UnrollLimit);
        (int first, int firstCount) = layout.LayerRange(1);
        (int second, int secondCount) = layout.LayerRange(2);
        ParameterBlock weights = layout.Weights(3), biases = layout.Biases(3);

        var random = new Random(2);
        var state = new float[14];
        var kernelState = new float[14]; // h1, c1 (4 each), h2, c2 (3 each)
        for (int step = 0; step < 6; step++)
        {
            float[] input = Enumerable.Range(0, 2).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            var output = new float[2];
            Probe(c, "Step", net, input, state, output);

            var next = new float[14];
            var expected = new float[2];
            Kernels.LstmStep(theta.AsSpan(first, firstCount), input, kernelState.AsSpan(0, 4), kernelState.AsSpan(4, 4), next.AsSpan(0, 4), next.AsSpan(4, 4), new float[Kernels.LstmCachePerUnit * 4]);
            Kernels.LstmStep(theta.AsSpan(second, secondCount), next.AsSpan(0, 4), kernelState.AsSpan(8, 3), kernelState.AsSpan(11, 3), next.AsSpan(8, 3), next.AsSpan(11, 3), new float[Kernels.LstmCachePerUnit * 3]);
            Kernels.Affine(theta.AsSpan(weights.Offset, weights.Count), theta.AsSpan(biases.Offset, biases.Count), next.AsSpan(8, 3), expected);
            Kernels.Sigmoid(expected);
            kernelState = next;

            Close.All(expected.Select(v => (double)v).ToArray(), output.Select(v => (double)v).ToArray(), 1e-6, $"output at step {step}");
            Close.All(kernelState.Select(v => (double)v).ToArray(), state.Select(v => (double)v).ToArray(), 1e-6, $"state after step {step}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BackwardSequence_moves_the_state_on_exactly_as_Step_does(string name)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        const int steps = 4;
        var random = new Random(9);
        double[] start = Enumerable.Range(0, reference.StateSize).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] inputs = Enumerable.Range(0, steps * reference.InputSize).Select(_ => random.NextDouble() * 4 - 2).ToArray();

        Array stepped = Values(c, start);
        for (int step = 0; step < steps; step++)
        {
            Probe(c, "Step", net, Values(c, inputs.Skip(step * reference.InputSize).Take(reference.InputSize).ToArray()), stepped, Values(c, new double[reference.OutputSize]));
        }

        Array recorded = Values(c, start);
        int recordSize = Constant(c, "RecordSizePerStep");
        Probe(c, "BackwardWindow", net, Values(c, inputs), Values(c, new double[reference.OutputSize]), Values(c, new double[reference.Parameters.Length]), recorded, Values(c, new double[steps * recordSize]));

        Assert.Equal(Widen(stepped), Widen(recorded));
    }

    /// <summary>The JIT optimizes no method over 60,000 bytes of IL or 2,000 locals; the largest unrolled methods keep a third and a quarter of that.</summary>
    [Fact]
    public void The_largest_unrolled_steps_stay_inside_the_JIT_limits()
    {
        string[] attributes =
        [
            "2, 7, 1, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru }",
            "36, 2, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru }, UseDouble = true",
            "2, 6, 1, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm }",
            "new[] { 2, 3, 3, 3, 1 }, Activation.Tanh, Loss.BinaryCrossEntropy, HiddenLayers = new[] { Layer.Lstm, Layer.Gru, Layer.Lstm }",
        ];
        string source = "using BpGen;\nnamespace Limits;\n" + string.Concat(attributes.Select((a, i) => $"[Network({a})] public partial class Net{i} {{ }}\n"));
        Assembly assembly = GeneratorRunner.CompileAndLoad(source);
        for (int i = 0; i < attributes.Length; i++)
        {
            Type type = assembly.GetType("Limits.Net" + i)!;
            int parameters = (int)type.GetField("ParameterCount")!.GetValue(null)!;
            Assert.InRange(parameters, RecurrentStepEmitter.UnrollLimit - 30, RecurrentStepEmitter.UnrollLimit);
            foreach (string method in new[] { "StepPass", "StepLanes", "RecordSequence" })
            {
                MethodBody body = type.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Instance)!.GetMethodBody()!;
                Assert.True(body.GetILAsByteArray()!.Length < 60_000 / 3, $"Net{i}.{method}: {body.GetILAsByteArray()!.Length} bytes of IL");
                Assert.True(body.LocalVariables.Count < 2_000 / 4, $"Net{i}.{method}: {body.LocalVariables.Count} locals");
            }
        }
    }

    public static TheoryData<string> Names() => new(All.Select(c => c.Name));
}
