namespace BpGen.Tests.Generation;

/// <summary>
/// Spans whose expected lengths exceed what an int counts are refused by name, with the true length,
/// and a sequence too long for one record is refused before anything is recorded: no product of two
/// lengths may wrap around.
/// </summary>
public class RecurrentLengthLimitTests
{
    // 2,048 outputs a step: 2²¹ steps or streams of them are 2³² values, which an int product wraps to 0.
    private static readonly Lazy<IRecurrentNetwork<float>> Wide = new(() => (IRecurrentNetwork<float>)Activator.CreateInstance(
        GeneratorRunner.CompileAndLoad("using BpGen;\n[Network(1, 1, 2048, Activation.Tanh, Loss.MeanSquaredError, HiddenLayers = new[] { Layer.Gru })] public partial class Wide { }")
            .GetType("Wide", throwOnError: true)!)!);

    private const int TwoToThe21 = 1 << 21;

    [Fact]
    public void StepBatch_and_ForwardSequence_refuse_outputs_whose_length_an_int_product_would_wrap_to()
    {
        IRecurrentNetwork<float> net = Wide.Value;
        var inputs = new float[TwoToThe21];

        var error = Assert.Throws<ArgumentException>(() => net.StepBatch(inputs, new float[TwoToThe21], new float[0]));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("2097152 × OutputSize = 4294967296", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.ForwardSequence(inputs, new float[0]));
        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("2097152 × OutputSize = 4294967296", error.Message);
    }

    [Fact]
    public void BackwardSequence_refuses_a_sequence_too_long_for_one_record_and_a_record_too_short()
    {
        IRecurrentNetwork<float> net = Wide.Value;
        int steps = (NetworkErrors.LargestArray / net.RecordSizePerStep) + 1;
        var inputs = new float[steps];
        var gradient = new float[net.ParameterCount];

        var error = Assert.Throws<ArgumentException>(() => net.BackwardSequence(inputs, new float[net.OutputSize], gradient));
        Assert.Equal("inputs", error.ParamName);
        Assert.Contains($"holds {steps} steps, whose record (T × RecordSizePerStep = {(long)steps * net.RecordSizePerStep} values) would not fit one array", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.BackwardSequence(inputs, new float[net.OutputSize], gradient, new float[net.StateSize], new float[16]));
        Assert.Equal("record", error.ParamName);
        Assert.Contains($"at least T × RecordSizePerStep = {(long)steps * net.RecordSizePerStep}, but its length is 16", error.Message);
        Assert.All(gradient, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Train_refuses_a_window_too_long_for_one_record_and_names_the_truncation_that_fits()
    {
        IRecurrentNetwork<float> net = Wide.Value;
        int steps = (NetworkErrors.LargestArray / net.RecordSizePerStep) + 1;
        var data = new SequenceDataSet<float>(new float[steps], new float[net.OutputSize], [steps], 1, net.OutputSize, SequenceTargets.LastStep);
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<ArgumentException>(() => net.Train(data, new TrainingOptions { Epochs = 1 }));

        Assert.Equal("options", error.ParamName);
        Assert.Contains($"set TrainingOptions.TruncatedSteps to at most {steps - 1} to train it in windows", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }
}
