namespace BpGen.Tests.Generation;

// Networks whose weights this project's own build compiles in from the PyTorch fixtures (see the
// AdditionalFiles in BpGen.Tests.csproj): the generator as the compiler runs it, on binary files.

/// <summary>2-3-2, unrolled: every weight a literal.</summary>
[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, Weights = "testnet_2_3_2_sigmoid_softmax.onnx", Frozen = true)]
public partial class FrozenTestNet { }

/// <summary>16-32-32-4, looped: weights read in place from the assembly's data.</summary>
[Network(16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy, Weights = "Fixtures/relu_16_32_32_4_softmax_opset17.onnx", Frozen = true)]
public partial class FrozenReluNet { }

/// <summary>The same 16-32-32-4 model, trainable, starting from the file's weights.</summary>
[Network(16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy, Weights = "relu_16_32_32_4_softmax_opset17.onnx")]
public partial class ReluNetFromOnnx { }
