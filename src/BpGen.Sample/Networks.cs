using BpGen;

namespace BpGen.Sample;

/// <summary>Handwritten digits: 8×8 grey levels in, ten class probabilities out.</summary>
[Network(64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class DigitsNet
{
}

/// <summary>Handwritten digits read row by row: 8 pixels per step into a GRU of 32 units, ten class probabilities from the last step.</summary>
[Network(8, 32, 10, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru })]
public partial class DigitsGru
{
}

/// <summary>Iris flowers: four measurements in, three species out.</summary>
[Network(4, 8, 3, Activation.Tanh, Loss.SoftmaxCrossEntropy)]
public partial class IrisNet
{
}

/// <summary>Diabetes progression: ten measurements in, one number out.</summary>
[Network(10, 16, 1, Activation.Tanh, Loss.MeanSquaredError, OutputActivation = Activation.Identity)]
public partial class DiabetesNet
{
}

/// <summary>The smallest network: 2 inputs, 3 sigmoid hidden neurons, 2 softmax outputs.</summary>
[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
public partial class TestNet
{
}

/// <summary>
/// The digits network as trained by <c>dotnet run --project src/BpGen.Sample</c> (saved to
/// sample-output/digits.bpgen and copied to Models/), compiled in: its weights are constants of the
/// assembly, nothing is read at run time.
/// </summary>
[Network(64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy, Weights = "Models/digits-64-32-10.bpgen", Frozen = true)]
public partial class FrozenDigitsNet
{
}

/// <summary>
/// The same GRU trained in PyTorch (Models/train_digits_gru.py), exported to ONNX and compiled in: its
/// weights are constants of the assembly, and it computes what PyTorch computed.
/// </summary>
[Network(8, 32, 10, Activation.Tanh, Loss.SoftmaxCrossEntropy, HiddenLayers = new[] { Layer.Gru }, Weights = "Models/digits-gru.onnx", Frozen = true)]
public partial class TorchDigitsGru
{
}
