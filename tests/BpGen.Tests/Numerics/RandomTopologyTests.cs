using BpGen.Generator.Model;
using BpGen.Tests.Infrastructure;
using CsCheck;

namespace BpGen.Tests.Numerics;

/// <summary>Gradient checks on random topologies, activations and losses: both code paths, any depth.</summary>
public class RandomTopologyTests
{
    /// <summary>Networks compiled together in one batch: compiling is the slow part.</summary>
    private const int BatchSize = 24;

    private static readonly Gen<NetworkSpec> Network =
        from sizes in Gen.Int[2, 6].SelectMany(depth => Gen.Int[1, 24].Array[depth])
        from hidden in Gen.Enum<Activation>().Array[sizes.Length - 2]
        from output in Gen.Enum<Activation>()
        from loss in Gen.Enum<Loss>()
        from id in Gen.Int[0, int.MaxValue]
        let fixedSizes = loss == Loss.SoftmaxCrossEntropy ? sizes[..^1].Append(Math.Max(2, sizes[^1])).ToArray() : sizes
        select new NetworkSpec($"Net{id}", fixedSizes, hidden, output, loss);

    [Fact]
    public void Backward_matches_central_differences_for_random_networks()
    {
        Gen<NetworkSpec[]> batches = Network.Array[BatchSize].Select(Distinct);
        batches.Sample(
            specs =>
            {
                var assembly = NetworkSpec.Compile(specs);
                foreach (NetworkSpec spec in specs)
                {
                    double error = GradientCheck.MaxRelativeError(NetworkSpec.Create<double>(assembly, spec), spec, seed: spec.Sizes.Sum());
                    Assert.True(error <= 1e-6, $"{spec}: relative error {error:E2}");
                }
            },
            iter: 4,
            seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Random_networks_cover_both_code_paths()
    {
        NetworkSpec[] sample = Network.Array[BatchSize * 4].Single(_ => true, seed: "0N0XIzNsQ0O2");
        Assert.Contains(sample, s => s.ParameterCount <= Generator.Model.NetworkLimits.UnrollLimit);
        Assert.Contains(sample, s => s.ParameterCount > Generator.Model.NetworkLimits.UnrollLimit);
    }

    private static NetworkSpec[] Distinct(NetworkSpec[] specs) =>
        specs.Select((spec, i) => spec with { Name = $"Net{i}" }).ToArray();
}
