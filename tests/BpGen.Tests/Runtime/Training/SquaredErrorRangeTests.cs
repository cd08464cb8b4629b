namespace BpGen.Tests.Runtime;

/// <summary>
/// The squared error is summed as ½·e² per output on every path, so J is finite wherever it fits a float:
/// as ½·(e₀² + e₁²) the unrolled path overflowed to +∞ at errors of 1.35·10¹⁹, where J is 1.8·10³⁸.
/// </summary>
public class SquaredErrorRangeTests
{
    [Fact]
    public void A_loss_near_the_float_range_is_finite_unrolled_looped_and_batched()
    {
        var assembly = GeneratorRunner.CompileAndLoad("""
            using BpGen;
            [Network(2, 3, 2, Activation.ReLU, Loss.MeanSquaredError, OutputActivation = Activation.Identity)] public partial class Small { }
            [Network(2, 40, 2, Activation.ReLU, Loss.MeanSquaredError, OutputActivation = Activation.Identity)] public partial class Large { }
            """);
        float[] target = [1.35e19f, -1.35e19f];
        double expected = 0.5 * ((double)target[0] * target[0] + (double)target[1] * target[1]);
        foreach (string name in new[] { "Small", "Large" })
        {
            var net = (INetwork<float>)Activator.CreateInstance(assembly.GetType(name, throwOnError: true)!)!;
            net.Parameters.Clear(); // every output 0
            Assert.Equal(expected, net.Backward(new float[2], target, new float[net.ParameterCount]), expected * 1e-6);
            Assert.Equal(expected, net.BackwardBatch(new float[2], target, new float[net.ParameterCount]), expected * 1e-6);
            Assert.Equal(expected, net.TrainStep(new float[2], target, 0f), expected * 1e-6);
        }
    }
}
