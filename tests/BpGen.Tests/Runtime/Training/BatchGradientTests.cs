namespace BpGen.Tests.Runtime;

/// <summary>
/// A thread's share of a split batch's gradient is added a <see cref="System.Numerics.Vector{T}"/> at a
/// time where vectors are hardware-accelerated and one by one elsewhere: both ways give the same sums
/// and clear the share, lengths that are no multiple of the vector width included.
/// </summary>
public class BatchGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(64)]
    public void Vectors_and_scalars_move_a_share_into_the_gradient_alike(int length)
    {
        AssertMovesAlike<float, SingleScalar>(length);
        AssertMovesAlike<double, DoubleScalar>(length);
    }

    private static void AssertMovesAlike<T, TScalar>(int length)
        where T : unmanaged
        where TScalar : struct, IScalar<T>
    {
        var random = new SeededRandom(length);
        TScalar s = default;
        T[] share = Enumerable.Range(0, length).Select(_ => s.FromDouble(random.NextUniform(1.0))).ToArray();
        T[] gradient = Enumerable.Range(0, length).Select(_ => s.FromDouble(random.NextUniform(1.0))).ToArray();
        T[] sum = share.Zip(gradient, (a, b) => s.Add(b, a)).ToArray();

        foreach (bool vectors in new[] { true, false })
        {
            T[] shareCopy = (T[])share.Clone(), gradientCopy = (T[])gradient.Clone();
            BatchGradient<T, TScalar>.MoveInto(shareCopy, gradientCopy, vectors);
            Assert.Equal(sum, gradientCopy);
            Assert.All(shareCopy, v => Assert.Equal(default, v));
        }
    }
}
