using BpGen.Onnx;
using static BpGen.Tests.Runtime.OnnxBuild;

namespace BpGen.Tests.Runtime;

/// <summary>
/// Scaling in hand-built graphs, for the forms torch's exports in the fixtures do not cover: a scalar
/// Constant, a [1, n] shape, DOUBLE values, the Add of −μ, an Add after a Gemm or after a MatMul's Mul;
/// and each way a Sub, Div, Mul or Add fails to be a scaling BpGen reads, refused by node.
/// </summary>
public class OnnxScalingTests
{
    [Fact]
    public void A_scalar_Constant_mean_serves_every_feature_and_a_1_by_n_divisor_one_each()
    {
        NetworkDescription network = OnnxReader.Read(Scaled(
            Node("Constant", "two", Array.Empty<string>(), "m", TensorAttribute("value", 2.5f)),
            Node("Sub", "sub", new[] { "x", "m" }, "c"),
            Node("Div", "div", new[] { "c", "s" }, "h0"),
            Floats("s", new long[] { 1, 3 }, 0.5f, 4f, 0.1f)));

        Assert.Equal(new[] { 2.5, 2.5, 2.5 }, network.InputScaling!.Mean);
        Assert.Equal(new[] { 0.5, 4.0, (double)0.1f }, network.InputScaling.Deviation);
        Assert.Null(network.OutputScaling);
    }

