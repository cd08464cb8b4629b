namespace BpGen.Tests.Fixtures;

/// <summary>Small fixed problems to train on.</summary>
public static class Problems
{
    /// <summary>Points in [−1.5, 1.5]², labeled 1 inside the unit circle: inputs and one-hot targets for TestNet.</summary>
    public static (float[] Inputs, float[] Targets, int[] Labels) Circle(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var inputs = new float[2 * count];
        var targets = new float[2 * count];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            float x = (float)random.NextUniform(1.5), y = (float)random.NextUniform(1.5);
            inputs[2 * s] = x;
            inputs[2 * s + 1] = y;
            labels[s] = x * x + y * y < 1 ? 1 : 0;
            targets[2 * s + labels[s]] = 1;
        }

        return (inputs, targets, labels);
    }
}
