namespace BpGen.Tests.GeneratedCode;

/// <summary>Spans of the wrong length and invalid numbers are refused before anything is read or written.</summary>
public class ArgumentTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(0)]
    public void Forward_refuses_an_input_of_the_wrong_length(int length)
    {
        var net = new TestNet();
        var output = new float[] { 7, 7 };

        var error = Assert.Throws<ArgumentException>(() => net.Forward(new float[length], output));

        Assert.Equal("input", error.ParamName);
        Assert.Contains("InputSize = 2", error.Message);
        Assert.Contains($"its length is {length}", error.Message);
        Assert.Equal(new float[] { 7, 7 }, output);
    }

    [Fact]
    public void Forward_refuses_an_output_of_the_wrong_length()
    {
        var output = new float[11];
        var error = Assert.Throws<ArgumentException>(() => new DigitsNet().Forward(new float[64], output));
        Assert.Equal("output", error.ParamName);
        Assert.Contains("OutputSize = 10", error.Message);
        Assert.All(output, value => Assert.Equal(0, value));
    }

    [Theory]
    [InlineData("input", 2, 2, 17)]
    [InlineData("target", 2, 3, 17)]
    [InlineData("gradient", 2, 2, 16)]
    public void Backward_names_the_span_of_the_wrong_length(string name, int inputLength, int targetLength, int gradientLength)
    {
        var net = new TestNet();
        var gradient = Enumerable.Repeat(5f, gradientLength).ToArray();
        float[] before = net.Parameters.ToArray();
        int wrongLength = name switch { "input" => 3, "target" => targetLength, _ => gradientLength };

        var error = Assert.Throws<ArgumentException>(() =>
            net.Backward(new float[name == "input" ? wrongLength : inputLength], new float[targetLength], gradient));

        Assert.Equal(name, error.ParamName);
        Assert.Contains($"its length is {wrongLength}", error.Message);
        Assert.All(gradient, value => Assert.Equal(5f, value));
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void Update_refuses_a_gradient_of_the_wrong_length()
    {
        var net = new DigitsNet();
        float[] before = net.Parameters.ToArray();
        var error = Assert.Throws<ArgumentException>(() => net.Update(new float[100], 0.1f));
        Assert.Equal("gradient", error.ParamName);
        Assert.Contains($"ParameterCount = {DigitsNet.ParameterCount}", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Theory]
    [InlineData("learningRate", -0.1f, 1, 0f)]
    [InlineData("learningRate", float.NaN, 1, 0f)]
    [InlineData("learningRate", float.PositiveInfinity, 1, 0f)]
    [InlineData("batchSize", 0.1f, 0, 0f)]
    [InlineData("l2", 0.1f, 1, -1f)]
    [InlineData("l2", 0.1f, 1, float.NaN)]
    public void Update_refuses_invalid_numbers(string name, float learningRate, int batchSize, float l2)
    {
        var net = new TestNet();
        float[] before = net.Parameters.ToArray();
        var gradient = Enumerable.Repeat(1f, TestNet.ParameterCount).ToArray();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => net.Update(gradient, learningRate, batchSize, l2));

        Assert.Equal(name, error.ParamName);
        Assert.Equal(before, net.Parameters.ToArray());
        Assert.All(gradient, value => Assert.Equal(1f, value));
    }
}
