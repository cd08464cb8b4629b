extern alias Generator;

using Generator::BpGen.Generator.Model;

namespace BpGen.Tests.Runtime;

/// <summary>
/// The parameter layout's blocks against the formula of docs/design.md §2: per layer, W^l (n_l × n_(l−1),
/// decayed), then b^l (n_l, not decayed), each starting where the one before ends.
/// </summary>
public class ParameterLayoutTests
{
    public static TheoryData<int[]> Topologies()
    {
        var data = new TheoryData<int[]> { new[] { 1, 1 }, new[] { 64, 32, 10 }, new[] { 16, 128, 128, 8 } };
        var random = new SeededRandom(2026);
        for (int n = 0; n < 20; n++)
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

    [Fact]
    public void A_2_3_2_network_holds_W1_b1_W2_b2_at_the_documented_offsets()
    {
        var blocks = new List<(string Name, int Offset, int Rows, int Columns, int Count, bool Decayed)>();
        foreach (ParameterBlock block in new ParameterLayout(new[] { 2, 3, 2 }))
        {
            blocks.Add((block.Name, block.Offset, block.Rows, block.Columns, block.Count, block.Decayed));
        }

        Assert.Equal(
            new[] { ("W1", 0, 3, 2, 6, true), ("b1", 6, 3, 1, 3, false), ("W2", 9, 2, 3, 6, true), ("b2", 15, 2, 1, 2, false) },
            blocks);
        Assert.Equal(17, new ParameterLayout(new[] { 2, 3, 2 }).Count);
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Every_layer_has_its_weights_then_its_biases_at_the_formulas_offsets(int[] sizes)
    {
        var layout = new ParameterLayout(sizes);
        var blocks = new List<ParameterBlock>();
        foreach (ParameterBlock block in layout)
        {
            blocks.Add(block);
        }

        Assert.Equal(2 * (sizes.Length - 1), blocks.Count);
        int offset = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            ParameterBlock weights = blocks[2 * l - 2], biases = blocks[2 * l - 1];
            Assert.Equal((ParameterBlockKind.Weights, l, offset, sizes[l], sizes[l - 1], true), (weights.Kind, weights.Layer, weights.Offset, weights.Rows, weights.Columns, weights.Decayed));
            offset += sizes[l] * sizes[l - 1];
            Assert.Equal((ParameterBlockKind.Biases, l, offset, sizes[l], 1, false), (biases.Kind, biases.Layer, biases.Offset, biases.Rows, biases.Columns, biases.Decayed));
            offset += sizes[l];
            Assert.Equal(weights.Offset, layout.Weights(l).Offset);
            Assert.Equal(biases.Offset, layout.Biases(l).Offset);
        }

        Assert.Equal(offset, layout.Count);
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void The_generator_places_every_layer_where_the_layout_does(int[] sizes)
    {
        var model = new NetworkModel("N.g.cs", "", EquatableArray<TypeDeclarationModel>.Empty, new EquatableArray<int>(sizes), EquatableArray<Generator::BpGen.Activation>.Empty, Generator::BpGen.Loss.MeanSquaredError, UseDouble: false);
        int offset = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            Assert.Equal(offset, model.WeightOffset(l));
            offset += sizes[l] * sizes[l - 1];
            Assert.Equal(offset, model.BiasOffset(l));
            offset += sizes[l];
        }

        Assert.Equal(offset, model.ParameterCount);
    }

    [Fact]
    public void The_count_of_sizes_read_from_a_file_does_not_overflow()
    {
        Assert.Equal(2L * 100_000 * 100_001, new ParameterLayout(new[] { 100_000, 100_000, 100_000 }).Count);
    }

    [Fact]
    public void A_value_is_named_by_its_row_and_column_in_a_weight_block_and_its_index_in_a_bias_block()
    {
        var layout = new ParameterLayout(new[] { 2, 3, 2 });
        Assert.Equal("W2[1,2]", layout.Weights(2).ElementName(5));
        Assert.Equal("b1[2]", layout.Biases(1).ElementName(2));
    }
}

/// <summary>The recurrent layers' blocks, held to PyTorch's state_dict through the torch fixtures.</summary>
public class RecurrentParameterLayoutTests
{
    [Theory]
    [MemberData(nameof(Reference.RecurrentFixtures.Names), MemberType = typeof(Reference.RecurrentFixtures))]
    public void Blocks_are_torchs_tensors_in_state_dict_order(string name)
    {
        var fixture = Reference.RecurrentFixtures.Fixture(name);
        int[] sizes = [fixture.InputSize, .. fixture.Layers.Select(l => l.Size), fixture.OutputSize];
        Layer[] kinds = [.. fixture.Layers.Select(Kind), Layer.Dense];
        var layout = new ParameterLayout(sizes, kinds);

        var decayed = new List<bool>();
        foreach (ParameterBlock block in layout)
        {
            Assert.Equal(decayed.Count, block.Offset);
            decayed.AddRange(Enumerable.Repeat(block.Decayed, block.Count));
        }

        Assert.Equal(fixture.Parameters.Length, layout.Count);
        Assert.Equal(fixture.IsWeight, decayed);

        int offset = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            int count = kinds[l - 1] == Layer.Dense
                ? sizes[l] * (sizes[l - 1] + 1)
                : ParameterLayout.Gates(kinds[l - 1]) * sizes[l] * (sizes[l - 1] + sizes[l] + 2);
            Assert.Equal((offset, count), layout.LayerRange(l));
            offset += count;
        }
    }

    private static Layer Kind(Reference.ReferenceLayer layer) => layer switch
    {
        Reference.ReferenceGruLayer => Layer.Gru,
        Reference.ReferenceLstmLayer => Layer.Lstm,
        _ => Layer.Dense,
    };
}
