namespace BpGen.Tests.GeneratedCode;

/// <summary>Update by README's rule: W ← W − α·(g/m + λ·W), b ← b − α·g/m, then the gradient is cleared (both code paths: Reference/ReferenceTests).</summary>
public class UpdateTests
{
    private static readonly int[] BiasIndexes = { 6, 7, 8, 15, 16 };

    [Theory]
    [InlineData(0.5, 1, 0.0)]
    [InlineData(0.1, 4, 0.0)]
    [InlineData(0.1, 4, 0.01)]
    [InlineData(0.0, 3, 0.5)]
    public void Update_follows_the_rule(double learningRate, int batchSize, double l2)
    {
        var net = new TestNetDouble();
        net.InitializeParameters(2);
        for (int k = 0; k < TestNetDouble.ParameterCount; k++)
        {
            net.Parameters[k] += 0.1 * k; // biases too, so decay on them would show
        }

        double[] before = net.Parameters.ToArray();
        double[] gradient = Enumerable.Range(0, TestNetDouble.ParameterCount).Select(k => Math.Sin(k + 1)).ToArray();
        double[] g = (double[])gradient.Clone();

        net.Update(gradient, learningRate, batchSize, l2);

        for (int k = 0; k < TestNetDouble.ParameterCount; k++)
        {
            double decay = BiasIndexes.Contains(k) ? 0 : l2 * before[k];
            double expected = before[k] - learningRate * (g[k] / batchSize + decay);
            Assert.Equal(expected, net.Parameters[k], 1e-14);
        }

        Assert.All(gradient, value => Assert.Equal(0, value));
    }

    [Fact]
    public void A_batch_of_Backward_calls_then_Update_descends()
    {
        var net = new TestNet();
        float[] inputs = { 0.5f, 1f, -1f, 0.2f, 0.9f, -0.4f };
        float[] targets = { 1, 0, 0, 1, 1, 0 };
        var gradient = new float[TestNet.ParameterCount];
        float LossOverBatch()
        {
            var scratch = new float[TestNet.ParameterCount];
            return Enumerable.Range(0, 3).Sum(s => net.Backward(inputs.AsSpan(2 * s, 2), targets.AsSpan(2 * s, 2), scratch));
        }

        float before = LossOverBatch();
        for (int s = 0; s < 3; s++)
        {
            net.Backward(inputs.AsSpan(2 * s, 2), targets.AsSpan(2 * s, 2), gradient);
        }

        net.Update(gradient, 0.1f, batchSize: 3);

        Assert.True(LossOverBatch() < before);
    }
}
