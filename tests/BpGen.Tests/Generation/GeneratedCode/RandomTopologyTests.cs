extern alias Generator;

using Generator::BpGen.Generator.Model;
using CsCheck;

namespace BpGen.Tests.GeneratedCode;

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

    /// <summary>Fixes the whole sample: every network checked, in every run.</summary>
    private const string Seed = "0N0XIzNsQ0O2";

    /// <summary>Four batches of networks, named Net0, Net1, … so that each batch compiles.</summary>
    private static readonly Lazy<NetworkSpec[]> Sample = new(() => Distinct(Network.Array[BatchSize * 4].Single(_ => true, seed: Seed)));

    [Fact]
    public void Backward_matches_central_differences_for_random_networks()
    {
        foreach (NetworkSpec[] batch in Sample.Value.Chunk(BatchSize))
        {
            var assembly = NetworkSpec.Compile(batch);
            foreach (NetworkSpec spec in batch)
            {
                double error = GradientCheck.MaxRelativeError(NetworkSpec.Create<double>(assembly, spec), spec, seed: spec.Sizes.Sum());
                Assert.True(error <= 1e-6, $"{spec}: relative error {error:E2} (sample seed {Seed})");
            }
        }
    }

    [Fact]
    public void The_checked_networks_are_the_same_in_every_run_and_cover_both_code_paths()
    {
        Assert.Equal(Sample.Value.Select(s => s.ToString()), Distinct(Network.Array[BatchSize * 4].Single(_ => true, seed: Seed)).Select(s => s.ToString()));
        Assert.Contains(Sample.Value, s => s.ParameterCount <= NetworkLimits.UnrollLimit);
        Assert.Contains(Sample.Value, s => s.ParameterCount > NetworkLimits.UnrollLimit);
    }

    /// <summary>
    /// A network whose stencil crosses an ELU kink for some parameter at both h and h/2, so that the two
    /// estimates agreed and an earlier check, which looked for their disagreement, failed on correct code.
    /// </summary>
    [Fact]
    public void A_stencil_across_a_kink_is_left_out()
    {
        var spec = new NetworkSpec("KinkNet", [4, 7, 6, 8, 20], [Activation.Tanh, Activation.Softplus, Activation.ELU], Activation.LeakyReLU, Loss.MeanSquaredError);
        var network = NetworkSpec.Create<double>(NetworkSpec.Compile([spec]), spec);
        double error = GradientCheck.MaxRelativeError(network, spec, seed: 45);
        Assert.True(error <= 1e-6, $"{spec}: relative error {error:E2}");
    }

    private static NetworkSpec[] Distinct(NetworkSpec[] specs) =>
        specs.Select((spec, i) => spec with { Name = $"Net{i}" }).ToArray();
}
