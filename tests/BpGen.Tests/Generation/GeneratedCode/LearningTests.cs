
namespace BpGen.Tests.GeneratedCode;

/// <summary>Backward and Update together learn two small problems: two classes in the plane, and XOR.</summary>
public class LearningTests
{
    [Fact]
    public void TestNet_separates_two_classes_in_the_plane()
    {
        // Class 1 inside the unit circle, class 0 outside it, in [−1.5, 1.5]².
        const int Count = 400;
        var random = new SeededRandom(21);
        var inputs = new float[2 * Count];
        var targets = new float[2 * Count];
        for (int s = 0; s < Count; s++)
        {
            float x = (float)random.NextUniform(1.5), y = (float)random.NextUniform(1.5);
            inputs[2 * s] = x;
            inputs[2 * s + 1] = y;
            targets[2 * s + (x * x + y * y < 1 ? 1 : 0)] = 1;
        }

        var net = new TestNet();
        Train(net, inputs, targets, 2, 2, epochs: 600, batchSize: 10, learningRate: 0.5f);

        var output = new float[2];
        int correct = 0;
        for (int s = 0; s < Count; s++)
        {
            net.Forward(inputs.AsSpan(2 * s, 2), output);
            correct += targets[2 * s + (output[1] > output[0] ? 1 : 0)] == 1 ? 1 : 0;
        }

        Assert.True(correct >= 0.95 * Count, $"{correct} of {Count} correct");
    }

    [Fact]
    public void A_2_4_1_network_learns_XOR()
    {
        float[] inputs = { 0, 0, 0, 1, 1, 0, 1, 1 };
        float[] targets = { 0, 1, 1, 0 };
        var net = new XorNet();

        Train(net, inputs, targets, 2, 1, epochs: 2000, batchSize: 4, learningRate: 0.5f);

        var output = new float[1];
        for (int s = 0; s < 4; s++)
        {
            net.Forward(inputs.AsSpan(2 * s, 2), output);
            Assert.True(Math.Abs(output[0] - targets[s]) < 0.1f, $"XOR({inputs[2 * s]}, {inputs[2 * s + 1]}) = {output[0]}");
        }
    }

    [Fact]
    public void A_regression_network_fits_a_smooth_function()
    {
        // y = (x0·x1, x2²) on [−1, 1]³: the loss falls by a factor of ten.
        const int Count = 200;
        var random = new SeededRandom(5);
        var inputs = new float[3 * Count];
        var targets = new float[2 * Count];
        for (int s = 0; s < Count; s++)
        {
            for (int j = 0; j < 3; j++)
            {
                inputs[3 * s + j] = (float)random.NextUniform(1);
            }

            targets[2 * s] = inputs[3 * s] * inputs[3 * s + 1];
            targets[2 * s + 1] = inputs[3 * s + 2] * inputs[3 * s + 2];
        }

        var net = new RegressionNet();
        float before = MeanLoss(net, inputs, targets, 3, 2);
        Train(net, inputs, targets, 3, 2, epochs: 1500, batchSize: 10, learningRate: 0.1f);

        Assert.True(MeanLoss(net, inputs, targets, 3, 2) < before / 10);
    }

    private static void Train(INetwork<float> net, float[] inputs, float[] targets, int inputSize, int outputSize, int epochs, int batchSize, float learningRate)
    {
        var gradient = new float[net.Parameters.Length];
        int count = inputs.Length / inputSize;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            for (int s = 0; s < count; s++)
            {
                net.Backward(inputs.AsSpan(s * inputSize, inputSize), targets.AsSpan(s * outputSize, outputSize), gradient);
                if ((s + 1) % batchSize == 0 || s == count - 1)
                {
                    net.Update(gradient, learningRate, (s % batchSize) + 1);
                }
            }
        }
    }

    private static float MeanLoss(INetwork<float> net, float[] inputs, float[] targets, int inputSize, int outputSize)
    {
        var scratch = new float[net.Parameters.Length];
        int count = inputs.Length / inputSize;
        return Enumerable.Range(0, count).Sum(s => net.Backward(inputs.AsSpan(s * inputSize, inputSize), targets.AsSpan(s * outputSize, outputSize), scratch)) / count;
    }
}
