using BpGen.Generator.Model;

namespace BpGen.Tests.Generation;

/// <summary>
/// The generator and the runtime each compute the parameter layout and hold the size limit (the
/// generator cannot reference the runtime): these tests keep the two copies the same.
/// </summary>
public class LayoutAgreementTests
{
    public static TheoryData<int[]> Topologies()
    {
        var data = new TheoryData<int[]> { new[] { 2, 3, 2 }, new[] { 1, 1 }, new[] { 64, 32, 10 }, new[] { 16, 128, 128, 8 } };
        var random = new SeededRandom(2026);
        for (int n = 0; n < 40; n++)
        {
            var sizes = new int[2 + random.NextInt(6)];
            for (int i = 0; i < sizes.Length; i++)
            {
                sizes[i] = 1 + random.NextInt(300);
            }

            data.Add(sizes);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Generator_and_runtime_place_every_layer_at_the_same_offsets(int[] sizes)
    {
        var model = new NetworkModel("N.g.cs", "", EquatableArray<TypeDeclarationModel>.Empty, new EquatableArray<int>(sizes), EquatableArray<ActivationKind>.Empty, LossKind.MeanSquaredError, UseDouble: false);
        var layout = new ParameterLayout(sizes);

        Assert.Equal(model.LayerCount, layout.Layers);
        Assert.Equal(model.ParameterCount, layout.Count);
        for (int l = 1; l <= model.LayerCount; l++)
        {
            Assert.Equal(model.WeightOffset(l), layout.WeightOffset(l));
            Assert.Equal(model.BiasOffset(l), layout.BiasOffset(l));
        }
    }

    [Fact]
    public void Generator_and_runtime_refuse_networks_above_the_same_size()
    {
        Assert.Equal(Generator.Model.NetworkLimits.MaxNeurons, BpGen.NetworkLimits.MaxNeurons);
    }
}
