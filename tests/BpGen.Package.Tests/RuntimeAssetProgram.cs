namespace BpGen.Package.Tests;

/// <summary>
/// A consumer program that prints, for looped networks of every activation and an unrolled one, the
/// parameters, an input and target, Forward's output and the parameters after one TrainStep, one line
/// per network, so a test can recompute all of it with the reference implementation.
/// </summary>
public static class RuntimeAssetProgram
{
    public const string Source = """
        using System;
        using System.Globalization;
        using System.Linq;
        using System.Numerics;
        using System.Reflection;
        using System.Runtime.Versioning;
        using BpGen;

        var runtime = typeof(NetworkAttribute).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
        Console.WriteLine($"runtime asset {runtime}, Vector<float> accelerated {Vector.IsHardwareAccelerated}, {Vector<float>.Count} floats");
        Report(new Wide(), v => (float)v);
        Report(new Mixed(), v => (float)v);
        Report(new Smooth(), v => v);
        Report(new Small(), v => (float)v);
        return 0;

        static void Report<T>(INetwork<T> net, Func<double, T> from)
            where T : unmanaged
        {
            net.InitializeParameters(1);
            Span<T> theta = net.Parameters;
            for (int k = 0; k < theta.Length; k++)
            {
                theta[k] = from(Convert.ToDouble(theta[k], CultureInfo.InvariantCulture) + 0.05 * ((k % 7) - 3));
            }

            T[] input = Enumerable.Range(0, net.InputSize).Select(i => from(Math.Sin(i + 1))).ToArray();
            T[] target = Enumerable.Range(0, net.OutputSize).Select(i => from(i == 1 ? 1 : 0)).ToArray();
            T[] output = new T[net.OutputSize];
            string before = Text(net.Parameters.ToArray());
            net.Forward(input, output);
            T loss = net.TrainStep(input, target, from(0.25), from(0.125));
            Console.WriteLine(string.Join(" | ",
                net.GetType().Name,
                string.Join(",", net.Signature.Sizes.ToArray()),
                string.Join(",", net.Signature.Activations.ToArray()),
                net.Signature.Loss,
                before, Text(input), Text(target), Text(output), Text(new[] { loss }), Text(net.Parameters.ToArray())));
        }

        static string Text<T>(T[] values) => string.Join(",", values.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)));

        [Network(16, 40, 24, 10, Activation.ReLU, Loss.SoftmaxCrossEntropy)]
        public partial class Wide { }

        [Network(12, 33, 17, 9, Activation.Tanh, Loss.MeanSquaredError, HiddenActivations = new[] { Activation.Sigmoid, Activation.LeakyReLU }, OutputActivation = Activation.Tanh)]
        public partial class Mixed { }

        [Network(10, 24, 20, 5, Activation.ELU, Loss.BinaryCrossEntropy, HiddenActivations = new[] { Activation.Softplus, Activation.ELU }, UseDouble = true)]
        public partial class Smooth { }

        [Network(2, 3, 2, Activation.Sigmoid, Loss.SoftmaxCrossEntropy)]
        public partial class Small { }
        """;
}
