namespace BpGen.Tests.Generation;

/// <summary>
/// The generator and the runtime each hold the size limit (the generator cannot reference the
/// runtime): this test keeps the two copies the same.
/// </summary>
public class LimitAgreementTests
{
    [Fact]
    public void Generator_and_runtime_refuse_networks_above_the_same_size()
    {
        Assert.Equal(Generator.Model.NetworkLimits.MaxNeurons, BpGen.NetworkLimits.MaxNeurons);
    }
}
