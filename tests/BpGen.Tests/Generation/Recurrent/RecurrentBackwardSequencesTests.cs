using System.Reflection;
using BpGen.Tests.Infrastructure;
using BpGen.Tests.Reference;
using static BpGen.Tests.Generation.Recurrent.RecurrentNetworks;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>
/// BackwardSequences: many sequences of one length, what Train calls for a mini-batch. It must add what
/// BackwardSequence adds for each sequence in turn, up to rounding: the weight gradient sums every
/// sequence's steps before it adds them in, and where the batch kernels step sixteen float sequences in
/// vector lanes their sums run in another order. One sequence gives BackwardSequence's result to the bit.
/// </summary>
[Collection(VectorLanesSwitch.Name)]
public class RecurrentBackwardSequencesTests
{
    public static TheoryData<string, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<string, int, int, bool, bool>();
        foreach (Case c in All)
        {
            foreach (int sequences in new[] { 0, 1, 17, 33 })
            {
                data.Add(c.Name, sequences, 4, true, true);
                data.Add(c.Name, sequences, 4, false, true);
                data.Add(c.Name, sequences, 4, false, false);
            }

            data.Add(c.Name, 17, 1, true, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardSequences_is_BackwardSequence_sequence_by_sequence(string name, int sequences, int steps, bool everyStep, bool vectorLanes)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        var random = new Random(sequences);
        double[] inputs = Enumerable.Range(0, sequences * steps * reference.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        int targetsPerSequence = (everyStep ? steps : 1) * reference.OutputSize;
        double[] targets = Enumerable.Range(0, sequences * targetsPerSequence).Select(_ => random.NextDouble()).ToArray();

        Array together = Values(c, new double[reference.Parameters.Length]);
        // Train hands in pooled arrays holding anything: every value the backward passes read must be written first.
        Array records = Values(c, Enumerable.Repeat(double.NaN, sequences * steps * Constant(c, "RecordSizePerStep")).ToArray());
        double loss = 0;
        VectorLanesSwitch.Run(vectorLanes, () => loss = (double)Probe(c, "BackwardSequences", net, steps, Values(c, inputs), Values(c, targets), together, records)!);

        Array alone = Values(c, new double[reference.Parameters.Length]);
        double expectedLoss = 0;
        for (int i = 0; i < sequences; i++)
        {
            double[] x = inputs.Skip(i * steps * reference.InputSize).Take(steps * reference.InputSize).ToArray();
            double[] y = targets.Skip(i * targetsPerSequence).Take(targetsPerSequence).ToArray();
            double sequenceLoss = (double)Probe(c, "BackwardSequence", net, Values(c, x), Values(c, y), alone)!;
            expectedLoss = c.UseDouble ? expectedLoss + sequenceLoss : (float)expectedLoss + (float)sequenceLoss; // summed as the network's type sums
        }

        if (sequences <= 1)
        {
            Assert.Equal(expectedLoss, loss);
            Assert.Equal(Widen(alone), Widen(together));
            return;
        }

        double tolerance = c.UseDouble ? 1e-12 : 1e-5;
        Assert.Equal(expectedLoss, loss, tolerance * Math.Max(1, Math.Abs(expectedLoss)));
        double[] expected = Widen(alone), actual = Widen(together);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance * scale, $"{name} ∂J/∂θ[{k}]: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BackwardSequences_allocates_nothing(string name)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        const int sequences = 33, steps = 3;
        long allocated = (long)Probe(
            c, "BackwardSequencesAllocations", net, steps, Values(c, new double[sequences * steps * reference.InputSize]), Values(c, new double[sequences * reference.OutputSize]),
            Values(c, new double[reference.Parameters.Length]), Values(c, new double[sequences * steps * Constant(c, "RecordSizePerStep")]))!;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Wrong_arguments_say_what_was_expected_and_change_nothing()
    {
        Case c = All.Single(x => x.Name == "WideLstm");
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        int record = Constant(c, "RecordSizePerStep"), parameters = reference.Parameters.Length;
        const int sequences = 3, steps = 2;
        float[] inputs = new float[sequences * steps * 9], targets = new float[sequences * 2], records = new float[sequences * steps * record];
        float[] gradient = Enumerable.Range(0, parameters).Select(k => (float)k).ToArray();

        Assert.Contains("'steps' must be from 1 to", Fails<ArgumentOutOfRangeException>(0, inputs, targets, gradient, records, "steps"));
        Assert.Contains("T × InputSize = 18 values each, but its length 19", Fails<ArgumentException>(steps, new float[19], targets, gradient, records, "inputs"));
        Assert.Contains("a target for every step (3 × 2 steps × OutputSize = 12 values) or for the last step of each sequence (3 × OutputSize = 6 values), but its length is 5", Fails<ArgumentException>(steps, inputs, new float[5], gradient, records, "targets"));
        Assert.Contains($"ParameterCount = {parameters}", Fails<ArgumentException>(steps, inputs, targets, new float[parameters + 1], records, "gradient"));
        Assert.Contains($"at least m × T × RecordSizePerStep = {records.Length}, but its length is {records.Length - 1}", Fails<ArgumentException>(steps, inputs, targets, gradient, new float[records.Length - 1], "records"));
        Assert.Equal(Enumerable.Range(0, parameters).Select(k => (float)k), gradient);

        // BackwardSequence, one sequence, says the same of its targets.
        var single = Assert.Throws<TargetInvocationException>(() => Probe(c, "BackwardSequence", net, new float[steps * 9], new float[3], gradient));
        Assert.Contains("(1 × 2 steps × OutputSize = 4 values) or for the last step of each sequence (1 × OutputSize = 2 values), but its length is 3", single.InnerException!.Message);

        string Fails<TException>(int s, float[] x, float[] y, float[] g, float[] r, string parameter)
            where TException : ArgumentException
        {
            var error = Assert.Throws<TargetInvocationException>(() => Probe(c, "BackwardSequences", net, s, x, y, g, r));
            var inner = Assert.IsType<TException>(error.InnerException);
            Assert.Equal(parameter, inner.ParamName);
            return inner.Message;
        }
    }

    public static TheoryData<string> Names() => new(All.Select(c => c.Name));
}
