namespace BpGen.Sample;

/// <summary>
/// The seeded train/test split both experiments use, the inputs raw, with the standardization fitted on
/// the training part only, so that nothing of the test part leaks into training. The network applies it itself
/// (<c>InputScaling</c>), so it trains, predicts and is saved on raw inputs.
/// </summary>
public sealed record TrainTestSplit(float[] TrainInputs, float[] TestInputs, int[] TrainRows, int[] TestRows, Standardizer InputScaling)
{
    public static TrainTestSplit Of(float[] inputs, int featureCount, double testFraction, int seed)
    {
        var (trainRows, testRows) = DataSplit.Indices(inputs.Length / featureCount, testFraction, seed);
        float[] trainInputs = DataSplit.Rows<float>(inputs, featureCount, trainRows);
        float[] testInputs = DataSplit.Rows<float>(inputs, featureCount, testRows);
        return new TrainTestSplit(trainInputs, testInputs, trainRows, testRows, Standardizer.Fit(trainInputs, featureCount));
    }

    /// <summary>The training part of one value per sample (a label or a target).</summary>
    public T[] Train<T>(T[] perSample) => DataSplit.Rows<T>(perSample, 1, TrainRows);

    /// <summary>The test part of one value per sample.</summary>
    public T[] Test<T>(T[] perSample) => DataSplit.Rows<T>(perSample, 1, TestRows);
}
