using System.Reflection;

namespace BpGen.Tests.GeneratedCode;

/// <summary>
/// ForwardBatch and BackwardBatch against Forward and Backward one sample at a time, for every
/// activation × loss × code path, in float and double, for sample counts around the network's block
/// width: none, one, a block short by one, a block, a block and one, and three blocks and a short one.
/// </summary>
public class BatchedMethodTests
{
    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void ForwardBatch_gives_Forward_of_every_sample(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        AssertForwardBatch(ActivationLossMatrix.Create<double>(spec), spec, v => v, v => v, 1e-12);
        AssertForwardBatch(ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec)), spec, v => (float)v, v => v, 1e-5);
    }

    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void BackwardBatch_adds_the_sum_of_Backward_over_the_samples(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        AssertBackwardBatch(ActivationLossMatrix.Create<double>(spec), spec, v => v, v => v, 1e-10);
        AssertBackwardBatch(ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec)), spec, v => (float)v, v => v, 1e-5);
    }

    [Theory]
    [MemberData(nameof(ActivationLossMatrix.Cases), MemberType = typeof(ActivationLossMatrix))]
    public void BackwardBatch_matches_central_differences(Activation activation, Loss loss, bool unrolled)
    {
        NetworkSpec spec = ActivationLossMatrix.Spec(activation, loss, unrolled);
        INetwork<double> network = ActivationLossMatrix.Create<double>(spec);
        int samples = BatchWidth(network) + 3; // a full block and a short one
        for (int seed = 1; seed <= 2; seed++)
        {
            double error = GradientCheck.MaxRelativeErrorOfBatch(network, spec, seed, samples);
            Assert.True(error <= 1e-6, $"{spec}, seed {seed}: relative error {error:E2}");
        }
    }

    /// <summary>Two outputs: the lanes code's softmax then takes both e^(z − max) from one exponential.</summary>
    [Theory]
    [MemberData(nameof(ActivationLossMatrix.TwoClassCases), MemberType = typeof(ActivationLossMatrix))]
    public void A_two_class_network_batches_as_it_runs_one_sample(Activation activation)
    {
        NetworkSpec spec = ActivationLossMatrix.TwoClass(activation);
        AssertForwardBatch(ActivationLossMatrix.Create<double>(spec), spec, v => v, v => v, 1e-12);
        AssertForwardBatch(ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec)), spec, v => (float)v, v => v, 1e-5);
        AssertBackwardBatch(ActivationLossMatrix.Create<double>(spec), spec, v => v, v => v, 1e-10);
        AssertBackwardBatch(ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec)), spec, v => (float)v, v => v, 1e-5);
        double error = GradientCheck.MaxRelativeErrorOfBatch(ActivationLossMatrix.Create<double>(spec), spec, 1, BatchWidth(ActivationLossMatrix.Create<double>(spec)) + 3);
        Assert.True(error <= 1e-6, $"{spec}: relative error {error:E2}");
    }

    /// <summary>
    /// A logit that is NaN or infinite in either output of a two-class network (its output bias set so)
    /// gives in ForwardBatch what Forward gives each sample: NaN in both outputs for NaN and +∞, (0, 1)
    /// or (1, 0) for −∞.
    /// </summary>
    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(1, double.NaN)]
    [InlineData(0, double.PositiveInfinity)]
    [InlineData(1, double.PositiveInfinity)]
    [InlineData(0, double.NegativeInfinity)]
    [InlineData(1, double.NegativeInfinity)]
    public void A_two_class_network_with_a_logit_that_is_not_finite_batches_as_it_runs_one_sample(int output, double bias)
    {
        NetworkSpec spec = ActivationLossMatrix.TwoClass(Activation.Tanh);
        AssertNotFiniteLogit(ActivationLossMatrix.Create<double>(spec), spec, output, v => v, v => v, bias);
        AssertNotFiniteLogit(ActivationLossMatrix.Create<float>(ActivationLossMatrix.Single(spec)), spec, output, v => (float)v, v => v, bias);
    }

    private static void AssertNotFiniteLogit<T>(INetwork<T> network, NetworkSpec spec, int output, Func<double, T> convert, Func<T, double> value, double bias)
        where T : unmanaged
    {
        network.InitializeParameters(7);
        network.Parameters[spec.ParameterCount - spec.OutputSize + output] = convert(bias); // b^L of that output
        int count = (2 * BatchWidth(network)) + 1;
        (T[] inputs, _) = Samples(spec, count, 3, convert);
        AssertBatchGivesForward(
            network, spec, inputs, value, (expected, actual) => double.IsNaN(expected) ? double.IsNaN(actual) : actual == expected, $"bias {bias} on output {output}");
    }

    /// <summary>The generated constant: samples per block.</summary>
    public static int BatchWidth(object network) =>
        (int)network.GetType().GetField("BatchWidth", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    /// <summary>0, 1, W − 1, W, W + 1 and 3W + 5 samples, without repeats for narrow blocks.</summary>
    public static int[] SampleCounts(int width) => new[] { 0, 1, width - 1, width, width + 1, (3 * width) + 5 }.Distinct().ToArray();

    /// <summary>Seeded inputs in [−2, 2) and targets valid for the loss, m samples one after another.</summary>
    public static (T[] Inputs, T[] Targets) Samples<T>(NetworkSpec spec, int count, int seed, Func<double, T> convert)
    {
        var random = new SeededRandom(seed);
        var inputs = new List<T>();
        var targets = new List<T>();
        for (int s = 0; s < count; s++)
        {
            inputs.AddRange(Enumerable.Range(0, spec.InputSize).Select(_ => convert(random.NextUniform(2.0))));
            targets.AddRange(Targets.Random(spec.Loss, spec.OutputSize, ref random).Select(convert));
        }

        return (inputs.ToArray(), targets.ToArray());
    }

    private static void AssertForwardBatch<T>(INetwork<T> network, NetworkSpec spec, Func<double, T> convert, Func<T, double> value, double tolerance)
        where T : unmanaged
    {
        network.InitializeParameters(7);
        foreach (int count in SampleCounts(BatchWidth(network)))
        {
            (T[] inputs, _) = Samples(spec, count, count + 1, convert);

            // Relative to at least 1, the scale of the terms summed: an output near 0 is a difference of
            // terms near 1, whose rounding in a different order is of their size, not its.
            AssertBatchGivesForward(
                network, spec, inputs, value, (expected, actual) => Math.Abs(expected - actual) <= tolerance * Math.Max(Math.Abs(expected), 1), $"{count} samples");
        }
    }

    /// <summary>ForwardBatch of the inputs against Forward of each sample, output by output, by <paramref name="agree"/>(expected, actual).</summary>
    private static void AssertBatchGivesForward<T>(INetwork<T> network, NetworkSpec spec, T[] inputs, Func<T, double> value, Func<double, double, bool> agree, string what)
        where T : unmanaged
    {
        int count = inputs.Length / spec.InputSize;
        var batched = new T[count * spec.OutputSize];
        network.ForwardBatch(inputs, batched);
        var one = new T[spec.OutputSize];
        for (int s = 0; s < count; s++)
        {
            network.Forward(inputs.AsSpan(s * spec.InputSize, spec.InputSize), one);
            for (int i = 0; i < spec.OutputSize; i++)
            {
                double expected = value(one[i]), actual = value(batched[(s * spec.OutputSize) + i]);
                Assert.True(agree(expected, actual), $"{spec} ({typeof(T).Name}), {what}: sample {s} output {i} is {actual}, Forward gives {expected}");
            }
        }
    }

    private static void AssertBackwardBatch<T>(INetwork<T> network, NetworkSpec spec, Func<double, T> convert, Func<T, double> value, double tolerance)
        where T : unmanaged
    {
        network.InitializeParameters(7);
        foreach (int count in SampleCounts(BatchWidth(network)))
        {
            (T[] inputs, T[] targets) = Samples(spec, count, count + 1, convert);

            // Both gradients start from the same values, so the test sees that BackwardBatch adds.
            T[] batched = Enumerable.Range(0, spec.ParameterCount).Select(k => convert(0.01 * (k % 7))).ToArray();
            T[] summed = batched.ToArray();
            double batchedLoss = value(network.BackwardBatch(inputs, targets, batched));
            double loss = 0;
            for (int s = 0; s < count; s++)
            {
                loss += value(network.Backward(inputs.AsSpan(s * spec.InputSize, spec.InputSize), targets.AsSpan(s * spec.OutputSize, spec.OutputSize), summed));
            }

            Assert.True(Math.Abs(loss - batchedLoss) <= tolerance * (1 + Math.Abs(loss)), $"{spec} ({typeof(T).Name}), {count} samples: loss {batchedLoss}, summed Backward {loss}");
            for (int k = 0; k < spec.ParameterCount; k++)
            {
                double expected = value(summed[k]), actual = value(batched[k]);
                Assert.True(
                    Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)),
                    $"{spec} ({typeof(T).Name}), {count} samples: ∂J/∂θ[{k}] is {actual}, summed Backward gives {expected}");
            }
        }
    }
}
