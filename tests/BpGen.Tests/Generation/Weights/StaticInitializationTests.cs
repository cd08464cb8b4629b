using System.Reflection;

namespace BpGen.Tests.Generation;

/// <summary>
/// A network created by a static field of the user's part of its class, which the runtime initializes
/// before the generated part's static fields, still starts from the compiled-in parameters and scaling.
/// </summary>
public class StaticInitializationTests
{
    [Theory]
    [InlineData("2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy", "testnet_2_3_2_sigmoid_softmax.onnx")] // unrolled
    [InlineData("16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy", "relu_16_32_32_4_softmax_opset17.onnx")] // looped, aligned parameters
    [InlineData("3, 8, 2, Activation.ReLU, Loss.MeanSquaredError, OutputActivation = Activation.Identity", "regression_scaled_3_8_2_opset17.onnx")] // with scaling
    public void A_network_made_by_a_static_field_of_the_class_has_the_compiled_in_weights(string arguments, string file)
    {
        var assembly = WeightsFiles.CompileAndLoad(
            $$"""
            using BpGen;
            [Network({{arguments}}, Weights = "{{file}}")]
            public partial class Net { public static readonly Net Pretrained = new Net(); }
            [Network({{arguments}}, Weights = "{{file}}", Frozen = true)]
            public partial class Frozen { public static readonly float[] Copied = new Frozen().Parameters.ToArray(); public static readonly Standardizer? Scaling = new Frozen().InputScaling; }
            """,
            new DiskFile(WeightsFiles.FixturePath(file)));
        Type net = assembly.GetType("Net", throwOnError: true)!, frozen = assembly.GetType("Frozen", throwOnError: true)!;
        var pretrained = (INetwork<float>)net.GetField("Pretrained")!.GetValue(null)!;
        var later = (INetwork<float>)Activator.CreateInstance(net)!;

        Assert.Equal(later.Parameters.ToArray(), pretrained.Parameters.ToArray());
        Assert.Contains(pretrained.Parameters.ToArray(), value => value != 0);
        Assert.Equal(later.Parameters.ToArray(), (float[])frozen.GetField("Copied")!.GetValue(null)!);
        Assert.Equal(later.InputScaling is null, pretrained.InputScaling is null);
        Assert.Equal(later.InputScaling is null, frozen.GetField("Scaling")!.GetValue(null) is null);
    }
}
