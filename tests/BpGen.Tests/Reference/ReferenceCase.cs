
namespace BpGen.Tests.Reference;

/// <summary>
/// One seeded setting of a generated network and its <see cref="ReferenceMlp"/>: the same parameters
/// (seeded initialization plus noise, so biases are not 0), a random input and a target valid for the loss,
/// all values exactly representable in the network's element type.
/// </summary>
public sealed class ReferenceCase<T>
    where T : unmanaged
{
    public ReferenceCase(INetwork<T> network, NetworkSpec spec, int seed)
    {
        Network = network;
        Reference = spec.Reference();
        var random = new SeededRandom(seed);
        network.InitializeParameters(seed);
        Span<T> theta = network.Parameters;
        for (int k = 0; k < theta.Length; k++)
        {
            theta[k] = FromDouble(ToDouble(theta[k]) + random.NextUniform(0.3));
            Reference.Parameters[k] = ToDouble(theta[k]);
        }

        Input = Representable(Enumerable.Range(0, spec.InputSize).Select(_ => random.NextUniform(1.0)).ToArray());
        Target = Representable(Targets.Random(spec.Loss, spec.OutputSize, ref random));
    }

    public INetwork<T> Network { get; }

    public ReferenceMlp Reference { get; }

    public double[] Input { get; }

    public double[] Target { get; }

    public T[] NetworkInput => Input.Select(FromDouble).ToArray();

    public T[] NetworkTarget => Target.Select(FromDouble).ToArray();

    public double[] NetworkParameters => Network.Parameters.ToArray().Select(ToDouble).ToArray();

    public static T FromDouble(double value) => typeof(T) == typeof(float) ? (T)(object)(float)value : (T)(object)value;

    public static double ToDouble(T value) => value is float single ? single : (double)(object)value;

    private static double[] Representable(double[] values) => values.Select(v => ToDouble(FromDouble(v))).ToArray();
}
