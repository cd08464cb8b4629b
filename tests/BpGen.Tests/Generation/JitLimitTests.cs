extern alias Generator;

using System.Reflection;
using Generator::BpGen.Generator.Model;

namespace BpGen.Tests.Generation;

/// <summary>
/// The JIT compiles a method without optimization once it passes 60,000 bytes of IL or 2,000 locals
/// (docs/design.md). The largest unrolled networks must stay well inside (a third of the IL, a quarter
/// of the locals), and the looped path must not grow with the number of weights.
/// </summary>
public class JitLimitTests
{
    private const int MaxILBytes = 60_000;
    private const int MaxLocals = 2_000;

    /// <summary>Shapes at the unroll limit: one wide layer, a deep stack, wide inputs.</summary>
    private static readonly NetworkSpec[] LargestUnrolled =
    {
        new("OneWide", new[] { 1, 85, 1 }, new[] { Activation.Tanh }, Activation.Identity, Loss.MeanSquaredError, UseDouble: false),
        new("Deep", new[] { 2, 7, 7, 7, 7, 6, 2 }, Enumerable.Repeat(Activation.Sigmoid, 5).ToArray(), Activation.Identity, Loss.SoftmaxCrossEntropy, UseDouble: false),
        new("WideInput", new[] { 250, 1 }, Array.Empty<Activation>(), Activation.Sigmoid, Loss.BinaryCrossEntropy, UseDouble: false),
    };

    [Fact]
    public void The_largest_unrolled_methods_stay_inside_the_JIT_limits()
    {
        Assert.All(LargestUnrolled, spec => Assert.InRange(spec.ParameterCount, NetworkLimits.UnrollLimit - 10, NetworkLimits.UnrollLimit));
        Assembly assembly = NetworkSpec.Compile(LargestUnrolled);
        foreach (NetworkSpec spec in LargestUnrolled)
        {
            foreach (string name in new[] { "Forward", "Backward", "TrainStep" })
            {
                MethodBody body = assembly.GetType("TestNetworks." + spec.Name)!.GetMethod(name)!.GetMethodBody()!;
                Assert.True(body.GetILAsByteArray()!.Length < MaxILBytes / 3, $"{spec.Name}.{name}: {body.GetILAsByteArray()!.Length} bytes of IL");
                Assert.True(body.LocalVariables.Count < MaxLocals / 4, $"{spec.Name}.{name}: {body.LocalVariables.Count} locals");
            }
        }
    }

    [Fact]
    public void Looped_methods_do_not_grow_with_the_weights()
    {
        var small = new NetworkSpec("Small", new[] { 20, 20, 20 }, new[] { Activation.ReLU }, Activation.Identity, Loss.SoftmaxCrossEntropy, UseDouble: false);
        var huge = small with { Name = "Huge", Sizes = new[] { 2000, 2000, 20 } };
        Assembly assembly = NetworkSpec.Compile(new[] { small, huge });

        int SizeOf(NetworkSpec spec) => assembly.GetType("TestNetworks." + spec.Name)!.GetMethod("Backward")!.GetMethodBody()!.GetILAsByteArray()!.Length;

        Assert.True(small.ParameterCount > NetworkLimits.UnrollLimit);
        Assert.InRange(SizeOf(huge) - SizeOf(small), -128, 128); // only wider constants differ
    }
}
