namespace BpGen.Tests.GeneratedCode;

/// <summary>Forward against values worked out by hand from the formulas of docs/design.md §1.</summary>
public class ForwardTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void TestNet_sizes_follow_the_attribute()
    {
        Assert.Equal(2, TestNet.InputSize);
        Assert.Equal(2, TestNet.OutputSize);
        Assert.Equal(3 * (2 + 1) + 2 * (3 + 1), TestNet.ParameterCount);
        Assert.Equal(TestNet.ParameterCount, new TestNet().Parameters.Length);
    }

    [Fact]
    public void TestNet_forward_equals_the_hand_computation()
    {
        var net = new TestNetDouble();
        // W1 = [[1, 0], [0, 1], [1, 1]] at 0–5, b1 = [0, 0, −1] at 6–8,
        // W2 = [[1, 1, 0], [0, 0, 1]] at 9–14, b2 = [0, 0.5] at 15–16.
        double[] theta = { 1, 0, 0, 1, 1, 1, 0, 0, -1, 1, 1, 0, 0, 0, 1, 0, 0.5 };
        theta.CopyTo(net.Parameters);
        var output = new double[2];

        net.Forward(new[] { 0.5, -0.5 }, output);

        // z1 = (0.5, −0.5, 0.5 − 0.5 − 1) = (0.5, −0.5, −1); a1 = σ(z1).
        // z2 = (σ(0.5) + σ(−0.5), σ(−1) + 0.5) = (1, σ(−1) + 0.5), since σ(x) + σ(−x) = 1.
        double z20 = 1;
        double z21 = Sigmoid(-1) + 0.5;
        double p0 = Math.Exp(z20) / (Math.Exp(z20) + Math.Exp(z21));
        Assert.Equal(p0, output[0], 1e-15);
        Assert.Equal(1 - p0, output[1], 1e-15);
    }

    [Fact]
    public void Each_weight_sits_where_the_layout_says()
    {
        // ln(p1 / p0) = z2_1 − z2_0. Raising W2[i, j] (at 9 + 3i + j) by 1 raises z2_i by a1_j, with
        // a1_j = σ(W1[j, 0]·x0 + W1[j, 1]·x1 + b1[j]), W1[j, k] at 2j + k and b1[j] at 6 + j.
        var net = new TestNetDouble();
        net.InitializeParameters(1);
        double[] x = { 0.3, -0.7 };
        double before = LogRatio(net, x);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double a1j = Sigmoid(net.Parameters[2 * j] * x[0] + net.Parameters[2 * j + 1] * x[1] + net.Parameters[6 + j]);
                net.Parameters[9 + 3 * i + j] += 1;
                double after = LogRatio(net, x);
                net.Parameters[9 + 3 * i + j] -= 1;

                Assert.Equal(i == 1 ? a1j : -a1j, after - before, 1e-12);
            }
        }
    }

    [Fact]
    public void Softmax_stays_finite_for_huge_logits()
    {
        var net = new TestNet();
        net.Parameters.Clear();
        net.Parameters[15] = 1e30f; // b2[0]
        net.Parameters[16] = -1e30f;
        var output = new float[2];

        net.Forward(new[] { 1f, 1f }, output);
        float loss = net.Backward(new[] { 1f, 1f }, new[] { 0f, 1f }, new float[TestNet.ParameterCount]);

        Assert.Equal(new[] { 1f, 0f }, output);
        Assert.True(float.IsFinite(loss), $"loss {loss}");
    }

    [Fact]
    public void Sigmoid_and_binary_cross_entropy_stay_finite_when_saturated()
    {
        var net = new XorNet();
        net.Parameters.Clear();
        net.Parameters[XorNet.ParameterCount - 1] = 500f; // the output bias: σ(500) rounds to 1
        var gradient = new float[XorNet.ParameterCount];

        float loss = net.Backward(new[] { 0f, 0f }, new[] { 0f }, gradient);

        Assert.Equal(500f, loss, 1e-3f);
        Assert.All(gradient.ToArray(), g => Assert.True(float.IsFinite(g)));
    }

    private static double LogRatio(TestNetDouble net, double[] input)
    {
        var p = new double[2];
        net.Forward(input, p);
        return Math.Log(p[1] / p[0]);
    }
}
