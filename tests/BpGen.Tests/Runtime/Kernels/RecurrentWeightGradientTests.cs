using System.Globalization;
using BpGen.Tests.Reference;

namespace BpGen.Tests.Runtime;

/// <summary>
/// The weight gradient of a run of steps (<see cref="Kernels.GruWeightGradient(int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float})"/>
/// and the LSTM's) against the sums written out in double: dW_i += Σ_t δ_t·x_tᵀ, dW_h += Σ_t δ′_t·h_tᵀ and both
/// biases, with each step's values strided as a record holds them, for row and column counts on both sides of
/// the four-row tiles and the vectors, through the AVX path and the portable one; then its argument checks.
/// </summary>
public class RecurrentWeightGradientTests
{
    public static TheoryData<Layer, int, int, int> Shapes()
    {
        var data = new TheoryData<Layer, int, int, int>();
        foreach (Layer kind in new[] { Layer.Gru, Layer.Lstm })
        {
            foreach ((int units, int inputs, int steps) in new[] { (1, 1, 1), (3, 5, 2), (5, 17, 7), (8, 8, 8), (17, 9, 3), (33, 40, 5) })
            {
                data.Add(kind, units, inputs, steps);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_gradient_over_the_steps_is_the_sum_of_every_steps_outer_products(Layer kind, int units, int inputs, int steps)
    {
        foreach (bool portable in new[] { false, true })
        {
            Check<float, SingleKernels>(kind, units, inputs, steps, portable, 1e-5);
            Check<double, DoubleKernels>(kind, units, inputs, steps, portable, 1e-12);
        }
    }

    /// <summary>
    /// The bias gradients of one call over T steps equal, bit for bit, those of T calls of one step each: the
    /// deltas are added in step order whether db stays in registers or goes to memory after each step. Layers
    /// wide enough for the four-vector blocks (float: 32 values a block, double: 16), the vector after them
    /// and the rows past the last vector. Training's bit-for-bit tests of the threads' sums rely on it.
    /// </summary>
    [Theory]
    [InlineData(Layer.Gru, 17)]
    [InlineData(Layer.Gru, 33)]
    [InlineData(Layer.Lstm, 17)]
    public void The_bias_gradient_of_many_steps_is_that_of_one_step_after_another_bit_for_bit(Layer kind, int units)
    {
        BiasesBitForBit<float, SingleKernels>(kind, units);
        BiasesBitForBit<double, DoubleKernels>(kind, units);
    }

    [Fact]
    public void No_steps_leave_the_gradient_as_it_was()
    {
        float[] gradient = Enumerable.Range(0, 3 * 2 * (1 + 2 + 2)).Select(k => (float)k).ToArray();
        float[] before = (float[])gradient.Clone();
        Kernels.GruWeightGradient(2, 0, [], 1, [], [], 1, gradient);
        Assert.Equal(before, gradient);
    }

    public static TheoryData<Layer, string, int> WrongArguments()
    {
        var data = new TheoryData<Layer, string, int>();
        foreach (Layer kind in new[] { Layer.Gru, Layer.Lstm })
        {
            data.Add(kind, "layerGradient", 1); // G·H·(n_in + H + 2) for no n_in ≥ 1
            data.Add(kind, "inputs", -1);
            data.Add(kind, "states", -1);
            data.Add(kind, "deltas", -1); // the GRU's r·δn are its last H deltas, the LSTM's δo its last H
        }

        return data;
    }

    /// <summary>A gradient that fits no layer of H units, or a span one value short of the last step, is an ArgumentException naming it and its length.</summary>
    [Theory]
    [MemberData(nameof(WrongArguments))]
    public void A_wrong_length_is_an_ArgumentException_naming_the_span_and_its_length(Layer kind, string wrong, int change)
    {
        const int Units = 3, Inputs = 2, Steps = 4, Stride = 30;
        int gates = kind == Layer.Gru ? 3 : 4;
        int Length(string name, int length) => length + (name == wrong ? change : 0);
        var gradient = new double[Length("layerGradient", gates * Units * (Inputs + Units + 2))];
        var inputs = new double[Length("inputs", ((Steps - 1) * Inputs) + Inputs)];
        var states = new double[Length("states", ((Steps - 1) * Stride) + Units)];
        var deltas = new double[Length("deltas", ((Steps - 1) * Stride) + (4 * Units))];

        ArgumentException exception = Assert.Throws<ArgumentException>(() => WeightGradient(kind, Units, Steps, inputs, Inputs, states, deltas, Stride, gradient));
        Assert.Equal(wrong, exception.ParamName);
        int length = wrong switch { "layerGradient" => gradient.Length, "inputs" => inputs.Length, "states" => states.Length, _ => deltas.Length };
        Assert.Contains($"holds {length}", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>A negative stride would read before the spans' start: it is refused before anything is read or added.</summary>
    [Theory]
    [InlineData("stride")]
    [InlineData("inputStride")]
    public void A_negative_stride_is_refused_and_the_gradient_left_as_it_was(string wrong)
    {
        var gradient = new double[3 * 2 * (1 + 2 + 2)];
        var values = new double[64];
        ArgumentOutOfRangeException exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => Kernels.GruWeightGradient(2, 3, values, wrong == "inputStride" ? -100_000 : 1, values, values, wrong == "stride" ? -100_000 : 8, gradient));
        Assert.Equal(wrong, exception.ParamName);
        Assert.All(gradient, value => Assert.Equal(0, value));
    }

    private static void WeightGradient(Layer kind, int units, int steps, double[] inputs, int inputStride, double[] states, double[] deltas, int stride, double[] gradient)
    {
        if (kind == Layer.Gru)
        {
            Kernels.GruWeightGradient(units, steps, inputs, inputStride, states, deltas, stride, gradient);
        }
        else
        {
            Kernels.LstmWeightGradient(units, steps, inputs, inputStride, states, deltas, stride, gradient);
        }
    }

    private static void Check<T, TKernels>(Layer kind, int units, int inputs, int steps, bool portable, double tolerance)
        where T : unmanaged
        where TKernels : struct, IRecurrentKernels<T>
    {
        var random = new SeededRandom((1000 * units) + (10 * inputs) + steps);
        int gates = kind == Layer.Gru ? 3 : 4, rows = gates * units, deltasPerStep = 4 * units;
        int stride = units + deltasPerStep + 3, inputStride = inputs + 2; // the gaps a record has between steps
        double[] x = Draw((steps * inputStride) + 1, ref random), record = Draw(steps * stride, ref random);
        double[] earlier = Draw(rows * (inputs + units + 2), ref random);

        // Step t's h at record[t·stride], its deltas right after; the GRU's n rows see r·δn, the last H deltas.
        double Delta(int t, int row) => record[(t * stride) + units + row];
        double RecurrentDelta(int t, int row) => kind == Layer.Gru && row >= 2 * units ? Delta(t, row + units) : Delta(t, row);
        double[] expected = (double[])earlier.Clone();
        int recurrentWeights = rows * inputs, inputBiases = recurrentWeights + (rows * units), recurrentBiases = inputBiases + rows;
        for (int t = 0; t < steps; t++)
        {
            for (int row = 0; row < rows; row++)
            {
                for (int k = 0; k < inputs; k++)
                {
                    expected[(row * inputs) + k] += Delta(t, row) * x[(t * inputStride) + k];
                }

                for (int k = 0; k < units; k++)
                {
                    expected[recurrentWeights + (row * units) + k] += RecurrentDelta(t, row) * record[(t * stride) + k];
                }

                expected[inputBiases + row] += Delta(t, row);
                expected[recurrentBiases + row] += RecurrentDelta(t, row);
            }
        }

        T[] gradient = From<T, TKernels>(earlier), values = From<T, TKernels>(record);
        default(TKernels).WeightGradient(kind, units, steps, From<T, TKernels>(x), inputStride, values, values.AsSpan(units), stride, gradient, portable);

        double[] actual = gradient.Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();
        Close.All(expected, actual, tolerance, $"∂J/∂θ of {kind} H = {units}, n_in = {inputs}, T = {steps}{(portable ? " (portable)" : string.Empty)}");
    }

    private static void BiasesBitForBit<T, TKernels>(Layer kind, int units)
        where T : unmanaged
        where TKernels : struct, IRecurrentKernels<T>
    {
        const int Inputs = 3, Steps = 7;
        var random = new SeededRandom(units);
        int rows = (kind == Layer.Gru ? 3 : 4) * units, stride = (5 * units) + 1;
        T[] x = From<T, TKernels>(Draw(Steps * Inputs, ref random)), record = From<T, TKernels>(Draw(Steps * stride, ref random));
        T[] start = From<T, TKernels>(Draw(rows * (Inputs + units + 2), ref random));
        T[] together = (T[])start.Clone(), oneByOne = (T[])start.Clone();
        TKernels kernels = default;
        kernels.WeightGradient(kind, units, Steps, x, Inputs, record, record.AsSpan(units), stride, together, portable: false);
        for (int t = 0; t < Steps; t++)
        {
            kernels.WeightGradient(kind, units, 1, x.AsSpan(t * Inputs), Inputs, record.AsSpan(t * stride), record.AsSpan((t * stride) + units), stride, oneByOne, portable: false);
        }

        int biases = rows * (Inputs + units);
        Assert.Equal(oneByOne[biases..], together[biases..]);
    }

    private static T[] From<T, TKernels>(double[] values)
        where TKernels : struct, IRecurrentKernels<T> =>
        values.Select(default(TKernels).From).ToArray();

    /// <summary>Values in [−1, 1) that are floats, so float kernels see exactly what the sums in double see.</summary>
    private static double[] Draw(int count, ref SeededRandom random)
    {
        var values = new double[count];
        for (int k = 0; k < count; k++)
        {
            values[k] = (float)random.NextUniform(1.0);
        }

        return values;
    }
}
