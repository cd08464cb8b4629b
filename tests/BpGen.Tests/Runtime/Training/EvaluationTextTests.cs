namespace BpGen.Tests.Runtime.Training;

/// <summary>An <see cref="Evaluation"/> prints as one readable line, like a <see cref="TrainingReport"/>.</summary>
public class EvaluationTextTests
{
    [Fact]
    public void A_classification_prints_its_loss_accuracy_and_count()
    {
        Assert.Equal("Loss 0.0812346, accuracy 97.03% over 539 samples.", new Evaluation(539, 0.08123456789, 0.970315).ToString());
    }

    [Fact]
    public void A_regression_has_no_accuracy_to_print()
    {
        Assert.Equal("Loss 2917.5 over 133 samples.", new Evaluation(133, 2917.5, double.NaN).ToString());
    }

    [Fact]
    public void One_sample_and_no_samples_read_as_such()
    {
        Assert.Equal("Loss 0.5, accuracy 100.00% over 1 sample.", new Evaluation(1, 0.5, 1.0).ToString());
        Assert.Equal("No samples were evaluated.", new Evaluation(0, double.NaN, double.NaN).ToString());
    }

}
