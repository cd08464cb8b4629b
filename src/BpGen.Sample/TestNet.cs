using BpGen;

namespace BpGen.Sample;

/// <summary>The lecture notes' network: 2 inputs, 3 sigmoid hidden neurons, 2 softmax outputs.</summary>
[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
public partial class TestNet
{
}
