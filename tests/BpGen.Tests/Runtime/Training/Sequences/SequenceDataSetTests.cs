namespace BpGen.Tests.Runtime.SequenceTraining;

/// <summary>SequenceDataSet: the three ways to build one, what each sequence reads, all steps' inputs for fitting a scaling, and clear refusals.</summary>
public class SequenceDataSetTests
{
    [Fact]
    public void Fixed_length_sequences_are_cut_from_flat_arrays()
    {
        double[] inputs = Enumerable.Range(0, 12).Select(v => (double)v).ToArray();
        double[] targets = [1, 2, 3, 4, 5, 6];

        var data = SequenceDataSet<double>.FixedLength(inputs, targets, steps: 3, inputSize: 2, outputSize: 1, SequenceTargets.EveryStep);

        Assert.Equal(2, data.Count);
        Assert.Equal(3, data.LongestSequence);
        Assert.Equal(new double[] { 6, 7, 8, 9, 10, 11 }, data.Inputs(1).ToArray());
        Assert.Equal(new double[] { 4, 5, 6 }, data.Targets(1).ToArray());
    }

    [Fact]
    public void Ragged_sequences_keep_their_lengths_and_their_last_step_targets()
    {
        var data = SequenceDataSet<float>.Ragged([[1, 2], [3, 4, 5, 6, 7, 8], [9, 10, 11, 12]], [[0, 1], [1, 0], [1, 1]], 2, 2, SequenceTargets.LastStep);

        Assert.Equal([1, 3, 2], Enumerable.Range(0, 3).Select(data.Length));
        Assert.Equal(3, data.LongestSequence);
        Assert.Equal(new float[] { 9, 10, 11, 12 }, data.Inputs(2).ToArray());
        Assert.Equal(new float[] { 1, 0 }, data.Targets(1).ToArray());
        Assert.Equal(Enumerable.Range(1, 12).Select(v => (float)v), data.AllInputs.ToArray());
    }

    [Fact]
    public void Every_step_of_ragged_sequences_fits_the_input_scaling()
    {
        var data = SequenceDataSet<float>.Ragged([[1, 10], [3, 30, 5, 50, 7, 70]], [[0], [1]], 2, 1, SequenceTargets.LastStep);

        Standardizer scaling = Standardizer.Fit(data.AllInputs, data.InputSize);

        Assert.Equal([4.0, 40.0], scaling.Mean);
        Assert.Equal(Math.Sqrt(5), scaling.StandardDeviation[0], 12);
    }

