namespace BpGen.Benchmarks;

[Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
public partial class Net2x3x2
{
}

[Network(16, 32, 32, 4, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class Net16x32x32x4
{
}

[Network(64, 64, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class Net64x64x10
{
}

[Network(64, 32, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class Net64x32x10
{
}

[Network(16, 128, 128, 8, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class Net16x128x128x8
{
}

[Network(64, 256, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class Net64x256x10
{
}

[Network(64, 64, 10, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
public partial class Net64x64x10Sigmoid
{
}

[Network(64, 64, 10, Activation.Tanh, Loss.SoftmaxCrossEntropy)]
public partial class Net64x64x10Tanh
{
}

[Network(16, 32, 32, 4, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
public partial class Net16x32x32x4Sigmoid
{
}

[Network(8, 16, 4, Activation.Tanh, Loss.MeanSquaredError)]
public partial class Net8x16x4Tanh
{
}

[Network(12, 24, 24, 6, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
public partial class Net12x24x24x6
{
}
