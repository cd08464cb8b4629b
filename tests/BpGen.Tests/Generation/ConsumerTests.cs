using Strict = BpGen.Consumers.NetStandard21;

namespace BpGen.Tests.Generation;

/// <summary>
/// Networks generated into the strict netstandard2.1, C# 9 consumer library (which must build with
/// every warning as an error) run the same as the ones generated here.
/// </summary>
public class ConsumerTests
{
    [Fact]
    public void A_netstandard21_network_computes_what_a_net10_network_computes()
    {
        var strict = new Strict.TestNet();
        var local = new Behaviour.TestNet();
        var input = new[] { 0.25f, -1.5f };
        var strictOutput = new float[2];
        var localOutput = new float[2];

        strict.Forward(input, strictOutput);
        local.Forward(input, localOutput);

        Assert.Equal(local.Parameters.ToArray(), strict.Parameters.ToArray());
        Assert.Equal(localOutput, strictOutput);
    }

    [Fact]
    public void A_nested_double_network_in_the_consumer_library_runs()
    {
        double[] output = Strict.Container.Predict(Enumerable.Range(0, 30).Select(i => i / 30.0).ToArray());
        Assert.Equal(3, output.Length);
        Assert.All(output, y => Assert.InRange(y, 0, 1));
    }
}
