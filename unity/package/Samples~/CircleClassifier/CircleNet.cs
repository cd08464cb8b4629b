using BpGen;

namespace BpGenSamples
{
    // BpGen's smallest example network: 2 inputs (a point's x and y), 3 sigmoid neurons in the
    // hidden layer, 2 outputs that softmax turns into probabilities (output 0: outside the circle,
    // output 1: inside).
    //
    // This is the whole class as written. BpGen's source generator, which the package installs and
    // Unity runs every time it compiles scripts, writes the other part of this partial class: Forward,
    // Train, Evaluate, SaveParameters, LoadParameters and the rest, as plain C#. To read the code it
    // wrote, open the project in Rider or Visual Studio and go to the definition of Forward.
    [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
    public partial class CircleNet
    {
    }
}
