namespace BpGen.Tests.Runtime;

/// <summary>
/// The softmax cross-entropy from logits keeps its digits when the logits are large: with every logit
/// 10⁴, J = ln n exactly, on every path that computes it (unrolled, looped, batched in lanes, recurrent).
/// Taken as max + ln Σ − z, it lost them (float: 0.69336 for ln 2, and 0 from logits of 10⁸).
/// </summary>
public class SoftmaxLossPrecisionTests
{
    private const float Logit = 1e4f;

    [Fact]
    public void Dense_networks_unrolled_looped_and_batched()
    {
        AssertDenseLoss(new TestNet());
        AssertDenseLoss(new DigitsNet());
    }

    [Fact]
    public void Recurrent_networks_unrolled_and_on_the_kernel_path()
    {
        var assembly = GeneratorRunner.CompileAndLoad("""
            using BpGen;
            [Network(3, 4, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru })] public partial class Small { }
            [Network(3, 24, 5, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Lstm })] public partial class Large { }
            """);
        foreach (string name in new[] { "Small", "Large" })
        {
            var net = (IRecurrentNetwork<float>)Activator.CreateInstance(assembly.GetType(name, throwOnError: true)!)!;
            EqualOutputLogits(net.Parameters, net.OutputSize);
            float loss = net.BackwardSequence(new float[2 * net.InputSize], OneHot(net.OutputSize), new float[net.ParameterCount]);
            Assert.Equal(Math.Log(net.OutputSize), loss, 1e-6);
        }
    }

    private static void AssertDenseLoss(INetwork<float> net)
    {
        EqualOutputLogits(net.Parameters, net.OutputSize);
        float[] target = OneHot(net.OutputSize);
        double expected = Math.Log(net.OutputSize);
        Assert.Equal(expected, net.Backward(new float[net.InputSize], target, new float[net.ParameterCount]), 1e-6);

        // 19 samples: whole vectors of lanes and the samples after them.
        const int samples = 19;
        float[] targets = Enumerable.Range(0, samples).SelectMany(_ => target).ToArray();
        Assert.Equal(samples * expected, net.BackwardBatch(new float[samples * net.InputSize], targets, new float[net.ParameterCount]), 1e-5);
    }

    /// <summary>Every parameter 0 but the output biases, 10⁴ each: every logit is 10⁴ whatever the input.</summary>
    private static void EqualOutputLogits(Span<float> parameters, int outputs)
    {
        parameters.Clear();
        parameters[^outputs..].Fill(Logit);
    }

    private static float[] OneHot(int outputs)
    {
        var target = new float[outputs];
        target[0] = 1;
        return target;
    }
}
