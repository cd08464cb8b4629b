namespace BpGen.Tests.Runtime;

/// <summary>
/// A mini-batch is gathered from a data set in the order given: inputs and targets one sample after
/// another, labels as one-hot targets whatever the buffer held before, and an empty slice leaves the
/// buffers as they were.
/// </summary>
public class DataSetGatherTests
{
    private static readonly float[] Inputs = { 0, 1, 10, 11, 20, 21, 30, 31 }; // four samples of two inputs

    [Fact]
    public void Labels_become_one_hot_targets_in_the_order_given()
    {
        var data = DataSet<float>.WithLabels(Inputs, new[] { 2, 0, 1, 2 });
        float[] inputs = new float[6], targets = Enumerable.Repeat(7f, 9).ToArray();

        data.Gather<SingleScalar>(new[] { 3, 0, 1 }, inputs, targets);

        Assert.Equal(new float[] { 30, 31, 0, 1, 10, 11 }, inputs);
        Assert.Equal(new float[] { 0, 0, 1, 0, 0, 1, 1, 0, 0 }, targets);
    }

    [Fact]
    public void Target_vectors_are_copied_in_the_order_given()
    {
        var data = new DataSet<float>(Inputs, new float[] { 0.5f, 1.5f, 2.5f, 3.5f });
        float[] inputs = new float[4], targets = new float[2];

        data.Gather<SingleScalar>(new[] { 2, 1 }, inputs, targets);

        Assert.Equal(new float[] { 20, 21, 10, 11 }, inputs);
        Assert.Equal(new float[] { 2.5f, 1.5f }, targets);
    }

    [Fact]
    public void An_empty_slice_gathers_nothing()
    {
        // A thread's slice of a split batch may be empty: no sizes can be read from it, and none are needed.
        var data = DataSet<float>.WithLabels(Inputs, new[] { 2, 0, 1, 2 });
        float[] inputs = { 5 }, targets = { 6 };
        data.Gather<SingleScalar>(ReadOnlySpan<int>.Empty, inputs.AsSpan(0, 0), targets.AsSpan(0, 0));
        Assert.Equal(new float[] { 5 }, inputs);
        Assert.Equal(new float[] { 6 }, targets);
    }
}
