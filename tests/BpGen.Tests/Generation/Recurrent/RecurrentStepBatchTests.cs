using BpGen.Tests.Infrastructure;
using BpGen.Tests.Reference;
using static BpGen.Tests.Generation.Recurrent.RecurrentNetworks;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>
/// StepBatch: m streams at once. An unrolled network steps whole vectors of streams in lanes and the rest
/// one by one; a network on the kernel path steps blocks of streams through the batch kernels, its dense
/// layers in lanes. Both agree with Step up to the last bits. Without vector lanes (forced through the
/// runtime's one switch, as Mono and IL2CPP run), and on the kernel path for fewer than eight streams,
/// every stream goes through Step's code, so the results are Step's to the bit.
/// </summary>
[Collection(VectorLanesSwitch.Name)]
public class RecurrentStepBatchTests
{
    public static TheoryData<string, int, bool> Cases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (Case c in All)
        {
            foreach (int streams in new[] { 0, 1, 7, 8, 9, 25, 33 })
            {
                data.Add(c.Name, streams, true);
                data.Add(c.Name, streams, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepBatch_is_Step_stream_by_stream(string name, int streams, bool vectorLanes)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        var random = new Random(streams);
        Array states = Values(c, Enumerable.Range(0, streams * reference.StateSize).Select(_ => random.NextDouble() - 0.5).ToArray());
        Array alone = (Array)states.Clone();
        for (int frame = 0; frame < 3; frame++)
        {
            double[] inputs = Enumerable.Range(0, streams * reference.InputSize).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            Array outputs = Values(c, new double[streams * reference.OutputSize]);
            VectorLanesSwitch.Run(vectorLanes, () => Probe(c, "StepBatch", net, Values(c, inputs), states, outputs));

            var expected = new List<double>();
            for (int i = 0; i < streams; i++)
            {
                Array state = Values(c, Widen(alone).Skip(i * reference.StateSize).Take(reference.StateSize).ToArray());
                Array output = Values(c, new double[reference.OutputSize]);
                Probe(c, "Step", net, Values(c, inputs.Skip(i * reference.InputSize).Take(reference.InputSize).ToArray()), state, output);
                Array.Copy(state, 0, alone, i * reference.StateSize, reference.StateSize);
                expected.AddRange(Widen(output));
            }

            if (vectorLanes && !(streams < 8 && Parameters(c, net).Length > 256))
            {
                // Whole vectors of streams use the runtime's vector σ and tanh, within a few ulp of the scalar ones.
                RecurrentForwardTests.AssertClose(c, [.. expected], Widen(outputs), $"outputs of frame {frame}");
                RecurrentForwardTests.AssertClose(c, Widen(alone), Widen(states), $"states after frame {frame}");
                Array.Copy(states, alone, states.Length); // each frame starts from the same states on both sides
            }
            else
            {
                // Without lanes, or on the kernel path with fewer than eight streams, every stream takes Step's code.
                Assert.Equal(expected, Widen(outputs));
                Assert.Equal(Widen(alone), Widen(states));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_stream_changes_only_its_own_outputs_and_state(string name)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Create(c);
        ReferenceRecurrent reference = c.Reference();
        const int streams = 17, changed = 9;
        var random = new Random(5);
        double[] states = Enumerable.Range(0, streams * reference.StateSize).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] inputs = Enumerable.Range(0, streams * reference.InputSize).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        (double[] outputs, double[] next) = Run(states, inputs);

        for (int k = 0; k < reference.StateSize; k++)
        {
            states[changed * reference.StateSize + k] += 0.25;
        }

        for (int k = 0; k < reference.InputSize; k++)
        {
            inputs[changed * reference.InputSize + k] -= 0.5;
        }

        (double[] changedOutputs, double[] changedNext) = Run(states, inputs);
        for (int i = 0; i < streams; i++)
        {
            bool same = Stream(outputs, i, reference.OutputSize).SequenceEqual(Stream(changedOutputs, i, reference.OutputSize))
                && Stream(next, i, reference.StateSize).SequenceEqual(Stream(changedNext, i, reference.StateSize));
            Assert.True(same == (i != changed), $"stream {i}: {(same ? "unchanged" : "changed")}");
        }

        (double[], double[]) Run(double[] start, double[] x)
        {
            Array state = Values(c, start);
            Array output = Values(c, new double[streams * reference.OutputSize]);
            Probe(c, "StepBatch", net, Values(c, x), state, output);
            return (Widen(output), Widen(state));
        }

        static IEnumerable<double> Stream(double[] values, int i, int size) => values.Skip(i * size).Take(size);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void StepBatch_allocates_nothing(string name)
    {
        Case c = All.Single(x => x.Name == name);
        ReferenceRecurrent reference = c.Reference();
        const int streams = 33;
        long allocated = (long)Probe(c, "StepBatchAllocations", Create(c), Values(c, new double[streams * reference.InputSize]), Values(c, new double[streams * reference.StateSize]), Values(c, new double[streams * reference.OutputSize]))!;
        Assert.Equal(0, allocated);
    }

    public static TheoryData<string> Names() => new(All.Select(c => c.Name));
}
