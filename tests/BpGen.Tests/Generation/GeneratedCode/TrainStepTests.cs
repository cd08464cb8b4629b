extern alias Generator;

using Generator::BpGen.Generator.Model;

namespace BpGen.Tests.GeneratedCode;

/// <summary>TrainStep leaves exactly the parameters that Backward then Update(batch size 1) leave, fused or not.</summary>
public class TrainStepTests
{
    /// <summary>
    /// Unrolled networks above NetworkLimits.FusedTrainStepLimit, whose TrainStep runs Backward and Update
    /// (the matrix's unrolled networks are below it and fuse), one per loss, each in double and float.
    /// </summary>
    private static readonly NetworkSpec[] AboveFusedLimit = Enum.GetValues<Loss>()
        .Select(loss => new NetworkSpec($"Above{loss}", new[] { 4, 8, 6, 3 }, new[] { Activation.Tanh, Activation.ReLU }, Activation.Sigmoid, loss))
        .ToArray();

    private static readonly Lazy<System.Reflection.Assembly> AboveFusedLimitCompiled =
        new(() => NetworkSpec.Compile(AboveFusedLimit.SelectMany(spec => new[] { spec, ActivationLossMatrix.Single(spec) })));

    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void TrainStep_equals_Backward_then_Update_bit_for_bit(Activation activation, Loss loss, bool unrolled)
    {
        var spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        AssertSameSteps(ActivationLossMatrix.Create<double>(spec), ActivationLossMatrix.Create<double>(spec), spec, x => x, BitConverter.DoubleToInt64Bits);
        var single = ActivationLossMatrix.Single(spec);
        AssertSameSteps(ActivationLossMatrix.Create<float>(single), ActivationLossMatrix.Create<float>(single), spec, x => (float)x, v => BitConverter.SingleToInt32Bits(v));
    }

    [Fact]
    public void Above_the_fused_limit_TrainStep_equals_Backward_then_Update_bit_for_bit()
    {
        foreach (NetworkSpec spec in AboveFusedLimit)
        {
            Assert.InRange(spec.ParameterCount, NetworkLimits.FusedTrainStepLimit + 1, NetworkLimits.UnrollLimit);
            AssertSameSteps(NetworkSpec.Create<double>(AboveFusedLimitCompiled.Value, spec), NetworkSpec.Create<double>(AboveFusedLimitCompiled.Value, spec), spec, x => x, BitConverter.DoubleToInt64Bits);
            var single = ActivationLossMatrix.Single(spec);
            AssertSameSteps(NetworkSpec.Create<float>(AboveFusedLimitCompiled.Value, single), NetworkSpec.Create<float>(AboveFusedLimitCompiled.Value, single), spec, x => (float)x, v => BitConverter.SingleToInt32Bits(v));
        }
    }

    [Fact]
    public void TrainStep_checks_its_arguments()
    {
        var net = new TestNet();
        float[] before = net.Parameters.ToArray();
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => net.TrainStep(new float[2], new float[3], 0.1f)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => net.TrainStep(new float[2], new float[2], -1f)).ParamName);
        Assert.Equal("l2", Assert.Throws<ArgumentOutOfRangeException>(() => net.TrainStep(new float[2], new float[2], 0.1f, float.NaN)).ParamName);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    private static void AssertSameSteps<T>(INetwork<T> fused, INetwork<T> separate, NetworkSpec spec, Func<double, T> convert, Func<T, long> bits)
        where T : unmanaged
    {
        fused.InitializeParameters(6);
        separate.InitializeParameters(6);
        var random = new SeededRandom(8);
        var gradient = new T[spec.ParameterCount];
        for (int step = 0; step < 5; step++)
        {
            T[] input = Enumerable.Range(0, spec.InputSize).Select(_ => convert(random.NextUniform(1))).ToArray();
            T[] target = Targets.Random(spec.Loss, spec.OutputSize, ref random).Select(convert).ToArray();

            T fusedLoss = fused.TrainStep(input, target, convert(0.05), convert(0.01));
            T loss = separate.Backward(input, target, gradient);
            separate.Update(gradient, convert(0.05), 1, convert(0.01));

            Assert.Equal(bits(loss), bits(fusedLoss));
            Assert.Equal(separate.Parameters.ToArray().Select(bits), fused.Parameters.ToArray().Select(bits));
        }
    }
}