    [Fact]
    public void DOUBLE_values_keep_their_precision()
    {
        NetworkDescription network = OnnxReader.Read(Scaled(
            Node("Sub", "sub", new[] { "x", "m" }, "h0"), Doubles("m", new long[] { 3 }, 0.1, 0.2, 1e-300)));

        Assert.Equal(new[] { 0.1, 0.2, 1e-300 }, network.InputScaling!.Mean);
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, network.InputScaling.Deviation);
    }

    [Fact]
    public void The_Add_of_a_negated_mean_before_the_first_layer_is_the_mean_and_a_Mul_by_1_over_sigma_the_deviation()
    {
        NetworkDescription network = OnnxReader.Read(Scaled(
            Node("Add", "add", new[] { "c", "x" }, "a"), Floats("c", new long[] { 3 }, -1, 2, -0.25f),
            Node("Mul", "mul", new[] { "a", "f" }, "h0"), Floats("f", new long[] { 3 }, 4, 0.5f, 3)));

        Assert.Equal(new[] { 1, -2, 0.25 }, network.InputScaling!.Mean);
        Assert.Equal(new[] { 0.25, 2, 1.0 / 3 }, network.InputScaling.Deviation);
    }

    [Fact]
    public void An_Add_after_a_Gemm_and_its_activation_is_the_output_mean()
    {
        NetworkDescription network = OnnxReader.Read(OneLayerThen(
            Node("Tanh", "act", new[] { "h" }, "a"), Node("Add", "add", new[] { "a", "m" }, "y"), Floats("m", new long[] { 2 }, 7, -7), Output("y")));

        Assert.Equal(new[] { 7.0, -7.0 }, network.OutputScaling!.Mean);
        Assert.Equal(new[] { 1.0, 1.0 }, network.OutputScaling.Deviation);
        Assert.Equal(Activation.Tanh, network.Activations[0]);
        Assert.Null(network.InputScaling);
    }

    [Fact]
    public void After_a_MatMul_an_Add_is_its_bias_but_after_its_Mul_the_output_mean()
    {
        NetworkDescription network = OnnxReader.Read(Model(Graph(
            Input("x", 3),
            Node("MatMul", "mm", new[] { "x", "B" }, "p"), Floats("B", new long[] { 3, 2 }, W),
            Node("Mul", "mul", new[] { "s", "p" }, "q"), Floats("s", new long[] { 2 }, 3, 5),
            Node("Add", "add", new[] { "q", "m" }, "y"), Floats("m", new long[] { 2 }, 10, 20),
            Output("y"))));

        Assert.Equal(new double[] { 1, 3, 5, 2, 4, 6, 0, 0 }, network.Parameters);
        Assert.Equal(new[] { 3.0, 5.0 }, network.OutputScaling!.Deviation);
        Assert.Equal(new[] { 10.0, 20.0 }, network.OutputScaling.Mean);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { nameof(TwoSubs), "node 'sub2' (Sub) follows node 'sub' (Sub); the input scaling subtracts one mean (a Sub) first, then divides" },
        { nameof(DivBeforeSub), "node 'sub' (Sub) follows node 'div' (Div); the input scaling subtracts one mean (a Sub) first" },
        { nameof(ConstantOverData), "node 'div' (Div) divides tensor 's' by the data 'x' (c / x); a standardization divides the data by the standard deviation" },
        { nameof(DataTimesItself), "node 'mul' (Mul) combines tensor 'x' with itself" },
        { nameof(SubWithThreeInputs), "node 'sub' (Sub) has 3 inputs; a Sub that scales the data has 2" },
        { nameof(SubAfterALayer), "node 'sub' (Sub) follows layer 1 (node 'fc' (Gemm)); scaling stands only before the first layer" },
        { nameof(AddBetweenLayers), "node 'add' (Add) is followed by node 'fc2' (Gemm); scaling stands only before the first layer" },
        { nameof(ActivationAfterOutputMul), "node 'mul' (Mul) is followed by node 'act' (Relu); scaling stands only" },
        { nameof(AddThenMulAfterTheLayer), "node 'mul' (Mul) follows node 'add' (Add); the output scaling multiplies by one standard deviation (a Mul) first, then adds one mean" },
        { nameof(ScalingAfterASigmoidOutput), "node 'mul' (Mul) follows node 'act' (Sigmoid), the output layer's activation; scaling after the last layer belongs to a regression network's outputs" },
        { nameof(NegativeFactor), "The factor 1/σ of the input scaling (node 'mul' (Mul), tensor 'f'): element 2 is -4; a standardization multiplies by 1/σ > 0" },
        { nameof(ZeroOutputDeviation), "The standard deviation of the output scaling (node 'mul' (Mul), tensor 's'): element 0 is 0; the output scaling multiplies by a standard deviation > 0" },
        { nameof(NaNMean), "The mean of the input scaling (node 'sub' (Sub), tensor 'm'): element 1 is NaN; a scaling's values must be finite" },
        { nameof(MeanOfWrongLength), "The mean of the input scaling (node 'sub' (Sub), tensor 'm'): its shape is [4]; the input has 3 features and the data 2 axes, so expected [3], [1, 3] (one value per feature, the data's axes at most), or a single value" },
        { nameof(MeanOverTwoRows), "The mean of the input scaling (node 'sub' (Sub), tensor 'm'): its shape is [2, 1, 3];" },
        { nameof(MeanOfMoreAxesThanTheData), "The mean of the input scaling (node 'sub' (Sub), tensor 'm'): its shape is [1, 1, 3]; the input has 3 features and the data 2 axes, so expected [3], [1, 3]" },
        { nameof(MeanAsAColumn), "its shape is [3, 1]; the input has 3 features" },
        { nameof(ComputedMean), "The mean of node 'sub' (Sub) is tensor 'c', which is computed in the graph" },
        { nameof(FactorTooSmallToInvert), "The input scaling (node 'mul' (Mul)): the standard deviation of feature 0 is +∞" },
        { nameof(Int64Mean), "its values are INT64; weights and scalings must be FLOAT, DOUBLE or FLOAT16" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Misplaced_or_invalid_scaling_is_refused_by_node(string file, string error)
    {
        byte[] bytes = (byte[])typeof(OnnxScalingTests).GetMethod(file, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, null)!;

        var exception = Assert.Throws<InvalidDataException>(() => OnnxReader.Read(bytes));
        Assert.Contains(error, exception.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>x [batch, 3] → the scaling steps (ending in tensor 'h0') → Gemm 'fc' (W [2, 3]) → y.</summary>
    private static byte[] Scaled(params Action<ProtoWriter>[] steps) => Model(Graph(
        new[] { Input("x", 3) }.Concat(steps)
            .Concat(new[] { Node("Gemm", "fc", new[] { "h0", "W" }, "y", IntAttribute("transB", 1)), Floats("W", new long[] { 2, 3 }, W), Output("y") }).ToArray()));

    /// <summary>A DOUBLE initializer (data_type 11) in raw_data.</summary>
    private static Action<ProtoWriter> Doubles(string name, long[] dims, params double[] values) =>
        Tensor(name, dims, 11, t => t.Bytes(9, values.SelectMany(BitConverter.GetBytes).ToArray()));

    /// <summary>AttributeProto: name 1, t 5 (a FLOAT scalar: data_type 2, raw_data 9), type 20 (TENSOR 4).</summary>
    private static Action<ProtoWriter> TensorAttribute(string name, float value) =>
        a => a.String(1, name).Message(5, t => t.Varint(2, 1).Bytes(9, BitConverter.GetBytes(value))).Varint(20, 4);

    private static byte[] TwoSubs() => Scaled(
        Node("Sub", "sub", new[] { "x", "m" }, "c"), Node("Sub", "sub2", new[] { "c", "m" }, "h0"), Floats("m", new long[] { 3 }, 1, 2, 3));

    private static byte[] DivBeforeSub() => Scaled(
        Node("Div", "div", new[] { "x", "s" }, "c"), Node("Sub", "sub", new[] { "c", "m" }, "h0"), Floats("s", new long[] { 3 }, 1, 2, 3), Floats("m", new long[] { 3 }, 1, 2, 3));

    private static byte[] ConstantOverData() => Scaled(Node("Div", "div", new[] { "s", "x" }, "h0"), Floats("s", new long[] { 3 }, 1, 2, 3));

    private static byte[] DataTimesItself() => Scaled(Node("Mul", "mul", new[] { "x", "x" }, "h0"));

    private static byte[] SubWithThreeInputs() => Scaled(Node("Sub", "sub", new[] { "x", "m", "m" }, "h0"), Floats("m", new long[] { 3 }, 1, 2, 3));

    private static byte[] SubAfterALayer() => OneLayerThen(Node("Sub", "sub", new[] { "h", "m" }, "y"), Floats("m", new long[] { 2 }, 1, 2), Output("y"));

    private static byte[] AddBetweenLayers() => OneLayerThen(
        Node("Add", "add", new[] { "h", "m" }, "a"), Floats("m", new long[] { 2 }, 1, 2),
        Node("Gemm", "fc2", new[] { "a", "W2" }, "y", IntAttribute("transB", 1)), Floats("W2", new long[] { 1, 2 }, 1, 1), Output("y"));

    private static byte[] ActivationAfterOutputMul() => OneLayerThen(
        Node("Mul", "mul", new[] { "h", "s" }, "a"), Floats("s", new long[] { 2 }, 1, 2), Node("Relu", "act", new[] { "a" }, "y"), Output("y"));

    private static byte[] AddThenMulAfterTheLayer() => OneLayerThen(
        Node("Add", "add", new[] { "h", "m" }, "a"), Floats("m", new long[] { 2 }, 1, 2), Node("Mul", "mul", new[] { "a", "s" }, "y"), Floats("s", new long[] { 2 }, 1, 2), Output("y"));

    private static byte[] ScalingAfterASigmoidOutput() => OneLayerThen(
        Node("Sigmoid", "act", new[] { "h" }, "a"), Node("Mul", "mul", new[] { "a", "s" }, "y"), Floats("s", new long[] { 2 }, 1, 2), Output("y"));

    private static byte[] NegativeFactor() => Scaled(Node("Mul", "mul", new[] { "x", "f" }, "h0"), Floats("f", new long[] { 3 }, 1, 2, -4));

    private static byte[] ZeroOutputDeviation() => OneLayerThen(Node("Mul", "mul", new[] { "h", "s" }, "y"), Floats("s", new long[] { 2 }, 0, 2), Output("y"));

    private static byte[] NaNMean() => Scaled(Node("Sub", "sub", new[] { "x", "m" }, "h0"), Floats("m", new long[] { 3 }, 1, float.NaN, 3));

    private static byte[] MeanOfWrongLength() => Scaled(Node("Sub", "sub", new[] { "x", "m" }, "h0"), Floats("m", new long[] { 4 }, 1, 2, 3, 4));

    private static byte[] MeanOverTwoRows() => Scaled(Node("Sub", "sub", new[] { "x", "m" }, "h0"), Floats("m", new long[] { 2, 1, 3 }, 1, 2, 3, 4, 5, 6));

    /// <summary>[batch, 3] − [1, 1, 3] is [1, batch, 3]: the graph would go on with another tensor than a network's.</summary>
    private static byte[] MeanOfMoreAxesThanTheData() => Scaled(Node("Sub", "sub", new[] { "x", "m" }, "h0"), Floats("m", new long[] { 1, 1, 3 }, 1, 2, 3));

    private static byte[] MeanAsAColumn() => Scaled(Node("Sub", "sub", new[] { "x", "m" }, "h0"), Floats("m", new long[] { 3, 1 }, 1, 2, 3));

    private static byte[] ComputedMean() => Scaled(Node("Sub", "sub", new[] { "x", "c" }, "h0"));

    private static byte[] FactorTooSmallToInvert() => Scaled(Node("Mul", "mul", new[] { "x", "f" }, "h0"), Doubles("f", Array.Empty<long>(), double.Epsilon));

    private static byte[] Int64Mean() => Scaled(Node("Sub", "sub", new[] { "x", "m" }, "h0"), Tensor("m", new long[] { 1 }, 7, t => t.Bytes(9, BitConverter.GetBytes(1L))));
}
