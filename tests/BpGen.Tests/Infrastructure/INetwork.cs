namespace BpGen.Tests.Infrastructure;

/// <summary>
/// The generated members, as an interface that test networks declare: generated classes implement
/// it implicitly, so tests can drive networks compiled at build time and at test time alike.
/// </summary>
public interface INetwork<T>
    where T : struct
{
    Span<T> Parameters { get; }

    void InitializeParameters(int seed);

    void Forward(ReadOnlySpan<T> input, Span<T> output);

    T Backward(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient);

    void Update(Span<T> gradient, T learningRate, int batchSize = 1, T l2 = default);
}
