using BpGen.Onnx;
using static BpGen.Tests.Runtime.OnnxBuild;

namespace BpGen.Tests.Runtime;

/// <summary>
/// A model stored in DOUBLE reaches a double network as stored and a float network rounded once, to
/// nearest; a weight beyond float's range fits only the double network. Through OnnxImport, the code
/// behind every generated ImportOnnx.
/// </summary>
public class OnnxPrecisionTests
{
    /// <summary>W¹ of a 3-2 layer in values no float holds (1e-300 is below float's smallest).</summary>
    private static readonly double[] W = { 0.1, 1.0 / 3, -2.0 / 3, Math.PI, -Math.E, 1e-300 };

    private static readonly double[] B = { Math.Sqrt(2), -1e-7 };

    private static double[] Stored => W.Concat(B).ToArray();

    [Fact]
    public void The_reader_keeps_DOUBLE_values_as_stored() =>
        Assert.Equal(Stored, OnnxReader.Read(Layer(W)).Parameters);

    [Fact]
    public void A_double_network_gets_the_files_doubles()
    {
        var parameters = new double[8];
        OnnxImport.Read<double>(new MemoryStream(Layer(W)), Signature(useDouble: true), parameters, out _, out _);
        Assert.Equal(Stored, parameters);
    }

    [Fact]
    public void A_float_network_gets_each_value_rounded_once_to_nearest()
    {
        var parameters = new float[8];
        OnnxImport.Read<float>(new MemoryStream(Layer(W)), Signature(useDouble: false), parameters, out _, out _);
        Assert.Equal(Stored.Select(v => (float)v), parameters);
        Assert.NotEqual(Stored, parameters.Select(v => (double)v));
    }

    [Fact]
    public void A_weight_beyond_floats_range_fits_a_double_network_only()
    {
        double[] weights = W.Select((v, k) => k == 4 ? 1e39 : v).ToArray();
        var doubles = new double[8];
        OnnxImport.Read<double>(new MemoryStream(Layer(weights)), Signature(useDouble: true), doubles, out _, out _);
        Assert.Equal(1e39, doubles[4]);

        float[] floats = Enumerable.Repeat(7f, 8).ToArray();
        var error = Assert.Throws<InvalidDataException>(() => OnnxImport.Read<float>(new MemoryStream(Layer(weights)), Signature(useDouble: false), floats, out _, out _));
        Assert.Equal("The ONNX file does not fit this network: W1[1,1] (parameter 4) is +∞ as a float. This is a 3-2 float network (Identity; MeanSquaredError).", error.Message);
        Assert.All(floats, v => Assert.Equal(7f, v));
    }

    [Fact]
    public void Values_of_another_type_than_the_signatures_are_refused_naming_both()
    {
        var doubles = new double[8];
        var error = Assert.Throws<ArgumentException>(() => OnnxImport.Read<double>(new MemoryStream(Layer(W)), Signature(useDouble: false), doubles, out _, out _));
        Assert.Equal("parameters", error.ParamName);
        Assert.StartsWith("parameters must be the 8 values of a 3-2 float network (Identity; MeanSquaredError), but there are 8 of Double.", error.Message, StringComparison.Ordinal);
        Assert.All(doubles, v => Assert.Equal(0, v));

        var floats = new float[8];
        error = Assert.Throws<ArgumentException>(() => OnnxImport.Read<float>(new MemoryStream(Layer(W)), Signature(useDouble: true), floats, out _, out _));
        Assert.StartsWith("parameters must be the 8 values of a 3-2 double network (Identity; MeanSquaredError), but there are 8 of Single.", error.Message, StringComparison.Ordinal);
    }

    private static NetworkSignature Signature(bool useDouble) => new(new[] { 3, 2 }, new[] { Activation.Identity }, Loss.MeanSquaredError, useDouble);

    /// <summary>x [batch, 3] → Gemm 'fc' (W [2, 3], b [2], both DOUBLE) → y.</summary>
    private static byte[] Layer(double[] weights) => Model(Graph(
        Input("x", 3),
        Node("Gemm", "fc", new[] { "x", "W", "b" }, "y", IntAttribute("transB", 1)),
        Doubles("W", new long[] { 2, 3 }, weights),
        Doubles("b", new long[] { 2 }, B),
        Output("y")));
}
