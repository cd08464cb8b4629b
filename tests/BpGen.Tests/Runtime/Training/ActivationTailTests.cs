namespace BpGen.Tests.Runtime;

/// <summary>
/// Softplus far below 0 and ELU just below 0 keep their relative accuracy on every path (unrolled, looped,
/// batched in lanes; float and double): ln(1 + e^z) and e^z − 1 through log1p and expm1, where
/// 1 + e^z and e^z round to 1 and took the digits with them (softplus(−17) came out 0 in float).
/// </summary>
public class ActivationTailTests
{
    [Theory]
    [InlineData("Softplus", -17.0)]
    [InlineData("Softplus", -10.0)]
    [InlineData("Softplus", 3.0)]
    [InlineData("ELU", -1e-6)]
    [InlineData("ELU", -17.0)]
    [InlineData("ELU", -0.5)]
    public void The_output_activation_is_exact_to_float_rounding_in_its_tail(string activation, double z)
    {
        foreach (bool useDouble in new[] { false, true })
        {
            string type = useDouble ? "double" : "float";
            var assembly = GeneratorRunner.CompileAndLoad($$"""
                using BpGen;
                [Network(2, 3, 2, Activation.Tanh, Loss.MeanSquaredError, OutputActivation = Activation.{{activation}}, UseDouble = {{(useDouble ? "true" : "false")}})] public partial class Small { }
                [Network(2, 40, 2, Activation.Tanh, Loss.MeanSquaredError, OutputActivation = Activation.{{activation}}, UseDouble = {{(useDouble ? "true" : "false")}})] public partial class Large { }
                public static class Probe
                {
                    public static double[] Outputs(INetwork<{{type}}> net, double bias)
                    {
                        net.Parameters.Clear();
                        net.Parameters[^net.OutputSize..].Fill(({{type}})bias);
                        var output = new {{type}}[net.OutputSize];
                        net.Forward(new {{type}}[net.InputSize], output);
                        const int samples = 19; // whole vectors of lanes and the samples after them
                        var outputs = new {{type}}[samples * net.OutputSize];
                        net.ForwardBatch(new {{type}}[samples * net.InputSize], outputs);
                        return [output[0], outputs[0], outputs[^1]];
                    }
                }
                """);
            double expected = activation == "Softplus" ? Math.Max(z, 0) + Log1P(Math.Exp(-Math.Abs(z))) : z < 0 ? ExpM1(z) : z;
            foreach (string name in new[] { "Small", "Large" })
            {
                object net = Activator.CreateInstance(assembly.GetType(name, throwOnError: true)!)!;
                var outputs = (double[])assembly.GetType("Probe")!.GetMethod("Outputs")!.Invoke(null, [net, z])!;
                Assert.All(outputs, a => Assert.True(Math.Abs(a - expected) <= (useDouble ? 1e-14 : 1e-6) * Math.Abs(expected), $"{name} {type} {activation}({z}) = {a}, expected {expected}"));
            }
        }
    }

    private static double ExpM1(double x)
    {
        double t = Math.Tanh(x / 2);
        return 2 * t / (1 - t);
    }

    private static double Log1P(double x) => 2 * Math.Atanh(x / (2 + x));
}
