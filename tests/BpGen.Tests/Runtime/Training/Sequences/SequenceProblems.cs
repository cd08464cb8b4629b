using BpGen.Tests.Generation.Recurrent;
using BpGen.Tests.Reference;

namespace BpGen.Tests.Runtime.SequenceTraining;

/// <summary>The recurrent networks of <see cref="RecurrentNetworks"/> as IRecurrentNetwork, and small sequence tasks for them.</summary>
public static class SequenceProblems
{
    /// <summary>GruMse (4 → GRU 5 → 3, sigmoid, mean squared error, float).</summary>
    public static IRecurrentNetwork<float> Gru() => (IRecurrentNetwork<float>)RecurrentNetworks.Create(Case("GruMse"));

    /// <summary>LstmSoftmaxDouble (3 → LSTM 6 → 4, softmax cross-entropy, double).</summary>
    public static IRecurrentNetwork<double> Lstm() => (IRecurrentNetwork<double>)RecurrentNetworks.Create(Case("LstmSoftmaxDouble"));

    /// <summary>The reference of LstmSoftmaxDouble holding <paramref name="net"/>'s parameters.</summary>
    public static ReferenceRecurrent LstmReference(IRecurrentNetwork<double> net)
    {
        ReferenceRecurrent reference = Case("LstmSoftmaxDouble").Reference();
        net.Parameters.ToArray().CopyTo(reference.Parameters, 0);
        return reference;
    }

    public static RecurrentNetworks.Case Case(string name) => RecurrentNetworks.All.Single(c => c.Name == name);

    /// <summary>
    /// A delay task for <see cref="Gru"/>: random bits in, and at every step the first three bits of the
    /// step before (zeros at the first), which only a memory can give.
    /// </summary>
    public static SequenceDataSet<float> Delay(int count, int[] lengths, int seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new List<float[]>();
        var targets = new List<float[]>();
        for (int i = 0; i < count; i++)
        {
            int steps = lengths[i % lengths.Length];
            float[] x = Enumerable.Range(0, steps * 4).Select(_ => random.NextUniform(1.0) > 0 ? 1f : 0f).ToArray();
            float[] y = new float[steps * 3];
            for (int t = 1; t < steps; t++)
            {
                Array.Copy(x, (t - 1) * 4, y, t * 3, 3);
            }

            inputs.Add(x);
            targets.Add(y);
        }

        return SequenceDataSet<float>.Ragged(inputs, targets, 4, 3, SequenceTargets.EveryStep);
    }

    /// <summary>
    /// A recall task for <see cref="Lstm"/>: the first step shows one of three classes one-hot, the later
    /// ones noise; the target, at the last step only, is that class (of four).
    /// </summary>
    public static SequenceDataSet<double> Recall(int count, int steps, int seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new double[count * steps * 3];
        var targets = new double[count * 4];
        for (int i = 0; i < count; i++)
        {
            int label = i % 3;
            for (int k = 0; k < steps * 3; k++)
            {
                inputs[i * steps * 3 + k] = k < 3 ? (k == label ? 1 : 0) : random.NextUniform(0.5);
            }

            targets[i * 4 + label] = 1;
        }

        return SequenceDataSet<double>.FixedLength(inputs, targets, steps, 3, 4, SequenceTargets.LastStep);
    }

    /// <summary>Random sequences for <see cref="Lstm"/> of the given lengths, with random one-hot targets.</summary>
    public static SequenceDataSet<double> Random(int[] lengths, SequenceTargets which, int seed)
    {
        var random = new SeededRandom(seed);
        var inputs = lengths.Select(steps => Enumerable.Range(0, steps * 3).Select(_ => random.NextUniform(1.0)).ToArray()).ToList();
        var targets = lengths.Select(steps =>
        {
            var y = new double[(which == SequenceTargets.EveryStep ? steps : 1) * 4];
            for (int row = 0; row < y.Length / 4; row++)
            {
                y[row * 4 + (int)((random.NextUniform(1.0) + 1) * 2) % 4] = 1;
            }

            return y;
        }).ToList();
        return SequenceDataSet<double>.Ragged(inputs, targets, 3, 4, which);
    }

    /// <summary>Rows of <paramref name="width"/> values, for the reference.</summary>
    public static double[][] Rows(ReadOnlySpan<double> values, int width) => values.ToArray().Chunk(width).ToArray();
}