    [Fact]
    public void Select_copies_the_chosen_sequences_in_order_for_a_split()
    {
        var data = SequenceDataSet<float>.Ragged([[1], [2, 3], [4, 5, 6]], [[1], [2, 3], [4, 5, 6]], 1, 1, SequenceTargets.EveryStep);
        (int[] train, int[] test) = DataSplit.Indices(data.Count, 1.0 / 3, seed: 1);

        SequenceDataSet<float> picked = data.Select([2, 0]);

        Assert.Equal(2, picked.Count);
        Assert.Equal(new float[] { 4, 5, 6 }, picked.Inputs(0).ToArray());
        Assert.Equal(new float[] { 1 }, picked.Targets(1).ToArray());
        Assert.Equal(3, data.Select(train).Count + data.Select(test).Count);
        Assert.Contains("from 0 to 2, but one is 3", Assert.Throws<ArgumentException>(() => data.Select([3])).Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void A_sequence_outside_the_set_is_refused_with_the_range(int sequence)
    {
        var data = SequenceDataSet<float>.Ragged([new float[2], new float[4], new float[2]], [new float[1], new float[1], new float[1]], 2, 1, SequenceTargets.LastStep);
        foreach (Action read in new Action[] { () => data.Length(sequence), () => data.Inputs(sequence), () => data.Targets(sequence) })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(read);
            Assert.Equal("sequence", error.ParamName);
            Assert.Contains($"'sequence' must be from 0 to 2, but it is {sequence}.", error.Message);
        }
    }

    [Theory]
    [InlineData(false, SequenceTargets.EveryStep, 13, "'training' holds NaN at input 1 of step 0 of sequence 1; data must be finite numbers.")]
    [InlineData(true, SequenceTargets.EveryStep, 7, "'training' holds +∞ at target 1 of step 2 of sequence 0; data must be finite numbers.")]
    [InlineData(true, SequenceTargets.LastStep, 3, "'training' holds +∞ at target 0 of sequence 1; data must be finite numbers.")]
    public void Training_on_data_that_is_not_finite_is_refused_where_it_is(bool inTargets, SequenceTargets targetSteps, int k, string message)
    {
        // Sequences of 3 steps and 1 step for SequenceProblems.Gru, of 4 inputs and 3 outputs.
        IRecurrentNetwork<float> net = SequenceProblems.Gru();
        float[] inputs = new float[4 * 4], targets = new float[targetSteps == SequenceTargets.EveryStep ? 4 * 3 : 2 * 3];
        (inTargets ? targets : inputs)[k] = inTargets ? float.PositiveInfinity : float.NaN;
        var data = new SequenceDataSet<float>(inputs, targets, [3, 1], 4, 3, targetSteps);
        float[] before = net.Parameters.ToArray();

        var error = Assert.Throws<ArgumentException>(() => net.Train(data, new TrainingOptions()));

        Assert.Equal(message + " (Parameter 'training')", error.Message);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void Sequence_targets_a_softmax_does_not_define_are_refused_where_they_are()
    {
        IRecurrentNetwork<double> net = SequenceProblems.Lstm(); // 3 inputs, 4 classes
        var data = new SequenceDataSet<double>(new double[3 * 3], [1, 0, 0, 0, 0, 0.5, 0, 0], [2, 1], 3, 4, SequenceTargets.LastStep);
        var error = Assert.Throws<ArgumentException>(() => net.Evaluate(data));
        Assert.Contains("the targets of sequence 1 sum to 0.5, and Loss.SoftmaxCrossEntropy takes a distribution", error.Message);
    }

    [Theory]
    [InlineData("lengths", "sequence 1 has 0")]
    [InlineData("inputs", "'inputs' must hold 3 steps × InputSize = 6 values for the lengths given, but it holds 5")]
    [InlineData("targets", "'targets' must hold 2 sequences (their last steps) × OutputSize = 2 values, but it holds 3")]
    [InlineData("fixed", "whole sequences of 2 steps × InputSize = 4 values, but its length 6 is not a multiple of 4")]
    [InlineData("ragged", "Sequence 0's targets must hold 4 values, a target of OutputSize = 2 values for each of its 2 steps (SequenceTargets.EveryStep), but they hold 3")]
    [InlineData("ragged last step", "Sequence 0's targets must hold 2 values, one target of OutputSize = 2 values, for its last step (SequenceTargets.LastStep), but they hold 4")]
    public void Data_that_does_not_fit_is_refused_with_what_was_expected(string what, string message)
    {
        Action build = what switch
        {
            "lengths" => () => new SequenceDataSet<float>(new float[2], new float[2], [1, 0], 2, 1, SequenceTargets.EveryStep),
            "inputs" => () => new SequenceDataSet<float>(new float[5], new float[2], [1, 2], 2, 1, SequenceTargets.LastStep),
            "targets" => () => new SequenceDataSet<float>(new float[6], new float[3], [1, 2], 2, 1, SequenceTargets.LastStep),
            "fixed" => () => SequenceDataSet<float>.FixedLength(new float[6], new float[2], 2, 2, 1, SequenceTargets.LastStep),
            "ragged" => () => SequenceDataSet<float>.Ragged([new float[4]], [new float[3]], 2, 2, SequenceTargets.EveryStep),
            _ => () => SequenceDataSet<float>.Ragged([new float[4]], [new float[4]], 2, 2, SequenceTargets.LastStep),
        };

        Assert.Contains(message, Assert.Throws<ArgumentException>(build).Message);
    }
}
