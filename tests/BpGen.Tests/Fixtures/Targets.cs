namespace BpGen.Tests.Fixtures;

/// <summary>Targets y that each loss is defined for, and the loss J computed independently from outputs.</summary>
public static class Targets
{
    /// <summary>A distribution for softmax (Σy = 1), values in [0, 1] for binary cross-entropy, any values for MSE.</summary>
    public static double[] Random(Loss loss, int count, ref SeededRandom random)
    {
        var target = new double[count];
        for (int i = 0; i < count; i++)
        {
            target[i] = loss == BpGen.Loss.MeanSquaredError ? random.NextUniform(1.0) : random.NextDouble();
        }

        if (loss == BpGen.Loss.SoftmaxCrossEntropy)
        {
            double sum = target.Sum();
            for (int i = 0; i < count; i++)
            {
                target[i] /= sum;
            }
        }

        return target;
    }

    /// <summary>The per-sample loss of Forward's <paramref name="output"/> against <paramref name="target"/>.</summary>
    public static double LossOf(Loss loss, ReadOnlySpan<double> output, ReadOnlySpan<double> target)
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            sum += loss switch
            {
                BpGen.Loss.SoftmaxCrossEntropy => -target[i] * Math.Log(output[i]),
                BpGen.Loss.BinaryCrossEntropy => -(target[i] * Math.Log(output[i]) + (1 - target[i]) * Math.Log(1 - output[i])),
                _ => 0.5 * (output[i] - target[i]) * (output[i] - target[i]),
            };
        }

        return sum;
    }
}
