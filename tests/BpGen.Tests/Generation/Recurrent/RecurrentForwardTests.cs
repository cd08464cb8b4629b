using BpGen.Tests.Reference;
using static BpGen.Tests.Generation.Recurrent.RecurrentNetworks;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>The generated Step and ForwardSequence of recurrent networks, held to the reference implementation.</summary>
public class RecurrentForwardTests
{
    public static TheoryData<string> Names() => new(All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_carries_the_state_as_the_reference_does(string name)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        double[] theta = Parameters(c, net);
        Assert.Equal(reference.Parameters.Length, theta.Length);
        theta.CopyTo(reference.Parameters, 0);

        var random = new Random(name.Length);
        double[] referenceState = reference.InitialState();
        Array state = Values(c, new double[reference.StateSize]);
        for (int step = 0; step < 6; step++)
        {
            double[] input = Enumerable.Range(0, reference.InputSize).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            if (!c.UseDouble)
            {
                input = input.Select(v => (double)(float)v).ToArray();
            }

            (double[] expected, referenceState) = reference.Step(input, referenceState);
            Array output = Values(c, new double[reference.OutputSize]);
            Probe(c, "Step", net, Values(c, input), state, output);

            AssertClose(c, expected, Widen(output), $"output at step {step}");
            AssertClose(c, referenceState, Widen(state), $"state after step {step}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardSequence_is_Step_after_Step_from_the_zero_state(string name)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        const int steps = 5;
        var random = new Random(7);
        double[] inputs = Enumerable.Range(0, steps * reference.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();

        Array outputs = Values(c, new double[steps * reference.OutputSize]);
        Probe(c, "ForwardSequence", net, Values(c, inputs), outputs);

        Array state = Values(c, new double[reference.StateSize]);
        for (int step = 0; step < steps; step++)
        {
            Array output = Values(c, new double[reference.OutputSize]);
            Probe(c, "Step", net, Values(c, inputs.Skip(step * reference.InputSize).Take(reference.InputSize).ToArray()), state, output);
            Assert.Equal(Widen(output), Widen(outputs).Skip(step * reference.OutputSize).Take(reference.OutputSize));
        }
    }

    [Fact]
    public void One_network_steps_many_streams_on_many_threads_at_once()
    {
        Case c = All.Single(x => x.Name == "StackedBce");
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        const int streams = 8, steps = 200;
        float[][] inputs = Enumerable.Range(0, streams).Select(s => Enumerable.Range(0, steps * reference.InputSize).Select(k => (float)Math.Sin(s + 0.37 * k)).ToArray()).ToArray();

        float[] Run(int stream)
        {
            var state = new float[reference.StateSize];
            var output = new float[reference.OutputSize];
            var outputs = new List<float>();
            for (int step = 0; step < steps; step++)
            {
                Probe(c, "Step", net, inputs[stream].Skip(step * reference.InputSize).Take(reference.InputSize).ToArray(), state, output);
                outputs.AddRange(output);
            }

            return [.. outputs];
        }

        float[][] alone = Enumerable.Range(0, streams).Select(Run).ToArray();
        float[][] together = Enumerable.Range(0, streams).AsParallel().AsOrdered().WithDegreeOfParallelism(4).Select(Run).ToArray();

        for (int stream = 0; stream < streams; stream++)
        {
            Assert.Equal(alone[stream], together[stream]);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Step_allocates_nothing(string name)
    {
        Case c = All.Single(x => x.Name == name);
        ReferenceRecurrent reference = c.Reference();
        object net = Create(c);
        long allocated = (long)Probe(c, "StepAllocations", net, Values(c, new double[reference.InputSize]), Values(c, new double[reference.StateSize]), Values(c, new double[reference.OutputSize]))!;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Wrong_lengths_name_the_span_and_its_length()
    {
        Case c = All[0];
        object net = Create(c);
        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => Probe(c, "Step", net, new float[4], new float[4], new float[3]));
        Assert.Equal("'state' must have length StateSize = 5, but its length is 4. (Parameter 'state')", error.InnerException!.Message);
        error = Assert.Throws<System.Reflection.TargetInvocationException>(() => Probe(c, "ForwardSequence", net, new float[8], new float[9]));
        Assert.Contains("'outputs' must have length 2 × OutputSize = 6", error.InnerException!.Message);
        error = Assert.Throws<System.Reflection.TargetInvocationException>(() => Probe(c, "BackwardSequence", net, new float[0], new float[3], new float[0]));
        Assert.Equal("'inputs' must hold a sequence of at least one step, T × InputSize values with T ≥ 1 (4 for one step), but it is empty. (Parameter 'inputs')", error.InnerException!.Message);
    }

    /// <summary>Double to 1e-12 relative; float to 1e-5, its rounding over a few steps.</summary>
    internal static void AssertClose(Case c, double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double tolerance = c.UseDouble ? 1e-12 : 2e-5;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])), $"{c.Name} {what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
