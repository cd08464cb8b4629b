extern alias Generator;

using System.Reflection;
using Generator::BpGen.Generator.Model;

namespace BpGen.Tests.Fixtures;

/// <summary>
/// One network per activation × loss × code path (unrolled and looped), and a two-class softmax network
/// per activation, each in double and float,
/// generated and compiled once for all the tests that use them. The compilation allows unsafe code, so
/// the looped methods here skip zeroing their stack scratch; the random topologies elsewhere do not.
/// </summary>
public static class ActivationLossMatrix
{
    /// <summary>Two hidden layers, small enough to unroll.</summary>
    private static readonly int[] UnrolledSizes = { 3, 5, 4, 3 };

    /// <summary>Two hidden layers, too many parameters to unroll.</summary>
    private static readonly int[] LoopedSizes = { 6, 20, 12, 3 };

    /// <summary>Two outputs, whose softmax the lanes code takes from one exponential.</summary>
    private static readonly int[] TwoClassSizes = { 3, 5, 4, 2 };

    private static readonly Lazy<Assembly> Compiled = new(() => NetworkSpec.Compile(All().SelectMany(s => new[] { s, Single(s) }), allowUnsafe: true));

    public static IEnumerable<object[]> Cases() =>
        from activation in Enum.GetValues<Activation>()
        from loss in Enum.GetValues<Loss>()
        from unrolled in new[] { true, false }
        select new object[] { activation, loss, unrolled };

    public static NetworkSpec Spec(Activation activation, Loss loss, bool unrolled)
    {
        int[] sizes = unrolled ? UnrolledSizes : LoopedSizes;
        Assert.Equal(unrolled, new NetworkSpec("", sizes, [], activation, loss).ParameterCount <= NetworkLimits.UnrollLimit);
        return new NetworkSpec($"{activation}{loss}{(unrolled ? "Unrolled" : "Looped")}", sizes, [activation, activation], activation, loss);
    }

    public static IEnumerable<object[]> TwoClassCases() => Enum.GetValues<Activation>().Select(activation => new object[] { activation });

    /// <summary>A softmax network of two outputs, small enough to unroll.</summary>
    public static NetworkSpec TwoClass(Activation activation) =>
        new($"{activation}TwoClass", TwoClassSizes, [activation, activation], activation, Loss.SoftmaxCrossEntropy);

    public static NetworkSpec Single(NetworkSpec spec) => spec with { Name = spec.Name + "Single", UseDouble = false };

    public static INetwork<T> Create<T>(NetworkSpec spec)
        where T : unmanaged => NetworkSpec.Create<T>(Compiled.Value, spec);

    private static IEnumerable<NetworkSpec> All() =>
        Cases().Select(c => Spec((Activation)c[0], (Loss)c[1], (bool)c[2])).Concat(TwoClassCases().Select(c => TwoClass((Activation)c[0])));
}
