using BpGen.Tests.Infrastructure;
using static BpGen.Tests.Runtime.SequenceTraining.SequenceProblems;

namespace BpGen.Tests.Runtime.SequenceTraining;

/// <summary>Evaluate on sequences: the mean of BackwardSequence's J, and the share of targeted steps classified right.</summary>
public class SequenceEvaluateTests
{
    [Theory]
    [InlineData(SequenceTargets.EveryStep)]
    [InlineData(SequenceTargets.LastStep)]
    public void The_loss_is_the_mean_BackwardSequence_J_and_the_accuracy_the_mean_share_of_right_steps(SequenceTargets which)
    {
        SequenceDataSet<double> data = Random([3, 8, 1, 5], which, seed: 1);
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

        Assert.Equal(4, evaluation.Count);
        Assert.Equal(loss, evaluation.Loss, 1e-12);
        Assert.Equal(accuracy, evaluation.Accuracy, 1e-12);
        Assert.Equal(before, net.Parameters.ToArray());
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
