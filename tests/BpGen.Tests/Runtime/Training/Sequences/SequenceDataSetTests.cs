namespace BpGen.Tests.Runtime.SequenceTraining;

/// <summary>SequenceDataSet: the three ways to build one, what each sequence reads, and clear refusals.</summary>
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
    [InlineData("lengths", "sequence 1 has 0")]
    [InlineData("inputs", "'inputs' must hold 3 steps × InputSize = 6 values for the lengths given, but it holds 5")]
    [InlineData("targets", "'targets' must hold 2 sequences (their last steps) × OutputSize = 2 values, but it holds 3")]
    [InlineData("fixed", "whole sequences of 2 steps × InputSize = 4 values, but its length 6 is not a multiple of 4")]
    [InlineData("ragged", "Sequence 0 has 2 steps, so its targets must hold 4 values, but they hold 3")]
    public void Data_that_does_not_fit_is_refused_with_what_was_expected(string what, string message)
    {
        Action build = what switch
        {
            "lengths" => () => new SequenceDataSet<float>(new float[2], new float[2], [1, 0], 2, 1, SequenceTargets.EveryStep),
            "inputs" => () => new SequenceDataSet<float>(new float[5], new float[2], [1, 2], 2, 1, SequenceTargets.LastStep),
            "targets" => () => new SequenceDataSet<float>(new float[6], new float[3], [1, 2], 2, 1, SequenceTargets.LastStep),
            "fixed" => () => SequenceDataSet<float>.FixedLength(new float[6], new float[2], 2, 2, 1, SequenceTargets.LastStep),
            _ => () => SequenceDataSet<float>.Ragged([new float[4]], [new float[3]], 2, 2, SequenceTargets.EveryStep),
        };

        Assert.Contains(message, Assert.Throws<ArgumentException>(build).Message);
    }
}
