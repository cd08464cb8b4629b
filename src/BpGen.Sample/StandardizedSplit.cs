namespace BpGen.Sample;

/// <summary>
/// The seeded train/test split both experiments use, with the inputs standardized by statistics of the
/// training part only, as the lecture notes advise.
/// </summary>
public sealed record StandardizedSplit(float[] TrainInputs, float[] TestInputs, int[] TrainRows, int[] TestRows)
{
    public static StandardizedSplit Of(float[] inputs, int featureCount, double testFraction, int seed)
    {
        var (trainRows, testRows) = DataSplit.Indices(inputs.Length / featureCount, testFraction, seed);
        float[] trainInputs = DataSplit.Rows<float>(inputs, featureCount, trainRows);
        float[] testInputs = DataSplit.Rows<float>(inputs, featureCount, testRows);
        Standardizer standardizer = Standardizer.Fit(trainInputs, featureCount);
        standardizer.Apply(trainInputs);
        standardizer.Apply(testInputs);
        return new StandardizedSplit(trainInputs, testInputs, trainRows, testRows);
    }

    /// <summary>The training part of one value per sample (a label or a target).</summary>
    public T[] Train<T>(T[] perSample) => DataSplit.Rows<T>(perSample, 1, TrainRows);

    /// <summary>The test part of one value per sample.</summary>
    public T[] Test<T>(T[] perSample) => DataSplit.Rows<T>(perSample, 1, TestRows);
}
