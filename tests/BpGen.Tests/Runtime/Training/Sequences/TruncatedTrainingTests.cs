using BpGen.Tests.Reference;
using static BpGen.Tests.Runtime.SequenceTraining.SequenceProblems;

namespace BpGen.Tests.Runtime.SequenceTraining;

/// <summary>
/// TruncatedSteps: windows of k steps with the state carried and the gradient stopped at each window's
/// start, held to the reference driven window by window; and the BackwardSequence overload it runs on.
/// </summary>
public class TruncatedTrainingTests
{
    [Theory]
    [InlineData(SequenceTargets.EveryStep)]
    [InlineData(SequenceTargets.LastStep)]
    public void Windows_at_least_as_long_as_the_sequences_are_whole_sequences(SequenceTargets which)
    {
        // Neighbours of one length go through BackwardSequences together, the others alone.
        SequenceDataSet<double> data = Random([5, 5, 3, 5, 2], which, seed: 1);
        double[] whole = TrainedParameters(data, 0), exact = TrainedParameters(data, 5), longer = TrainedParameters(data, 9);

        Assert.Equal(whole, exact);
        Assert.Equal(whole, longer);
    }

    /// <summary>
    /// One epoch of SGD with α = 1 over one batch moves θ by the batch's mean gradient, which must be, per
    /// sequence, Σ_w (n_w/T)·∇J_w (every step) or the last window's ∇J (last step), each window from the
    /// state the steps before it left.
    /// </summary>
    [Theory]
    [InlineData(SequenceTargets.EveryStep, 3)]
    [InlineData(SequenceTargets.EveryStep, 1)]
    [InlineData(SequenceTargets.LastStep, 3)]
    public void Shorter_windows_follow_the_reference_window_by_window(SequenceTargets which, int window)
    {
        // The two of 7 steps must be cut into windows although they are neighbours of one length, while
        // the two of 2, shorter than any window here, may go through BackwardSequences together.
        SequenceDataSet<double> data = Random([7, 7, 4, 2, 2], which, seed: 2);
        IRecurrentNetwork<double> net = Lstm();
        ReferenceRecurrent reference = LstmReference(net);
        double[] initial = net.Parameters.ToArray();
        double[] trained = TrainedParameters(data, window);
        double[] gradient = initial.Select((theta, k) => (theta - trained[k]) * data.Count).ToArray();

        var expected = new double[initial.Length];
        var whole = new double[initial.Length];
        for (int i = 0; i < data.Count; i++)
        {
            double[][] inputs = Rows(data.Inputs(i), 3), targets = Rows(data.Targets(i), 4);
            Add(whole, reference.Gradient(inputs, targets, which), 1);
            double[] state = reference.InitialState();
            for (int first = 0; first < inputs.Length; first += window)
            {
                int n = Math.Min(window, inputs.Length - first);
                double[][] windowInputs = inputs[first..(first + n)];
                if (which == SequenceTargets.EveryStep)
                {
                    Add(expected, reference.Gradient(windowInputs, targets[first..(first + n)], which, state), (double)n / inputs.Length);
                }
                else if (first + n == inputs.Length)
                {
                    Add(expected, reference.Gradient(windowInputs, targets, which, state), 1);
                }

                foreach (double[] input in windowInputs)
                {
                    state = reference.Step(input, state).State;
                }
            }
        }

        Assert.All(gradient.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 1e-10));
        Assert.True(gradient.Zip(whole).Max(pair => Math.Abs(pair.First - pair.Second)) > 1e-4, "cut windows should lose the gradient across their boundaries");
    }

    [Theory]
    [InlineData(SequenceTargets.EveryStep)]
    [InlineData(SequenceTargets.LastStep)]
    public void BackwardSequence_from_a_state_follows_the_reference_and_moves_the_state_on(SequenceTargets which)
    {
        SequenceDataSet<double> data = Random([5], which, seed: 3);
        IRecurrentNetwork<double> net = Lstm();
        ReferenceRecurrent reference = LstmReference(net);
        double[] start = Enumerable.Range(0, net.StateSize).Select(k => 0.1 * Math.Sin(k + 1)).ToArray();
        double[] state = (double[])start.Clone();
        var gradient = new double[net.ParameterCount];
        var record = new double[5 * net.RecordSizePerStep];

        double loss = net.BackwardSequence(data.Inputs(0), data.Targets(0), gradient, state, record);

        double[][] inputs = Rows(data.Inputs(0), 3), targets = Rows(data.Targets(0), 4);
        Assert.Equal(reference.Loss(inputs, targets, which, start), loss, 1e-12);
        Assert.All(gradient.Zip(reference.Gradient(inputs, targets, which, start)), pair => Assert.Equal(pair.Second, pair.First, 1e-12));
        double[] end = inputs.Aggregate(start, (s, input) => reference.Step(input, s).State);
        Assert.All(state.Zip(end), pair => Assert.Equal(pair.Second, pair.First, 1e-12));
    }

    [Fact]
    public void A_record_too_short_is_refused_with_the_length_needed()
    {
        IRecurrentNetwork<double> net = Lstm();
        var record = new double[5 * net.RecordSizePerStep - 1];

        var error = Assert.Throws<ArgumentException>(() => net.BackwardSequence(new double[15], new double[4], new double[net.ParameterCount], new double[net.StateSize], record));

        Assert.Equal("record", error.ParamName);
        Assert.Contains($"at least T × RecordSizePerStep = {5 * net.RecordSizePerStep}, but its length is {record.Length}", error.Message);
    }

    /// <summary>θ after one epoch of SGD, α = 1, one batch of every sequence in order, from the initial parameters.</summary>
    private static double[] TrainedParameters(SequenceDataSet<double> data, int truncatedSteps)
    {
        IRecurrentNetwork<double> net = Lstm();
        net.Train(data, new TrainingOptions { Epochs = 1, BatchSize = data.Count, Shuffle = false, LearningRate = 1, TruncatedSteps = truncatedSteps });
        return net.Parameters.ToArray();
    }

    private static void Add(double[] sum, double[] values, double weight)
    {
        for (int k = 0; k < sum.Length; k++)
        {
            sum[k] += weight * values[k];
        }
    }
}
