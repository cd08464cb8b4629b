using BpGen;

namespace BpGen.Consumers.NetStandard21
{
    /// <summary>The 2-3-2 TestNet (σ hidden, softmax output), unrolled.</summary>
    [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
    public partial class TestNet
    {
    }

    /// <summary>A GRU then a dense layer: the recurrent members under the strictest settings.</summary>
    [Network(4, 5, 3, 2, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru, Layer.Dense })]
    public partial class GruNet
    {
    }

    /// <summary>Two stacked LSTM layers, double, regression output.</summary>
    [Network(3, 4, 4, 1, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Lstm, Layer.Lstm }, UseDouble = true)]
    public partial class LstmNet
    {
    }

    /// <summary>Every hidden activation, double, regression output.</summary>
    [Network(new[] { 3, 4, 4, 4, 4, 4, 4, 4, 2 }, Activation.Identity, Loss.MeanSquaredError,
        HiddenActivations = new[] { Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.Softplus, Activation.ELU },
        OutputActivation = Activation.Tanh, UseDouble = true)]
    public sealed partial class EveryActivation
    {
    }

    /// <summary>Large enough for the looped path.</summary>
    [Network(64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
    public partial class Digits
    {
    }

    /// <summary>Trained in PyTorch, frozen and unrolled: every weight a literal.</summary>
    [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "testnet_2_3_2_sigmoid_softmax.onnx", Frozen = true)]
    public partial class FrozenTestNet
    {
    }

    /// <summary>Trained in PyTorch, frozen and looped: weights read from the assembly's data.</summary>
    [Network(16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy, Weights = "relu_16_32_32_4_softmax_opset17.onnx", Frozen = true)]
    public partial class FrozenRelu
    {
    }

    /// <summary>Trained in PyTorch, trainable from there.</summary>
    [Network(16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy, Weights = "relu_16_32_32_4_softmax_opset17.onnx")]
    public partial class ReluFromOnnx
    {
    }

    /// <summary>Looped, binary cross-entropy, double, nested in a static class.</summary>
    public static partial class Container
    {
        /// <summary>The nested network's outputs for <paramref name="input"/>, with seed-0 parameters.</summary>
        /// <param name="input">30 inputs.</param>
        /// <returns>3 outputs in (0, 1).</returns>
        public static double[] Predict(double[] input)
        {
            var output = new double[Nested.OutputSize];
            new Nested().Forward(input, output);
            return output;
        }

        /// <summary>The nested network's seed-0 parameters, which <see cref="Predict"/> uses.</summary>
        /// <returns>θ in the generated layout.</returns>
        public static double[] Parameters() => new Nested().Parameters.ToArray();

        /// <summary>A nested network.</summary>
        [Network(30, 20, 3, Activation.Tanh, Loss.BinaryCrossEntropy, UseDouble = true)]
        internal sealed partial class Nested
        {
        }
    }
}
