using BpGen.Onnx;
using static BpGen.Tests.Runtime.OnnxBuild;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Every way an ONNX file can fail to be a dense network BpGen holds ends in InvalidDataException
/// saying where and what was expected and found: torch's exports of what BpGen lacks, hand-built
/// files for what torch never writes, and every truncation of every fixture.
/// </summary>
public class OnnxErrorTests
{
    [Theory]
    [MemberData(nameof(OnnxFixtures.InvalidFiles), MemberType = typeof(OnnxFixtures))]
    public void Torch_exports_of_what_BpGen_lacks_are_refused_by_node(string file, string error)
    {
        var exception = Assert.Throws<InvalidDataException>(() => OnnxReader.Read(OnnxFixtures.Bytes(file)));
        Assert.Contains(error, exception.Message, StringComparison.Ordinal);
        Assert.Matches("[Nn]ode '[^']+' \\(|[Tt]ensor '", exception.Message);
    }

    public static TheoryData<string, string> HandBuiltErrors() => new()
    {
        { nameof(TransposedData), "node 'fc' (Gemm) has transA 1" },
        { nameof(AlphaAsInteger), "node 'act' (LeakyRelu) has an attribute 'alpha' without a float value" },
        { nameof(ScaledGemm), "node 'fc' (Gemm) has alpha 2 and beta 1; a dense layer computes W·a + b" },
        { nameof(MisspeltAttribute), "node 'fc' (Gemm) has an attribute 'TransB', which Gemm does not define (its attributes: alpha, beta, transA, transB)" },
        { nameof(AttributeOfAnotherOperator), "node 'act' (Relu) has an attribute 'alpha', which Relu does not define (its attributes: none)" },
        { nameof(AttributeTwice), "node 'fc' (Gemm) sets its attribute 'transB' twice" },
        { nameof(NaNWeight), "The weights of layer 1 (node 'fc' (Gemm), tensor 'W'): element 4 is NaN; every weight and bias must be finite" },
        { nameof(Int64Weights), "its values are INT64; weights and scalings must be FLOAT, DOUBLE or FLOAT16" },
        { nameof(ExternalWeights), "its values are stored outside the ONNX file (external data)" },
        { nameof(WrongValueCount), "its shape [2, 3] does not match the 5 values stored" },
        { nameof(Opset8), "uses operator set 8; BpGen reads opsets 9 to 21" },
        { nameof(Opset22), "uses operator set 22" },
        { nameof(LayerSizeMismatch), "Layer 2 (node 'fc2' (Gemm)) takes 5 inputs, but layer 1 has 2 neurons" },
        { nameof(InputWidthMismatch), "Layer 1 (node 'fc' (Gemm)) takes 3 inputs, but the graph input 'x' has 4 features" },
        { nameof(BiasOfWrongLength), "The bias of layer 1 (node 'fc' (Gemm), tensor 'b'): its shape is [3]; expected [2]" },
        { nameof(TwoActivations), "node 'second' (Tanh) follows node 'first' (Relu), the activation of layer 1; a layer has one activation" },
        { nameof(ActivationFirst), "node 'act' (Relu) comes before any layer" },
        { nameof(BiasAddOfTheProductToItself), "node 'add' (Add) adds to tensor 'p'; the Add after a MatMul adds a stored bias to its product" },
        { nameof(SoftmaxAfterActivation), "node 'soft' (Softmax) follows node 'act' (Sigmoid); BpGen's softmax takes the output layer's z^L directly" },
        { nameof(LayerAfterSoftmax), "node 'fc2' (Gemm) follows the final node 'soft' (Softmax)" },
        { nameof(ComputedWeights), "The weights of node 'fc' (Gemm) is tensor 'W', which is computed in the graph" },
        { nameof(StrayNode), "node 'stray' (Relu) is not on the chain from the graph input 'x' to its output 'h'" },
        { nameof(CustomDomain), "node 'fc' (Gemm) is from the operator domain 'com.example'" },
        { nameof(TwoInputs), "The graph has 2 data inputs ('x', 'z'); a BpGen network has exactly one" },
        { nameof(OutputNotReached), "ends at tensor 'y', which no node uses, but the graph's output is 'other'" },
        { nameof(OutputAlsoFeedsANode), "The graph's output 'h' also feeds node 'act' (Relu)" },
        { nameof(ReshapeChangingWidth), "node 'reshape' (Reshape) reshapes [batch, 3] to [3, -1]; only a Reshape that keeps [batch, 3]" },
        { nameof(FlattenAtAxis0), "node 'flatten' (Flatten) has axis 0" },
        { nameof(NoLayer), "The graph has no layer (Gemm or MatMul) between its input 'x' and its output" },
        { nameof(NoGraph), "The file holds no ONNX graph" },
        { nameof(NotProtobuf), "The ONNX file is corrupt" },
        { nameof(LengthPastTheEnd), "is truncated or corrupt: in the graph, at byte 6, it has a field of 80 bytes where 2 are left" },
    };

