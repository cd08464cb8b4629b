using BpGen.Tests.Reference;

namespace BpGen.Tests.Runtime;

/// <summary>
/// ImportOnnx on recurrent networks, with PyTorch's exports of nn.GRU and nn.LSTM (1 to 3 layers,
/// batch_first or not, with or without bias, dense layers before and after, the head on every step or
/// the last, standardized inputs and outputs): the parameters and the scaling are exactly torch's, in
/// BpGen's layout (a float32 file's values fit a float network exactly), and the network then computes
/// torch's outputs.
/// </summary>
public class OnnxRecurrentImportTests
{
    [Theory]
    [MemberData(nameof(OnnxRecurrentFixtures.ValidFiles), MemberType = typeof(OnnxRecurrentFixtures))]
    public void A_double_network_imports_the_file_and_computes_torchs_outputs(string file) =>
        ImportAndCompare<double>(file, 1e-6);

    [Theory]
    [MemberData(nameof(OnnxRecurrentFixtures.ValidFiles), MemberType = typeof(OnnxRecurrentFixtures))]
    public void A_float_network_imports_the_file_and_computes_torchs_outputs(string file) =>
        ImportAndCompare<float>(file, 1e-5);

    [Fact]
    public void The_fixtures_cover_what_the_exporter_writes()
    {
        string[] files = OnnxRecurrentFixtures.Valid.Select(f => f.File).ToArray();
        Assert.Contains(files, f => f.Contains("gru2") && f.Contains("batch_first"));
        Assert.Contains(files, f => f.Contains("lstm3"));
        Assert.Contains(files, f => f.Contains("no_bias"));
        Assert.Contains(files, f => f.Contains("softmax"));
        Assert.Contains(files, f => f.StartsWith("recurrent_dense_", StringComparison.Ordinal));
        Assert.Contains(OnnxRecurrentFixtures.Valid, f => f.InputScaling is not null && f.OutputScaling is not null);
        Assert.Contains(OnnxRecurrentFixtures.Valid, f => f.InputScaling is not null && f.Parameters.Length > 256);
        Assert.Contains(OnnxRecurrentFixtures.Valid, f => f.LastStep);
        Assert.Contains(OnnxRecurrentFixtures.Valid, f => !f.LastStep);
        Assert.Contains(OnnxRecurrentFixtures.Valid, f => f.Parameters.Length > 2500);
        Assert.StartsWith("1.13", OnnxRecurrentFixtures.TorchVersion, StringComparison.Ordinal);
    }

    private static void ImportAndCompare<T>(string file, double tolerance)
        where T : unmanaged
    {
        RecurrentOnnxFixture fixture = OnnxRecurrentFixtures.Fixture(file);
        IRecurrentNetwork<T> network = OnnxRecurrentFixtures.Create<T>(file);

        network.ImportOnnx(new MemoryStream(OnnxFixtures.Bytes(file)));

        Assert.Equal(fixture.Parameters.Select(Of<T>), network.Parameters.ToArray());
        AssertScaling(fixture.InputScaling, network.InputScaling);
        AssertScaling(fixture.OutputScaling, network.OutputScaling);
        T[] inputs = fixture.Inputs.SelectMany(step => step).Select(Of<T>).ToArray();
        var outputs = new T[fixture.Inputs.Length * network.OutputSize];
        network.ForwardSequence(inputs, outputs);
        double[] found = outputs.Select(v => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        double[] compared = fixture.LastStep ? found[^network.OutputSize..] : found;
        Close.All(fixture.Outputs.SelectMany(step => step).ToArray(), compared, tolerance, file);
    }

    /// <summary>The scaling read is the graph's, value for value: float32 constants, which the fixture writes as their shortest decimals.</summary>
    private static void AssertScaling(ExpectedScaling? expected, Standardizer? found)
    {
        Assert.Equal(expected is null, found is null);
        if (expected is not null)
        {
            Assert.Equal(expected.Mean.Select(v => (double)(float)v), found!.Mean);
            Assert.Equal(expected.Deviation.Select(v => (double)(float)v), found.StandardDeviation);
        }
    }

    private static T Of<T>(double value) => typeof(T) == typeof(double) ? (T)(object)value : (T)(object)(float)value;
}
