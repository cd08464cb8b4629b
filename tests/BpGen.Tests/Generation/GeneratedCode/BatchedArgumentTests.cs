namespace BpGen.Tests.GeneratedCode;

/// <summary>
/// ForwardBatch and BackwardBatch refuse spans that are not whole samples, that disagree on the
/// number of samples, or a gradient of the wrong length, naming what was expected and what was found,
/// and write nothing; they allocate nothing on either code path.
/// </summary>
public class BatchedArgumentTests
{
    [Fact]
    public void Inputs_that_are_not_whole_samples_are_refused_and_nothing_is_written()
    {
        var net = new TestNet(); // 2 inputs, 2 outputs
        var outputs = new float[4];
        var gradient = new float[TestNet.ParameterCount];

        var forward = Assert.Throws<ArgumentException>(() => net.ForwardBatch(new float[5], outputs));
        var backward = Assert.Throws<ArgumentException>(() => net.BackwardBatch(new float[5], new float[4], gradient));

        foreach (ArgumentException error in new[] { forward, backward })
        {
            Assert.Equal("inputs", error.ParamName);
            Assert.Contains("whole samples of InputSize = 2", error.Message);
            Assert.Contains("length 5", error.Message);
        }

        Assert.All(outputs, v => Assert.Equal(0f, v));
        Assert.All(gradient, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(2)] // fewer samples than the inputs
    [InlineData(8)] // more
    [InlineData(5)] // not even whole samples
    public void Outputs_or_targets_for_another_number_of_samples_are_refused_and_nothing_is_written(int length)
    {
        var net = new TestNet();
        var inputs = new float[6]; // 3 samples
        var outputs = new float[length];
        var gradient = new float[TestNet.ParameterCount];

        var forward = Assert.Throws<ArgumentException>(() => net.ForwardBatch(inputs, outputs));
        var backward = Assert.Throws<ArgumentException>(() => net.BackwardBatch(inputs, new float[length], gradient));

        Assert.Equal("outputs", forward.ParamName);
        Assert.Equal("targets", backward.ParamName);
        foreach (ArgumentException error in new[] { forward, backward })
        {
            Assert.Contains("3 × OutputSize = 6", error.Message);
            Assert.Contains("3 samples in 'inputs'", error.Message);
            Assert.Contains($"its length is {length}", error.Message);
        }

        Assert.All(outputs, v => Assert.Equal(0f, v));
        Assert.All(gradient, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void A_gradient_of_the_wrong_length_is_refused_and_nothing_is_written()
    {
        var net = new TestNet();
        var gradient = new float[TestNet.ParameterCount + 1];

        var error = Assert.Throws<ArgumentException>(() => net.BackwardBatch(new float[4], new float[] { 1, 0, 0, 1 }, gradient));

        Assert.Equal("gradient", error.ParamName);
        Assert.Contains($"ParameterCount = {TestNet.ParameterCount}", error.Message);
        Assert.Contains($"its length is {TestNet.ParameterCount + 1}", error.Message);
        Assert.All(gradient, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Unrolled_network_allocates_nothing() => AssertNoAllocation(new TestNet());

    [Fact]
    public void Looped_network_allocates_nothing() => AssertNoAllocation(new DigitsNet());

    /// <summary>Batches of every length from 0 to 3 blocks and 5, a full and a short block among them.</summary>
    private static void AssertNoAllocation(INetwork<float> net)
    {
        int width = BatchedMethodTests.BatchWidth(net);
        int most = (3 * width) + 5;
        var inputs = new float[most * net.InputSize];
        var outputs = new float[most * net.OutputSize];
        var targets = new float[most * net.OutputSize];
        for (int s = 0; s < most; s++)
        {
            targets[s * net.OutputSize] = 1;
            inputs[s * net.InputSize] = 0.01f * s;
        }

        var gradient = new float[net.ParameterCount];
        void Run()
        {
            for (int count = 0; count <= most; count++)
            {
                net.ForwardBatch(inputs.AsSpan(0, count * net.InputSize), outputs.AsSpan(0, count * net.OutputSize));
                net.BackwardBatch(inputs.AsSpan(0, count * net.InputSize), targets.AsSpan(0, count * net.OutputSize), gradient);
            }
        }

        Assert.Equal(0, Allocations.InSteadyState(Run));
    }
}
