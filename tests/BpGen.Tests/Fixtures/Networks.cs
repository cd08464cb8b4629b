
namespace BpGen.Tests.Fixtures;

/// <summary>The 2-3-2 TestNet: σ hidden, softmax output, cross-entropy loss.</summary>
[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
public partial class TestNet
{
}

/// <summary>TestNet in double, for exact comparisons with hand-worked values.</summary>
[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy, UseDouble = true)]
public partial class TestNetDouble
{
}

/// <summary>The smallest network that can learn XOR.</summary>
[Network(2, 4, 1, Activation.Tanh, Loss.BinaryCrossEntropy)]
public partial class XorNet
{
}

/// <summary>Large enough for the looped code path.</summary>
[Network(new[] { 64, 32, 10 }, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class DigitsNet
{
}

/// <summary>Two hidden layers of different activations, regression output.</summary>
[Network(3, 5, 4, 2, Activation.Tanh, Loss.MeanSquaredError, HiddenActivations = new[] { Activation.ReLU, Activation.Sigmoid }, OutputActivation = Activation.Identity)]
public partial class RegressionNet
{
}
