
namespace BpGen.Tests.Runtime;

/// <summary>Evaluate: ForwardBatch over chunks of samples, the loss J of each output, the smallest-normal floor, nothing allocated.</summary>
public class EvaluateTests
{
    [Theory]
    [InlineData(Loss.SoftmaxCrossEntropy)]
    [InlineData(Loss.BinaryCrossEntropy)]
    [InlineData(Loss.MeanSquaredError)]
    public void The_loss_is_the_mean_J_of_the_batched_pass_and_matches_Forward_and_Backward(Loss loss)
    {
        INetwork<float> net = loss switch
        {
            Loss.SoftmaxCrossEntropy => new TestNet(),
            Loss.BinaryCrossEntropy => new XorNet(),
            _ => new RegressionNet(),
        };
        const int Count = 50;
        var random = new SeededRandom(7);
        float[] inputs = Enumerable.Range(0, Count * net.InputSize).Select(_ => (float)random.NextUniform(2)).ToArray();
        float[] targets = Enumerable.Range(0, Count).SelectMany(_ => Targets.Random(loss, net.OutputSize, ref random)).Select(y => (float)y).ToArray();

        // Evaluate takes its outputs from ForwardBatch, equal to Forward's up to float rounding, and the
        // binary cross-entropy from the logits, through BackwardBatch.
        double fromBatchOutputs = 0, fromOutputs = 0, fromBackward = 0;
        var outputs = new float[Count * net.OutputSize];
        net.ForwardBatch(inputs, outputs);
        var output = new float[net.OutputSize];
        var gradient = new float[net.ParameterCount];
        for (int s = 0; s < Count; s++)
        {
            float[] input = inputs.AsSpan(s * net.InputSize, net.InputSize).ToArray();
            double[] target = targets.AsSpan(s * net.OutputSize, net.OutputSize).ToArray().Select(y => (double)y).ToArray();
            fromBatchOutputs += Targets.LossOf(loss, outputs.AsSpan(s * net.OutputSize, net.OutputSize).ToArray().Select(a => (double)a).ToArray(), target);
            net.Forward(input, output);
            fromOutputs += Targets.LossOf(loss, output.Select(a => (double)a).ToArray(), target);
            fromBackward += net.Backward(input, targets.AsSpan(s * net.OutputSize, net.OutputSize), gradient);
        }

        Evaluation evaluation = net.Evaluate(new DataSet<float>(inputs, targets));

        Assert.Equal(Count, evaluation.Count);
        double fromBatch = loss == Loss.BinaryCrossEntropy ? net.BackwardBatch(inputs, targets, gradient) : fromBatchOutputs;
        Assert.Equal(fromBatch / Count, evaluation.Loss, 1e-12);
        Assert.Equal(fromBatchOutputs / Count, evaluation.Loss, 1e-5);
        Assert.Equal(fromOutputs / Count, evaluation.Loss, 1e-5); // ForwardBatch rounds in another order than Forward
        Assert.Equal(fromBackward / Count, evaluation.Loss, 1e-5); // Backward works in float, from z
    }

    [Fact]
    public void An_output_rounded_to_0_or_1_costs_the_log_of_the_smallest_normal_value_not_infinity()
    {
        double floatFloor = 126 * Math.Log(2), doubleFloor = 1022 * Math.Log(2); // −ln 2^−126, −ln 2^−1022

        Assert.Equal(floatFloor, LossFunctions.SoftmaxCrossEntropy<float, SingleScalar>(new[] { 1f, 0f }, new[] { 0f, 1f }), 1e-12);
        Assert.Equal(doubleFloor, LossFunctions.SoftmaxCrossEntropy<double, DoubleScalar>(new[] { 1d, 0d }, new[] { 0d, 1d }), 1e-12);
        Assert.Equal(floatFloor, LossFunctions.BinaryCrossEntropy<float, SingleScalar>(new[] { 1f }, new[] { 0f }), 1e-12);
        Assert.Equal(2 * doubleFloor, LossFunctions.BinaryCrossEntropy<double, DoubleScalar>(new[] { 0d, 1d }, new[] { 1d, 0d }), 1e-12);
    }

    [Fact]
    public void Evaluate_allocates_nothing()
    {
        var net = new DigitsNet();
        var random = new SeededRandom(2);
        float[] inputs = Enumerable.Range(0, 20 * DigitsNet.InputSize).Select(_ => (float)random.NextUniform(1)).ToArray();
        int[] labels = Enumerable.Range(0, 20).Select(_ => random.NextInt(DigitsNet.OutputSize)).ToArray();
        Assert.Equal(0, Allocations.InSteadyState(() => net.Evaluate(DataSet<float>.WithLabels(inputs, labels))));

        // Binary cross-entropy's gradient, which it discards, comes from the pool.
        INetwork<float> binary = new XorNet();
        float[] binaryInputs = inputs.AsSpan(0, 20 * binary.InputSize).ToArray(), binaryTargets = labels.Select(l => (float)(l % 2)).ToArray();
        Assert.Equal(0, Allocations.InSteadyState(() => binary.Evaluate(new DataSet<float>(binaryInputs, binaryTargets))));
    }
}
