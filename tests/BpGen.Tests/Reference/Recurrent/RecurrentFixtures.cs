using System.Text.Json;

namespace BpGen.Tests.Reference;

/// <summary>
/// PyTorch's GRU and LSTM networks as Fixtures/make_recurrent_fixtures.py wrote them to
/// recurrent_expected.json (its docstring gives the schema): the layers, θ in BpGen's layout, and for
/// each input sequence torch's outputs, final states, loss and gradient, all in float64.
/// </summary>
public static class RecurrentFixtures
{
    private static readonly JsonElement Expected = System.Text.Json.JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", "Recurrent", "Fixtures", "recurrent_expected.json"))).RootElement;

    public static string TorchVersion => Expected.GetProperty("torch").GetString()!;

    public static IReadOnlyList<RecurrentFixture> All { get; } = Expected.GetProperty("cases").EnumerateArray().Select(RecurrentFixture.From).ToArray();

    public static TheoryData<string> Names() => new(All.Select(f => f.Name));

    public static RecurrentFixture Fixture(string name) => All.Single(f => f.Name == name);
}

/// <summary>One network of recurrent_expected.json; <see cref="IsWeight"/> comes from torch's parameter names.</summary>
public sealed record RecurrentFixture(
    string Name, int InputSize, ReferenceLayer[] Layers, int OutputSize, Activation OutputActivation, Loss Loss, SequenceTargets Targets,
    double[] Parameters, bool[] IsWeight, RecurrentSequence[] Sequences)
{
    /// <summary>The reference network of this topology with the fixture's θ.</summary>
    public ReferenceRecurrent Reference()
    {
        var reference = new ReferenceRecurrent(InputSize, Layers, OutputSize, OutputActivation, Loss);
        Assert.Equal(Parameters.Length, reference.Parameters.Length);
        Parameters.CopyTo(reference.Parameters, 0);
        return reference;
    }

    public static RecurrentFixture From(JsonElement e) => new(
        e.GetProperty("name").GetString()!,
        e.GetProperty("inputSize").GetInt32(),
        e.GetProperty("layers").EnumerateArray().Select(Layer).ToArray(),
        e.GetProperty("outputSize").GetInt32(),
        Enum.Parse<Activation>(e.GetProperty("outputActivation").GetString()!),
        Enum.Parse<Loss>(e.GetProperty("loss").GetString()!),
        Enum.Parse<SequenceTargets>(e.GetProperty("targets").GetString()!),
        Numbers(e.GetProperty("parameters")),
        e.GetProperty("isWeight").EnumerateArray().Select(v => v.GetBoolean()).ToArray(),
        e.GetProperty("sequences").EnumerateArray().Select(RecurrentSequence.From).ToArray());

    private static ReferenceLayer Layer(JsonElement e)
    {
        int size = e.GetProperty("size").GetInt32();
        return e.GetProperty("kind").GetString() switch
        {
            "Dense" => ReferenceLayer.Dense(size, Enum.Parse<Activation>(e.GetProperty("activation").GetString()!)),
            "Gru" => ReferenceLayer.Gru(size),
            "Lstm" => ReferenceLayer.Lstm(size),
            var other => throw new FormatException($"layer kind {other}"),
        };
    }

    internal static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}

/// <summary>
/// One input sequence (T × n0) of a fixture and what torch computed for it: the targets (T rows, or the
/// last step's one), the outputs at each step (T × nL), the state after the last step, J and ∂J/∂θ.
/// </summary>
public sealed record RecurrentSequence(double[][] Inputs, double[][] Targets, double[][] Outputs, double[] FinalState, double Loss, double[] Gradient)
{
    public static RecurrentSequence From(JsonElement e) => new(
        Rows(e.GetProperty("inputs")),
        Rows(e.GetProperty("targets")),
        Rows(e.GetProperty("outputs")),
        RecurrentFixture.Numbers(e.GetProperty("finalState")),
        e.GetProperty("loss").GetDouble(),
        RecurrentFixture.Numbers(e.GetProperty("gradient")));

    private static double[][] Rows(JsonElement e) => e.EnumerateArray().Select(RecurrentFixture.Numbers).ToArray();
}
