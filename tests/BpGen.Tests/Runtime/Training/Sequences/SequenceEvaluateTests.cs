using BpGen.Tests.Infrastructure;
using static BpGen.Tests.Runtime.SequenceTraining.SequenceProblems;

namespace BpGen.Tests.Runtime.SequenceTraining;

/// <summary>
/// Evaluate on sequences: the mean of BackwardSequence's J, and the share of targeted steps classified
/// right, whether neighbouring sequences of one length step together through StepBatch or alone.
/// </summary>
public class SequenceEvaluateTests
{
    [Theory]
    [InlineData(SequenceTargets.EveryStep)]
    [InlineData(SequenceTargets.LastStep)]
    public void The_loss_is_the_mean_BackwardSequence_J_and_the_accuracy_the_mean_share_of_right_steps(SequenceTargets which)
    {
        SequenceDataSet<double> data = Random([3, 8, 8, 8, 1, 5, 5], which, seed: 1);
        IRecurrentNetwork<double> net = Lstm();
        double[] before = net.Parameters.ToArray();
        var gradient = new double[net.ParameterCount];
        double loss = 0, accuracy = 0;
        for (int i = 0; i < data.Count; i++)
        {
            loss += net.BackwardSequence(data.Inputs(i), data.Targets(i), gradient) / data.Count;
            var outputs = new double[data.Length(i) * 4];
            net.ForwardSequence(data.Inputs(i), outputs);
            double[][] rows = Rows(outputs, 4), targets = Rows(data.Targets(i), 4);
            double[][] targeted = which == SequenceTargets.EveryStep ? rows : [rows[^1]];
            accuracy += targeted.Zip(targets).Average(pair => Array.IndexOf(pair.First, pair.First.Max()) == Array.IndexOf(pair.Second, 1.0) ? 1.0 : 0.0) / data.Count;
        }

        Evaluation evaluation = net.Evaluate(data);

        Assert.Equal(7, evaluation.Count);
        Assert.Equal(loss, evaluation.Loss, 1e-12);
        Assert.Equal(accuracy, evaluation.Accuracy, 1e-12);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void Float_sequences_stepped_in_vector_lanes_give_the_one_by_one_loss_and_accuracy()
    {
        // StackedBce (5 → dense 4 → GRU 7 → LSTM 6 → dense 3 → 2, float) is past the unroll limit, so
        // StepBatch takes sixteen sequences at a time in vector lanes; the runs here are 2, 37 and 1 long.
        var net = (IRecurrentNetwork<float>)Generation.Recurrent.RecurrentNetworks.Create(Case("StackedBce"));
        int[] lengths = [2, 2, .. Enumerable.Repeat(4, 37), 3];
        var random = new SeededRandom(6);
        var inputs = lengths.Select(steps => Enumerable.Range(0, steps * 5).Select(_ => (float)random.NextUniform(1.0)).ToArray()).ToList();
        var targets = lengths.Select(steps => Enumerable.Range(0, steps * 2).Select(_ => random.NextUniform(1.0) > 0 ? 1f : 0f).ToArray()).ToList();
        var data = SequenceDataSet<float>.Ragged(inputs, targets, 5, 2, SequenceTargets.EveryStep);

        double loss = 0, accuracy = 0;
        for (int i = 0; i < data.Count; i++)
        {
            loss += net.BackwardSequence(data.Inputs(i), data.Targets(i), new float[net.ParameterCount]) / data.Count;
            var outputs = new float[data.Length(i) * 2];
            net.ForwardSequence(data.Inputs(i), outputs);
            float[] y = data.Targets(i).ToArray();
            // A step is right when both outputs are on their target's side of 0.5.
            accuracy += Enumerable.Range(0, data.Length(i)).Average(t => Enumerable.Range(2 * t, 2).All(k => (outputs[k] >= 0.5f) == (y[k] == 1f)) ? 1.0 : 0.0) / data.Count;
        }

        Evaluation evaluation = net.Evaluate(data);

        Assert.Equal(loss, evaluation.Loss, 1e-5 * loss);
        Assert.Equal(accuracy, evaluation.Accuracy, 1e-12);
    }

    [Fact]
    public void Regression_has_no_accuracy_and_an_empty_set_no_loss()
    {
        IRecurrentNetwork<float> net = Gru();

        Assert.True(double.IsNaN(net.Evaluate(Delay(3, [4], seed: 2)).Accuracy));
        Assert.Equal(0, net.Evaluate(new SequenceDataSet<float>([], [], [], 4, 3, SequenceTargets.EveryStep)).Count);
    }

    [Fact]
    public void Evaluate_allocates_nothing()
    {
        IRecurrentNetwork<float> net = Gru();
        SequenceDataSet<float> data = Delay(5, [400, 3], seed: 3);

        Assert.Equal(0, Allocations.InSteadyState(() => net.Evaluate(data)));
    }
}
