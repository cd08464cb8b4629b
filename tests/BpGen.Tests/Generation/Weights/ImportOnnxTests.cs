using BpGen.Tests.Runtime;

namespace BpGen.Tests.Generation;

/// <summary>ImportOnnx at run time: the fixtures' weights load; another topology or activation is refused, parameters untouched.</summary>
public class ImportOnnxTests
{
    [Fact]
    public void The_fixture_loads_into_a_network_of_its_topology()
    {
        var network = new ReluNetFromOnnx();
        network.InitializeParameters(9);
        network.ImportOnnx(new MemoryStream(OnnxFixtures.Bytes("relu_16_32_32_4_softmax_opset17.onnx")));
        Assert.Equal(OnnxFixtures.Fixture("relu_16_32_32_4_softmax_opset17.onnx").Parameters.Select(p => (float)p), network.Parameters.ToArray());
    }

    [Fact]
    public void A_softmax_network_loads_a_file_with_or_without_the_final_softmax()
    {
        var network = new TestNet();
        network.ImportOnnx(new MemoryStream(OnnxFixtures.Bytes("testnet_2_3_2_sigmoid_softmax.onnx")));
        ValidFixture fixture = OnnxFixtures.Fixture("testnet_2_3_2_sigmoid_softmax.onnx");
        Assert.Equal(fixture.Parameters.Select(p => (float)p), network.Parameters.ToArray());
        var output = new float[2];
        network.Forward(fixture.Inputs[0].Select(x => (float)x).ToArray(), output);
        Assert.Equal(fixture.Outputs[0][0], output[0], 1e-6);
    }

    [Theory]
    [InlineData("iris_4_8_3_tanh_opset9.onnx", "the file has 2 layers (4-8-3), the attribute 3 (16-32-32-4)")]
    [InlineData("testnet_2_3_2_sigmoid_softmax.onnx", "the file has 2 layers (2-3-2)")]
    [InlineData("error_selu.onnx", "(Selu)")]
    public void Another_model_is_refused_and_the_parameters_stay(string file, string message)
    {
        var network = new ReluNetFromOnnx();
        network.InitializeParameters(4);
        float[] before = network.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => network.ImportOnnx(new MemoryStream(OnnxFixtures.Bytes(file))));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void Another_activation_is_refused_naming_both()
    {
        // 4-8-3 with Tanh in the file, declared with ReLU.
        var relu = (INetwork<float>)Activator.CreateInstance(CompileIrisWithReLU())!;
        float[] before = relu.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => relu.ImportOnnx(new MemoryStream(OnnxFixtures.Bytes("iris_4_8_3_tanh_opset9.onnx"))));

        Assert.Contains("layer 1 is followed by Tanh in the file", error.Message, StringComparison.Ordinal);
        Assert.Contains("by ReLU in the attribute", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, relu.Parameters.ToArray());
    }

    [Fact]
    public void A_bad_stream_argument_is_refused()
    {
        var network = new TestNet();
        Assert.Throws<ArgumentNullException>(() => network.ImportOnnx(null!));
    }

    private static Type CompileIrisWithReLU() =>
        Infrastructure.GeneratorRunner.CompileAndLoad("using BpGen;\nnamespace M;\n[Network(4, 8, 3, Activation.ReLU, Loss.SoftmaxCrossEntropy)] public partial class Net { }")
            .GetType("M.Net", throwOnError: true)!;
}
