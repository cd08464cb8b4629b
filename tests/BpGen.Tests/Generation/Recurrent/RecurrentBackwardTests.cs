using BpGen.Tests.Reference;
using static BpGen.Tests.Generation.Recurrent.RecurrentNetworks;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>The generated BackwardSequence (backpropagation through time), held to the reference's BPTT.</summary>
public class RecurrentBackwardTests
{
    public static TheoryData<string, bool, int> Cases()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (Case c in All)
        {
            data.Add(c.Name, true, 5);
            data.Add(c.Name, false, 5);
            data.Add(c.Name, true, 1);
        }

        // Long enough that the record leaves the stack for the pool.
        data.Add("GruMse", true, 400);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_and_gradient_are_the_references(string name, bool everyStep, int steps)
    {
        (Case c, object net, ReferenceRecurrent reference, double[][] inputs, double[][] targets) = Arrange(name, everyStep, steps, seed: steps);

        Array gradient = Values(c, new double[reference.Parameters.Length]);
        double loss = (double)Probe(c, "BackwardSequence", net, Values(c, inputs.SelectMany(r => r).ToArray()), Values(c, targets.SelectMany(r => r).ToArray()), gradient)!;

        AssertReference(c, reference, inputs, targets, everyStep, loss, gradient);
    }

    /// <summary>
    /// The overload over the caller's record reads nothing it did not write: over a record of NaN it gives
    /// the reference's loss and gradient. It records the layers above the top recurrent one only at the
    /// steps with a target: with every step targeted no NaN is left, with the last step only each earlier
    /// step keeps at least the output layer's values as NaN.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void A_record_full_of_NaN_gives_the_reference_loss_and_gradient(string name, bool everyStep, int steps)
    {
        (Case c, object net, ReferenceRecurrent reference, double[][] inputs, double[][] targets) = Arrange(name, everyStep, steps, seed: steps + 1);
        int recordSize = Constant(c, "RecordSizePerStep");
        Array record = Values(c, Enumerable.Repeat(double.NaN, steps * recordSize).ToArray());
        Array gradient = Values(c, new double[reference.Parameters.Length]);

        double loss = (double)Probe(
            c, "BackwardWindow", net, Values(c, inputs.SelectMany(r => r).ToArray()), Values(c, targets.SelectMany(r => r).ToArray()), gradient, Values(c, new double[reference.StateSize]), record)!;

        AssertReference(c, reference, inputs, targets, everyStep, loss, gradient);

        double[] recorded = Widen(record);
        for (int step = 0; step < steps; step++)
        {
            int untouched = recorded.Skip(step * recordSize).Take(recordSize).Count(double.IsNaN);
            if (everyStep || step == steps - 1)
            {
                Assert.Equal(0, untouched);
            }
            else
            {
                Assert.True(untouched >= reference.OutputSize, $"{name} step {step}: {untouched} values left as NaN, expected the head's at least");
            }
        }
    }

    [Fact]
    public void The_gradient_is_added_to_what_is_there()
    {
        Case c = All[0];
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        var random = new Random(3);
        float[] inputs = (float[])Values(c, Rows(4, reference.InputSize, random, c).SelectMany(r => r).ToArray());
        float[] targets = (float[])Values(c, Targets(4, reference, random, c).SelectMany(r => r).ToArray());
        var alone = new float[reference.Parameters.Length];
        float[] added = Enumerable.Range(0, alone.Length).Select(k => (float)k).ToArray();

        Probe(c, "BackwardSequence", net, inputs, targets, alone);
        Probe(c, "BackwardSequence", net, inputs, targets, added);

        // The sum is taken step by step into what is there, so it rounds differently, by a float's last bits.
        for (int k = 0; k < alone.Length; k++)
        {
            Assert.Equal(k + alone[k], added[k], 1e-6 * Math.Max(1, k));
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(400)]
    public void BackwardSequence_allocates_nothing(int steps)
    {
        Case c = All[0];
        ReferenceRecurrent reference = c.Reference();
        long allocated = (long)Probe(c, "BackwardAllocations", Create(c), new float[steps * reference.InputSize], new float[steps * reference.OutputSize], new float[reference.Parameters.Length])!;
        Assert.Equal(0, allocated);
    }

    /// <summary>A test network, the reference with its parameters, and a random sequence with targets.</summary>
    private static (Case, object, ReferenceRecurrent, double[][], double[][]) Arrange(string name, bool everyStep, int steps, int seed)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        Parameters(c, net).CopyTo(reference.Parameters, 0);
        var random = new Random(seed);
        double[][] inputs = Rows(steps, reference.InputSize, random, c);
        return (c, net, reference, inputs, Targets(everyStep ? steps : 1, reference, random, c));
    }

    /// <summary>The loss and gradient of the reference's BPTT, within 1e−10 in double and 2e−4 in float (relative to the largest value, at least 1).</summary>
    private static void AssertReference(Case c, ReferenceRecurrent reference, double[][] inputs, double[][] targets, bool everyStep, double loss, Array gradient)
    {
        var which = everyStep ? SequenceTargets.EveryStep : SequenceTargets.LastStep;
        double tolerance = c.UseDouble ? 1e-10 : 2e-4;
        Assert.Equal(reference.Loss(inputs, targets, which), loss, tolerance * Math.Max(1, Math.Abs(loss)));
        double[] expected = reference.Gradient(inputs, targets, which);
        double[] actual = Widen(gradient);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance * scale, $"{c.Name} ∂J/∂θ[{k}]: expected {expected[k]:R}, got {actual[k]:R}");
        }
    }

    private static double[][] Rows(int count, int width, Random random, Case c) =>
        Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, width).Select(_ => Round(c, random.NextDouble() * 2 - 1)).ToArray()).ToArray();

    /// <summary>Targets the loss accepts: a distribution for softmax, values in [0, 1] for binary cross-entropy.</summary>
    private static double[][] Targets(int count, ReferenceRecurrent reference, Random random, Case c) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            double[] y = Enumerable.Range(0, reference.OutputSize).Select(_ => random.NextDouble()).ToArray();
            if (reference.OutputLayer.Loss == Loss.SoftmaxCrossEntropy)
            {
                double sum = y.Sum();
                y = y.Select(v => v / sum).ToArray();
            }

            return y.Select(v => Round(c, v)).ToArray();
        }).ToArray();

    private static double Round(Case c, double value) => c.UseDouble ? value : (float)value;
}
