namespace BpGen.Sample;

/// <summary>
/// The training settings of each run, shared with the tests that check their accuracy. Patience is 0
/// because the runs watch the test part as their validation set: it must never steer training.
/// </summary>
public static class Settings
{
    public static TrainingOptions Digits() => new()
    {
        Epochs = 60,
        BatchSize = 32,
        Optimizer = Optimizer.Momentum,
        LearningRate = 0.05,
        L2 = 1e-4,
        Seed = 1,
        Patience = 0,
    };

    /// <summary>
    /// The digits GRU: Adam, batches of 32, the gradient's norm clipped at 1 as recurrent training needs,
    /// each batch shared by two threads (the same result on any machine: it depends on the parallelism, not the cores).
    /// </summary>
    public static TrainingOptions DigitsSequence() => new()
    {
        Epochs = 60,
        BatchSize = 32,
        Optimizer = Optimizer.Adam,
        LearningRate = 0.01,
        GradientClipping = 1,
        Seed = 1,
        Patience = 0,
        Parallelism = 2,
    };

    public static TrainingOptions Iris() => new()
    {
        Epochs = 200,
        BatchSize = 8,
        Optimizer = Optimizer.Adam,
        LearningRate = 0.01,
        Seed = 1,
        Patience = 0,
    };

    public static TrainingOptions Diabetes() => new()
    {
        Epochs = 300,
        BatchSize = 16,
        Optimizer = Optimizer.Adam,
        LearningRate = 0.001,
        L2 = 1e-3,
        Seed = 1,
        Patience = 0,
    };

    public static TrainingOptions TestNet() => new()
    {
        Epochs = 500,
        BatchSize = 10,
        LearningRate = 0.5,
        Seed = 1,
    };
}
