using BpGen.Onnx;
using static BpGen.Tests.Runtime.OnnxBuild;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Hand-built files for what torch writes one way but ONNX allows several: weights stored as
/// float_data, doubles or halves, Gemm with B untransposed, weights in Constant nodes, pass-through
/// nodes. Each must read as the same 3-2 network: W¹ = [[1, 2, 3], [4, 5, 6]], b¹ = [0.5, −0.5].
/// </summary>
public class OnnxStorageTests
{
    private static readonly double[] Expected = { 1, 2, 3, 4, 5, 6, 0.5, -0.5 };

    private static readonly float[] W = { 1, 2, 3, 4, 5, 6 };

    /// <summary>W¹ stored [in, out], as MatMul and Gemm with transB 0 take it.</summary>
    private static readonly float[] WTransposed = { 1, 4, 2, 5, 3, 6 };

    public static TheoryData<string> Layouts() => new(typeof(OnnxStorageTests)
        .GetMethods(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
        .Where(m => m.ReturnType == typeof(byte[]) && m.GetParameters().Length == 0)
        .Select(m => m.Name));

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_storage_of_the_same_layer_reads_the_same(string layout)
    {
        byte[] bytes = (byte[])typeof(OnnxStorageTests).GetMethod(layout, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, null)!;

        NetworkDescription network = OnnxReader.Read(bytes);

        Assert.Equal(new[] { 3, 2 }, network.Sizes);
        Assert.Equal(new[] { Activation.Identity }, network.Activations);
        Assert.Equal(Expected, network.Parameters);
    }

    [Fact]
    public void Softmax_without_axis_is_on_the_last_axis_at_every_opset()
    {
        foreach (long opset in new long[] { 9, 12, 13, 21 })
        {
            NetworkDescription network = OnnxReader.Read(GemmThen(opset, Node("Softmax", "soft", new[] { "h" }, "y")));
            Assert.True(network.EndsWithSoftmax);
        }
    }

    [Fact]
    public void A_final_sigmoid_is_the_output_layers_activation()
    {
        NetworkDescription network = OnnxReader.Read(GemmThen(14, Node("Sigmoid", "out", new[] { "h" }, "y")));
        Assert.Equal(new[] { Activation.Sigmoid }, network.Activations);
        Assert.False(network.EndsWithSoftmax);
    }

    private static byte[] GemmThen(long opset, Action<ProtoWriter> last) => Model(
        Graph(Input("x", 3), Node("Gemm", "fc", new[] { "x", "W", "b" }, "h", IntAttribute("transB", 1)), Floats("W", new long[] { 2, 3 }, W), Floats("b", new long[] { 2 }, 0.5f, -0.5f), last, Output("y")),
        opset);

    private static byte[] Layer(Action<ProtoWriter> weights, Action<ProtoWriter>? bias = null, long transB = 1) => Model(Graph(
        Input("x", 3),
        Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", IntAttribute("transB", transB)),
        weights,
        bias ?? Floats("b", new long[] { 2 }, 0.5f, -0.5f),
        Output("y")));

    private static byte[] RawFloats() => Layer(Floats("W", new long[] { 2, 3 }, W));

    // TensorProto.float_data 4, packed, and one value at a time.
    private static byte[] FloatData() => Layer(
        Tensor("W", new long[] { 2, 3 }, 1, t => t.Bytes(4, W.SelectMany(BitConverter.GetBytes).ToArray())),
        Tensor("b", new long[] { 2 }, 1, t => t.Float(4, 0.5f).Float(4, -0.5f)));

    // DOUBLE (11) in raw_data and in double_data 10.
    private static byte[] Doubles() => Layer(
        Tensor("W", new long[] { 2, 3 }, 11, t => t.Bytes(9, W.Select(v => (double)v).SelectMany(BitConverter.GetBytes).ToArray())),
        Tensor("b", new long[] { 1, 2 }, 11, t => t.Bytes(10, new[] { 0.5, -0.5 }.SelectMany(BitConverter.GetBytes).ToArray())));

    // FLOAT16 (10) in raw_data and, as uint16 bits, in int32_data 5.
    private static byte[] Halves() => Layer(
        Tensor("W", new long[] { 2, 3 }, 10, t => t.Bytes(9, W.Select(v => (Half)v).SelectMany(BitConverter.GetBytes).ToArray())),
        Tensor("b", new long[] { 2 }, 10, t => t.Varint(5, BitConverter.HalfToUInt16Bits((Half)0.5f)).Varint(5, BitConverter.HalfToUInt16Bits((Half)(-0.5f)))));

    private static byte[] GemmWithBUntransposed() => Layer(Floats("W", new long[] { 3, 2 }, WTransposed), transB: 0);

    private static byte[] MatMulThenAddBiasFirst() => Model(Graph(
        Input("x", 3),
        Node("MatMul", "mm", new[] { "x", "W" }, "p"),
        Node("Add", "add", new[] { "b", "p" }, "y"),
        Floats("W", new long[] { 3, 2 }, WTransposed),
        Floats("b", new long[] { 2 }, 0.5f, -0.5f),
        Output("y")));

    // NodeProto attribute 5 → AttributeProto name "value", t 5 (a TensorProto), type 20 = TENSOR (4).
    private static byte[] WeightsInConstantNodes() => Model(Graph(
        Input("x", 3),
        g => g.Message(1, n => n.String(2, "W").String(3, "w_const").String(4, "Constant").Message(5, a => a.String(1, "value").Message(5, t =>
        {
            t.Varint(1, 2).Varint(1, 3).Varint(2, 1).Bytes(9, W.SelectMany(BitConverter.GetBytes).ToArray());
        }).Varint(20, 4))),
        Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", IntAttribute("transB", 1)),
        Floats("b", new long[] { 2 }, 0.5f, -0.5f),
        Output("y")));

    // Older exporters list initializers among the graph inputs too.
    private static byte[] InitializersListedAsInputs() => Model(Graph(
        Input("x", 3), Input("W", 2), Input("b", 2),
        Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", IntAttribute("transB", 1)),
        Floats("W", new long[] { 2, 3 }, W),
        Floats("b", new long[] { 2 }, 0.5f, -0.5f),
        Output("y")));

    private static byte[] PassThroughNodes() => Model(Graph(
        Input("x", 3),
        Node("Flatten", "flatten", new[] { "x" }, "f", IntAttribute("axis", 1)),
        Node("Reshape", "reshape", new[] { "f", "shape" }, "r"),
        Tensor("shape", new long[] { 2 }, 7, t => t.Varint(7, -1).Varint(7, 3)),
        Node("Identity", "same", new[] { "r" }, "i"),
        Node("Gemm", "", new[] { "i", "W", "b" }, "h", IntAttribute("transB", 1)),
        Floats("W", new long[] { 2, 3 }, W),
        Floats("b", new long[] { 2 }, 0.5f, -0.5f),
        Node("Reshape", "keep", new[] { "h", "keep_shape" }, "y"),
        Tensor("keep_shape", new long[] { 2 }, 7, t => t.Bytes(9, new long[] { 0, -1 }.SelectMany(BitConverter.GetBytes).ToArray())),
        Output("y")));
}
