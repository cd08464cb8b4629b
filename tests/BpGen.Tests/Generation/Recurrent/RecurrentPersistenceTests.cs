using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using static BpGen.Tests.Generation.Recurrent.RecurrentNetworks;

namespace BpGen.Tests.Generation.Recurrent;

/// <summary>
/// SaveParameters, LoadParameters, ExportParametersJson, ImportParametersJson and Signature of the
/// generated recurrent networks (GRU, LSTM, stacked GRUs, dense and recurrent layers mixed; float and
/// double): files round-trip every bit, the JSON holds PyTorch's tensors in their shapes, and a file of
/// another network leaves the loader as it was.
/// </summary>
public class RecurrentPersistenceTests
{
    public static TheoryData<string> Names() => new(All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void A_binary_file_and_a_json_document_restore_every_parameter_exactly(string name)
    {
        Case c = All.Single(x => x.Name == name);
        object source = Seeded(c, 1), fromFile = Seeded(c, 2), fromJson = Seeded(c, 2);
        Assert.NotEqual(Parameters(c, source), Parameters(c, fromFile));
        byte[] file = Save(source);
        string json = Export(source);

        Call(fromFile, "LoadParameters", new MemoryStream(file));
        Call(fromJson, "ImportParametersJson", new StringReader(json));

        Assert.Equal(Parameters(c, source), Parameters(c, fromFile));
        Assert.Equal(Parameters(c, source), Parameters(c, fromJson));
        Assert.Equal(file, Save(fromJson));
        Assert.Equal(json, Export(fromFile));
    }

    [Fact]
    public void The_signature_names_each_layer_kind()
    {
        Case stacked = All.Single(x => x.Name == "StackedBce");
        NetworkSignature signature = Signature(stacked);

        // The attribute: 5-4-7-6-3-2, hidden Dense (ReLU), Gru, Lstm, Dense (Softplus), a Sigmoid output for BinaryCrossEntropy.
        Assert.Equal("5-4-7-6-3-2 float network (ReLU, Gru, Lstm, Softplus, Sigmoid; BinaryCrossEntropy)", signature.ToString());
        Assert.Equal([Layer.Dense, Layer.Gru, Layer.Lstm, Layer.Dense, Layer.Dense], signature.Kinds.ToArray());
        Assert.Equal(Parameters(stacked, Create(stacked)).Length, signature.ParameterCount);
        Assert.Same(signature, ((IRecurrentNetwork<float>)Create(stacked)).Signature);
    }

    /// <summary>torch.nn.GRU and nn.LSTM hold weight_ih_l0 as (G·H, n_in), weight_hh_l0 as (G·H, H), bias_ih_l0 and bias_hh_l0 as (G·H).</summary>
    [Theory]
    [InlineData("GruMse", 0, 3)]
    [InlineData("LstmSoftmaxDouble", 0, 4)]
    [InlineData("StackedBce", 1, 3)]
    [InlineData("StackedBce", 2, 4)]
    public void The_json_holds_a_recurrent_layer_as_torch_tensors_of_torch_shapes(string name, int layer, int gates)
    {
        Case c = All.Single(x => x.Name == name);
        object net = Seeded(c, 5);
        double[] theta = Parameters(c, net);
        using var document = System.Text.Json.JsonDocument.Parse(Export(net));
        JsonElement root = document.RootElement;
        int[] sizes = root.GetProperty("sizes").EnumerateArray().Select(s => s.GetInt32()).ToArray();
        int inputs = sizes[layer], h = sizes[layer + 1];
        JsonElement json = root.GetProperty("layers")[layer];

        Assert.Equal(gates == 3 ? "Gru" : "Lstm", json.GetProperty("kind").GetString());
        Assert.Equal(["kind", "weight_ih", "weight_hh", "bias_ih", "bias_hh"], json.EnumerateObject().Select(p => p.Name));
        double[][] weightIh = Matrix(json.GetProperty("weight_ih"));
        double[][] weightHh = Matrix(json.GetProperty("weight_hh"));
        Assert.Equal((gates * h, inputs), (weightIh.Length, weightIh[0].Length));
        Assert.All(weightIh, row => Assert.Equal(inputs, row.Length));
        Assert.Equal((gates * h, h), (weightHh.Length, weightHh[0].Length));
        Assert.All(weightHh, row => Assert.Equal(h, row.Length));
        Assert.Equal(gates * h, json.GetProperty("bias_ih").GetArrayLength());
        Assert.Equal(gates * h, json.GetProperty("bias_hh").GetArrayLength());

        // Row-major flattening of the four tensors, one after the other, is the layer's run of Parameters.
        int offset = root.GetProperty("layers").EnumerateArray().Take(layer).Sum(CountOf);
        double[] flattened = [.. weightIh.SelectMany(r => r), .. weightHh.SelectMany(r => r), .. Vector(json.GetProperty("bias_ih")), .. Vector(json.GetProperty("bias_hh"))];
        // A float document's numbers are float's shortest round-trip text: read back as float, they are θ's values.
        Assert.Equal(theta.Skip(offset).Take(flattened.Length), flattened.Select(v => c.UseDouble ? v : (float)v));
    }

    [Fact]
    public void A_file_of_another_layer_kind_is_refused_and_the_loader_keeps_its_parameters()
    {
        // GruMse is 4-5-3, a Gru layer then Sigmoid outputs; this file has an Lstm layer of the same sizes.
        Case gru = All.Single(x => x.Name == "GruMse");
        var lstm = new NetworkSignature([4, 5, 3], [Layer.Lstm, Layer.Dense], [Activation.Tanh, Activation.Sigmoid], Loss.MeanSquaredError, useDouble: false);
        var file = new MemoryStream();
        ParameterFile.Write<float>(file, lstm, new float[lstm.ParameterCount]);
        object loader = Seeded(gru, 6);
        double[] before = Parameters(gru, loader);

        var error = Assert.Throws<InvalidDataException>(() => Call(loader, "LoadParameters", new MemoryStream(file.ToArray())));

        Assert.Contains("layer 1 is a Lstm layer in the file, a Gru layer in the attribute", error.Message);
        Assert.Equal(before, Parameters(gru, loader));
    }

    [Fact]
    public void A_json_document_of_other_sizes_is_refused()
    {
        Case single = All.Single(x => x.Name == "GruMse");
        Case wide = All.Single(x => x.Name == "WideGruDouble");
        object loader = Seeded(wide, 7);
        double[] before = Parameters(wide, loader);

        var error = Assert.Throws<InvalidDataException>(() => Call(loader, "ImportParametersJson", new StringReader(Export(Seeded(single, 8)))));

        Assert.Contains("the file has 2 layers (4-5-3), the attribute 3 (9-33-33-2)", error.Message);
        Assert.Equal(before, Parameters(wide, loader));
    }

    private static object Seeded(Case c, int seed)
    {
        object net = Create(c);
        Call(net, "InitializeParameters", seed);
        return net;
    }

    private static NetworkSignature Signature(Case c) =>
        (NetworkSignature)Create(c).GetType().GetProperty("Signature", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    private static byte[] Save(object net)
    {
        var stream = new MemoryStream();
        Call(net, "SaveParameters", stream);
        return stream.ToArray();
    }

    private static string Export(object net)
    {
        var writer = new StringWriter();
        Call(net, "ExportParametersJson", writer);
        return writer.ToString();
    }

    /// <summary>Calls a public method of the generated class, throwing what it throws.</summary>
    private static void Call(object net, string method, object argument)
    {
        try
        {
            net.GetType().GetMethod(method, [argument is Stream ? typeof(Stream) : argument is TextReader ? typeof(TextReader) : argument is TextWriter ? typeof(TextWriter) : argument.GetType()])!.Invoke(net, [argument]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    private static double[][] Matrix(JsonElement rows) => rows.EnumerateArray().Select(Vector).ToArray();

    private static double[] Vector(JsonElement numbers) => numbers.EnumerateArray().Select(n => n.GetDouble()).ToArray();

    /// <summary>The numbers a layer's object holds.</summary>
    private static int CountOf(JsonElement layer) =>
        layer.EnumerateObject().Where(p => p.Name != "kind").Sum(p => p.Value.EnumerateArray().Sum(e => e.ValueKind == JsonValueKind.Array ? e.GetArrayLength() : 1));
}