    [Theory]
    [MemberData(nameof(HandBuiltErrors))]
    public void Hand_built_files_get_the_error_that_names_what_is_wrong(string file, string error)
    {
        byte[] bytes = (byte[])typeof(OnnxErrorTests).GetMethod(file, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, null)!;

        var exception = Assert.Throws<InvalidDataException>(() => OnnxReader.Read(bytes));
        Assert.Contains(error, exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_truncation_of_every_fixture_is_refused_as_truncated_or_incomplete()
    {
        foreach (string file in OnnxFixtures.AllFiles)
        {
            byte[] bytes = OnnxFixtures.Bytes(file);
            for (int length = 0; length < bytes.Length; length++)
            {
                var exception = Assert.Throws<InvalidDataException>(() => OnnxReader.Read(bytes.AsSpan(0, length).ToArray()));
                Assert.Matches("truncated|no ONNX graph|operator set", exception.Message);
            }
        }
    }

    // One layer, x [batch, 3] → Gemm 'fc' (W [2, 3], b [2]) → y, with pieces swapped out below.
    private static byte[] Dense(Action<ProtoWriter>? gemm = null, Action<ProtoWriter>? weights = null, long opset = 14) => Model(
        Graph(
            Input("x", 3),
            gemm ?? Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", IntAttribute("transB", 1)),
            weights ?? Floats("W", new long[] { 2, 3 }, W),
            Floats("b", new long[] { 2 }, 0.5f, -0.5f),
            Output("y")),
        opset);

    private static byte[] TransposedData() => Dense(Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", IntAttribute("transA", 1), IntAttribute("transB", 1)));

    private static byte[] ScaledGemm() => Dense(Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", FloatAttribute("alpha", 2), IntAttribute("transB", 1)));

    // A square W, so that read as transB = 0 it would fit transposed: the misspelling must not pass as the default.
    private static byte[] MisspeltAttribute() => Model(Graph(
        Input("x", 2), Node("Gemm", "fc", new[] { "x", "W" }, "y", IntAttribute("TransB", 1)), Floats("W", new long[] { 2, 2 }, 1, 2, 3, 4), Output("y")));

    private static byte[] AttributeOfAnotherOperator() => OneLayerThen(Node("Relu", "act", new[] { "h" }, "y", FloatAttribute("alpha", 0.1f)), Output("y"));

    private static byte[] AttributeTwice() => Dense(Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", IntAttribute("transB", 1), IntAttribute("transB", 0)));

    private static byte[] AlphaAsInteger() => OneLayerThen(Node("LeakyRelu", "act", new[] { "h" }, "y", IntAttribute("alpha", 1)), Output("y"));

    private static byte[] NaNWeight() => Dense(weights: Floats("W", new long[] { 2, 3 }, 1, 2, 3, 4, float.NaN, 6));

    private static byte[] Int64Weights() => Dense(weights: Tensor("W", new long[] { 2, 3 }, 7, t => t.Bytes(9, new long[6].SelectMany(BitConverter.GetBytes).ToArray())));

    // TensorProto.external_data 13 (StringStringEntryProto key 1, value 2) and data_location 14 = EXTERNAL.
    private static byte[] ExternalWeights() => Dense(weights: Tensor("W", new long[] { 2, 3 }, 1, t => t.Message(13, e => e.String(1, "location").String(2, "w.bin")).Varint(14, 1)));

    private static byte[] WrongValueCount() => Dense(weights: Floats("W", new long[] { 2, 3 }, 1, 2, 3, 4, 5));

    private static byte[] Opset8() => Dense(opset: 8);

    private static byte[] Opset22() => Dense(opset: 22);

    private static byte[] LayerSizeMismatch() => Model(Graph(
        Input("x", 3),
        Node("Gemm", "fc1", new[] { "x", "W", "b" }, "h", IntAttribute("transB", 1)),
        Node("Gemm", "fc2", new[] { "h", "W2" }, "y", IntAttribute("transB", 1)),
        Floats("W", new long[] { 2, 3 }, W),
        Floats("b", new long[] { 2 }, 0, 0),
        Floats("W2", new long[] { 1, 5 }, 1, 1, 1, 1, 1),
        Output("y")));

    private static byte[] InputWidthMismatch() => Model(Graph(
        Input("x", 4), Node("Gemm", "fc", new[] { "x", "W" }, "y", IntAttribute("transB", 1)), Floats("W", new long[] { 2, 3 }, W), Output("y")));

    private static byte[] BiasOfWrongLength() => Model(Graph(
        Input("x", 3), Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", IntAttribute("transB", 1)), Floats("W", new long[] { 2, 3 }, W), Floats("b", new long[] { 3 }, 1, 2, 3), Output("y")));

    private static byte[] TwoActivations() => OneLayerThen(
        Node("Relu", "first", new[] { "h" }, "a"), Node("Tanh", "second", new[] { "a" }, "y"), Output("y"));

    private static byte[] ActivationFirst() => Model(Graph(
        Input("x", 3), Node("Relu", "act", new[] { "x" }, "a"), Node("Gemm", "fc", new[] { "a", "W" }, "y", IntAttribute("transB", 1)), Floats("W", new long[] { 2, 3 }, W), Output("y")));

    private static byte[] BiasAddOfTheProductToItself() => Model(Graph(
        Input("x", 3), Node("MatMul", "mm", new[] { "x", "B" }, "p"), Floats("B", new long[] { 3, 2 }, W), Node("Add", "add", new[] { "p", "p" }, "y"), Output("y")));

    private static byte[] SoftmaxAfterActivation() => OneLayerThen(
        Node("Sigmoid", "act", new[] { "h" }, "a"), Node("Softmax", "soft", new[] { "a" }, "y"), Output("y"));

    private static byte[] LayerAfterSoftmax() => OneLayerThen(
        Node("Softmax", "soft", new[] { "h" }, "p"), Node("Gemm", "fc2", new[] { "p", "W" }, "y", IntAttribute("transB", 1)), Output("y"));

    private static byte[] ComputedWeights() => Model(Graph(
        Input("x", 3), Node("Gemm", "fc", new[] { "x", "W" }, "y", IntAttribute("transB", 1)), Output("y")));

    private static byte[] StrayNode() => OneLayerThen(Node("Relu", "stray", new[] { "b" }, "s"), Output("h"));

    // NodeProto input 1, output 2, name 3, op_type 4, domain 7.
    private static byte[] CustomDomain() => Dense(g => g.Message(1, n => n.String(1, "x").String(1, "W").String(1, "b").String(2, "y").String(3, "fc").String(4, "Gemm").String(7, "com.example")));

    private static byte[] TwoInputs() => Model(Graph(Input("x", 3), Input("z", 3), Output("x")));

    private static byte[] OutputNotReached() => Model(Graph(
        Input("x", 3), Node("Gemm", "fc", new[] { "x", "W" }, "y", IntAttribute("transB", 1)), Floats("W", new long[] { 2, 3 }, W), Output("other")));

    private static byte[] OutputAlsoFeedsANode() => OneLayerThen(Node("Relu", "act", new[] { "h" }, "y"), Output("h"));

    private static byte[] ReshapeChangingWidth() => Model(Graph(
        Input("x", 3),
        Node("Reshape", "reshape", new[] { "x", "shape" }, "r"),
        Tensor("shape", new long[] { 2 }, 7, t => t.Varint(7, 3).Varint(7, -1)),
        Node("Gemm", "fc", new[] { "r", "W" }, "y", IntAttribute("transB", 1)),
        Floats("W", new long[] { 2, 3 }, W),
        Output("y")));

    private static byte[] FlattenAtAxis0() => Model(Graph(
        Input("x", 3), Node("Flatten", "flatten", new[] { "x" }, "f", IntAttribute("axis", 0)), Output("f")));

    private static byte[] NoLayer() => Model(Graph(Input("x", 3), Node("Identity", "same", new[] { "x" }, "y"), Output("y")));

    private static byte[] NoGraph() => new ProtoWriter().Varint(1, 8).ToArray();

    private static byte[] NotProtobuf() => System.Text.Encoding.ASCII.GetBytes("not an onnx file at all");

    // The graph (field 7) holds a node (field 1, wire type 2) said to be 80 bytes long, with 2 bytes left.
    private static byte[] LengthPastTheEnd() => new ProtoWriter().Varint(1, 8).Bytes(7, new byte[] { 0x0A, 80, 1, 2 }).ToArray();
}
