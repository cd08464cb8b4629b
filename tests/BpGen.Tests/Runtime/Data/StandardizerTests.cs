namespace BpGen.Tests.Runtime;

/// <summary>Standardizer's float path: the same arithmetic a vector at a time as one feature at a time.</summary>
public class StandardizerTests
{
    /// <summary>Feature counts below, at and past a vector's width, so both the vector part and the rest are used.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(67)]
    public void Every_float_is_standardized_with_mean_and_factor_rounded_to_float(int features)
    {
        var random = new Random(features);
        double[] mean = Enumerable.Range(0, features).Select(_ => random.NextDouble() * 100 - 50).ToArray();
        double[] deviation = Enumerable.Range(0, features).Select(i => i % 5 == 0 ? 0 : random.NextDouble() * 10).ToArray();
        var scaling = new Standardizer(mean, deviation);
        float[] raw = Enumerable.Range(0, 3 * features).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();

        var standardized = new float[raw.Length];
        scaling.Apply(raw, standardized);
        float[] inPlace = raw.ToArray();
        scaling.Apply(inPlace);

        for (int i = 0; i < raw.Length; i++)
        {
            int f = i % features;
            float factor = deviation[f] > 0 ? (float)(1 / deviation[f]) : 0f;
            float expected = (raw[i] - (float)mean[f]) * factor;
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(standardized[i]));
        }

        Assert.Equal(standardized, inPlace);
    }
}
