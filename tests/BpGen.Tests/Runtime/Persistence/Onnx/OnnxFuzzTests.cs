using BpGen.Onnx;
using CsCheck;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Damaged fixtures, dense and recurrent (bit flips, truncations, insertions, deletions, splices of
/// another fixture): the reader returns a network or throws InvalidDataException, never anything else,
/// and never hangs.
/// </summary>
public class OnnxFuzzTests
{
    private static readonly byte[][] Fixtures = OnnxFixtures.AllFiles
        .Concat(OnnxRecurrentFixtures.Valid.Select(f => f.File))
        .Concat(OnnxRecurrentFixtures.Invalid)
        .Select(OnnxFixtures.Bytes).ToArray();

    /// <summary>One change to a file; <c>At</c> and <c>To</c> are fractions of its length, so changes compose.</summary>
    private sealed record Mutation(int Kind, double At, double To, int Bit, byte[] Bytes, int Source);

    private static readonly Gen<Mutation> AnyMutation =
        from kind in Gen.Int[0, 4]
        from at in Gen.Double[0, 1]
        from to in Gen.Double[0, 1]
        from bit in Gen.Int[0, 7]
        from bytes in Gen.Byte.Array[1, 12]
        from source in Gen.Int[0, Fixtures.Length - 1]
        select new Mutation(kind, at, to, bit, bytes, source);

    private static readonly Gen<(int File, Mutation[] Mutations)> AnyCase =
        from file in Gen.Int[0, Fixtures.Length - 1]
        from mutations in AnyMutation.Array[1, 4]
        select (file, mutations);

    [Fact]
    public void Damaged_files_give_a_network_or_InvalidDataException_only()
    {
        // One seeded draw of every case: the whole run is the same on every machine.
        var cases = AnyCase.Array[6000].Single(_ => true, seed: "0N0XIzNsQ0O2");
        int refused = 0;
        foreach (var (file, mutations) in cases)
        {
            byte[] bytes = mutations.Aggregate(Fixtures[file], Apply);
            try
            {
                NetworkDescription network = OnnxReader.Read(bytes);
                Assert.Equal(network.ParameterCount, network.Parameters.Length);
                Assert.Null(LayerKinds.FindProblem(network.Kinds, network.Activations));
                Assert.All(network.Parameters, p => Assert.True(double.IsFinite(p)));
                AssertScaling(network.InputScaling, network.Sizes[0]);
                AssertScaling(network.OutputScaling, network.Sizes[^1]);
            }
            catch (InvalidDataException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                refused++;
            }
        }

        // Most damage is caught; some (a flipped weight bit, say) leaves a readable network.
        Assert.InRange(refused, cases.Length / 2, cases.Length);
    }

    /// <summary>A scaling read is one finite mean and one finite deviation > 0 per feature.</summary>
    private static void AssertScaling(FeatureScaling? scaling, int features)
    {
        if (scaling is not null)
        {
            Assert.Equal(features, scaling.Mean.Length);
            Assert.Equal(features, scaling.Deviation.Length);
            Assert.All(scaling.Mean, m => Assert.True(double.IsFinite(m)));
            Assert.All(scaling.Deviation, d => Assert.True(double.IsFinite(d) && d > 0));
        }
    }

    private static byte[] Apply(byte[] bytes, Mutation m)
    {
        int at = (int)(m.At * bytes.Length);
        int to = Math.Min(bytes.Length, at + 1 + (int)(m.To * 16));
        switch (m.Kind)
        {
            case 0 when bytes.Length > 0:
                byte[] flipped = (byte[])bytes.Clone();
                flipped[Math.Min(at, bytes.Length - 1)] ^= (byte)(1 << m.Bit);
                return flipped;
            case 1:
                return bytes[..at];
            case 2:
                return [.. bytes[..at], .. m.Bytes, .. bytes[at..]];
            case 3:
                return [.. bytes[..at], .. bytes[Math.Min(to, bytes.Length)..]];
            default:
                byte[] other = Fixtures[m.Source];
                int from = (int)(m.To * other.Length);
                return [.. bytes[..at], .. other[from..Math.Min(other.Length, from + 1 + (m.Bytes.Length * 8))], .. bytes[at..]];
        }
    }
}
