using BpGen.Tests.Infrastructure;
using BpGen.Tests.Reference;

namespace BpGen.Tests.Runtime;

/// <summary>
/// The GRU and LSTM kernels against the double reference layers (themselves held to PyTorch's fixtures):
/// one step, its backward step and backpropagation through time, in float and double, for layers narrower
/// and wider than a vector, with n_in below, equal to and above H, through the AVX path and the portable one
/// every runtime takes without AVX; then allocation and the length checks.
/// </summary>
public class RecurrentKernelTests
{
    public static TheoryData<Layer, int, int, bool> Shapes()
    {
        var data = new TheoryData<Layer, int, int, bool>();
        foreach (Layer kind in new[] { Layer.Gru, Layer.Lstm })
        {
            foreach ((int units, int inputs) in new[] { (1, 1), (1, 3), (3, 5), (8, 3), (17, 11), (32, 40) })
            {
                data.Add(kind, units, inputs, false);
                data.Add(kind, units, inputs, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Step_matches_the_reference(Layer kind, int units, int inputs, bool single)
    {
        StepMatchesTheReference(kind, units, inputs, single, portable: false);
        StepMatchesTheReference(kind, units, inputs, single, portable: true);
    }

    /// <summary>
    /// Every H from 1 to 70, with n_in beside it, so that every remainder of rows and columns past whole
    /// vectors (eight floats, four doubles) and every count of row blocks shows.
    /// </summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void Step_matches_the_reference_at_every_width(int units)
    {
        int inputs = 1 + ((units * 5) % 23);
        foreach (Layer kind in new[] { Layer.Gru, Layer.Lstm })
        {
            StepMatchesTheReference(kind, units, inputs, single: false, portable: false);
            StepMatchesTheReference(kind, units, inputs, single: true, portable: false);
        }
    }

    public static TheoryData<int> Widths() => new(Enumerable.Range(1, 70));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_matches_the_reference(Layer kind, int units, int inputs, bool single)
    {
        BackwardMatchesTheReference(kind, units, inputs, single, portable: false);
        BackwardMatchesTheReference(kind, units, inputs, single, portable: true);
    }

    /// <summary>
    /// Every H from 1 to 70 (past 64 the deltas go in two blocks of units), with n_in beside it never a
    /// whole number of vectors, through both paths in both precisions.
    /// </summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void Backward_matches_the_reference_at_every_width(int units)
    {
        int inputs = (8 * (units % 3)) + 1 + (units % 7);
        foreach (Layer kind in new[] { Layer.Gru, Layer.Lstm })
        {
            foreach (bool single in new[] { false, true })
            {
                BackwardMatchesTheReference(kind, units, inputs, single, portable: false);
                BackwardMatchesTheReference(kind, units, inputs, single, portable: true);
            }
        }
    }

    /// <summary>
    /// Two stacked layers and a dense output over six steps, every step with a target: the kernels carry
    /// the state forward and ∂J/∂h (and ∂J/∂c) back, ∂J/∂x from the upper layer into the lower, and the
    /// lower layer asks for no ∂J/∂x. The dense output layer and the loss are the reference's.
    /// </summary>
    [Theory]
    [InlineData(Layer.Gru, false)]
    [InlineData(Layer.Gru, true)]
    [InlineData(Layer.Lstm, false)]
    [InlineData(Layer.Lstm, true)]
    public void Backpropagation_through_time_matches_the_reference_gradient(Layer kind, bool single)
    {
        const int Steps = 6, Inputs = 3, Outputs = 2;
        int[] sizes = [5, 4];
        ReferenceLayer[] hidden = sizes.Select(size => Reference(kind, size)).ToArray();
        var network = new ReferenceRecurrent(Inputs, hidden, Outputs, Activation.Identity, Loss.MeanSquaredError);
        network.InitializeParameters(seed: 11);
        double[] theta = network.Parameters;
        for (int k = 0; k < theta.Length; k++) // floats, so that float kernels see exactly the reference's θ
        {
            theta[k] = (float)theta[k];
        }

        var random = new SeededRandom(12);
        double[][] inputs = Enumerable.Range(0, Steps).Select(_ => Draw(Inputs, ref random)).ToArray();
        double[][] targets = Enumerable.Range(0, Steps).Select(_ => Draw(Outputs, ref random)).ToArray();
        double[] expected = network.Gradient(inputs, targets, SequenceTargets.EveryStep);

        var offsets = new int[hidden.Length + 1];
        for (int l = 0, size = Inputs; l < hidden.Length; size = sizes[l], l++)
        {
            offsets[l + 1] = offsets[l] + hidden[l].ParameterCount(size);
        }

        double[] Parameters(int l) => theta[offsets[l]..offsets[l + 1]];

        // Forward, keeping what each layer saw at each step: its input, its state and its cache.
        RecurrentKernelCell cell = RecurrentKernelCell.Of(kind, single);
        var seen = new (double[] Input, double[] State, double[] Cache)[Steps, hidden.Length];
        var tops = new double[Steps][];
        double[][] state = hidden.Select(layer => new double[layer.StateSize]).ToArray();
        for (int t = 0; t < Steps; t++)
        {
            double[] y = inputs[t];
            for (int l = 0; l < hidden.Length; l++)
            {
                (double[] next, double[] cache) = cell.Step(Parameters(l), y, state[l]);
                seen[t, l] = (y, state[l], cache);
                state[l] = next;
                y = next[..sizes[l]];
            }

            tops[t] = y;
        }

        // Backward from the last step, each layer's ∂J/∂h′ the sum of what comes down and what comes back.
        ReferenceLayer output = ReferenceLayer.Dense(Outputs, Activation.Identity);
        var gradient = new double[theta.Length];
        double[][] carried = hidden.Select(layer => new double[layer.StateSize]).ToArray();
        for (int t = Steps - 1; t >= 0; t--)
        {
            double[] logits = output.Forward(theta, offsets[^1], tops[t], [], out _);
            double[] delta = network.OutputLayer.Delta(logits, targets[t]).Select(d => d / Steps).ToArray();
            double[] down = output.Backward(theta, offsets[^1], tops[t], [], delta, [], gradient, out _);
            for (int l = hidden.Length - 1; l >= 0; l--)
            {
                double[] nextStateDelta = carried[l].Select((d, k) => k < sizes[l] ? d + down[k] : d).ToArray();
                (double[] input, double[] before, double[] cache) = seen[t, l];
                (carried[l], down) = cell.Backward(
                    Parameters(l), input, before, cache, nextStateDelta, gradient.AsSpan(offsets[l], offsets[l + 1] - offsets[l]), wantDx: l > 0);
            }
        }

        Close.All(expected, gradient, Tolerance(single), "∂J/∂θ");
    }

    /// <summary>At 17 units and at 70.</summary>
    [Theory]
    [InlineData(17)]
    [InlineData(70)]
    public void Steps_and_backward_steps_allocate_nothing(int units)
    {
        const int Inputs = 9;
        Buffers<float> single = new(units, Inputs);
        Buffers<double> exact = new(units, Inputs);
        Assert.Equal(0, Allocations.InSteadyState(() =>
        {
            Kernels.GruStep(single.Gru, single.X, single.H, single.HNext, single.GruCache);
            Kernels.GruBackward(single.Gru, single.X, single.H, single.GruCache, single.DhNext, single.Dh, single.Dx);
            Kernels.GruWeightGradient(units, 1, single.X, Inputs, single.H, single.GruCache, 0, single.GruGradient);
            Kernels.LstmStep(single.Lstm, single.X, single.H, single.C, single.HNext, single.CNext, single.LstmCache);
            Kernels.LstmBackward(single.Lstm, single.X, single.H, single.C, single.LstmCache, single.DhNext, single.DcNext, single.Dh, single.Dc, single.Dx);
            Kernels.LstmWeightGradient(units, 1, single.X, Inputs, single.H, single.LstmCache, 0, single.LstmGradient);
            Kernels.GruStep(exact.Gru, exact.X, exact.H, exact.HNext, exact.GruCache);
            Kernels.GruBackward(exact.Gru, exact.X, exact.H, exact.GruCache, exact.DhNext, exact.Dh, exact.Dx);
            Kernels.GruWeightGradient(units, 1, exact.X, Inputs, exact.H, exact.GruCache, 0, exact.GruGradient);
            Kernels.LstmStep(exact.Lstm, exact.X, exact.H, exact.C, exact.HNext, exact.CNext, exact.LstmCache);
            Kernels.LstmBackward(exact.Lstm, exact.X, exact.H, exact.C, exact.LstmCache, exact.DhNext, exact.DcNext, exact.Dh, exact.Dc, exact.Dx);
            Kernels.LstmWeightGradient(units, 1, exact.X, Inputs, exact.H, exact.LstmCache, 0, exact.LstmGradient);
        }));
    }

    public static TheoryData<string, string> WrongLengths() => new()
    {
        { nameof(Kernels.GruStep), "layer" },
        { nameof(Kernels.GruStep), "hNext" },
        { nameof(Kernels.GruStep), "cache" },
        { nameof(Kernels.GruBackward), "layer" },
        { nameof(Kernels.GruBackward), "cache" },
        { nameof(Kernels.GruBackward), "dhNext" },
        { nameof(Kernels.GruBackward), "dh" },
        { nameof(Kernels.GruBackward), "dx" },
        { nameof(Kernels.LstmStep), "layer" },
        { nameof(Kernels.LstmStep), "c" },
        { nameof(Kernels.LstmStep), "hNext" },
        { nameof(Kernels.LstmStep), "cNext" },
        { nameof(Kernels.LstmStep), "cache" },
        { nameof(Kernels.LstmBackward), "layer" },
        { nameof(Kernels.LstmBackward), "c" },
        { nameof(Kernels.LstmBackward), "cache" },
        { nameof(Kernels.LstmBackward), "dhNext" },
        { nameof(Kernels.LstmBackward), "dcNext" },
        { nameof(Kernels.LstmBackward), "dh" },
        { nameof(Kernels.LstmBackward), "dc" },
        { nameof(Kernels.LstmBackward), "dx" },
    };

    /// <summary>H and n_in come from h and x, so every other span one value too long is an ArgumentException naming it, its expected length and its length.</summary>
    [Theory]
    [MemberData(nameof(WrongLengths))]
    public void A_span_of_the_wrong_length_is_an_ArgumentException_naming_it_and_both_lengths(string kernel, string wrong)
    {
        const int Units = 3, Inputs = 2;
        bool gru = kernel.StartsWith("Gru", StringComparison.Ordinal);
        int parameters = (gru ? 3 : 4) * Units * (Inputs + Units + 2);
        var lengths = new Dictionary<string, int>
        {
            ["layer"] = parameters,
            ["cache"] = (gru ? Kernels.GruCachePerUnit : Kernels.LstmCachePerUnit) * Units,
            ["dx"] = Inputs,
        };
        double[] Of(string name) => new double[lengths.GetValueOrDefault(name, Units) + (name == wrong ? 1 : 0)];
        double[] x = new double[Inputs], h = Of("h");

        Action call = kernel switch
        {
            nameof(Kernels.GruStep) => () => Kernels.GruStep(Of("layer"), x, h, Of("hNext"), Of("cache")),
            nameof(Kernels.GruBackward) => () => Kernels.GruBackward(Of("layer"), x, h, Of("cache"), Of("dhNext"), Of("dh"), Of("dx")),
            nameof(Kernels.LstmStep) => () => Kernels.LstmStep(Of("layer"), x, h, Of("c"), Of("hNext"), Of("cNext"), Of("cache")),
            _ => () => Kernels.LstmBackward(Of("layer"), x, h, Of("c"), Of("cache"), Of("dhNext"), Of("dcNext"), Of("dh"), Of("dc"), Of("dx")),
        };

        ArgumentException exception = Assert.Throws<ArgumentException>(call);
        int expected = lengths.GetValueOrDefault(wrong, Units);
        Assert.Equal(wrong, exception.ParamName);
        Assert.Contains($"{expected}", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"holds {expected + 1}", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Add, which sums a layer's two errors for its backward step, at lengths on both sides of a vector: every value exact, in float and double.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(33)]
    public void Add_sums_two_errors_value_by_value(int length)
    {
        var random = new SeededRandom(length);
        double[] a = Draw(length, ref random), b = Draw(length, ref random);
        float[] singleSum = new float[length];
        double[] doubleSum = new double[length];
        Kernels.Add(a.Select(v => (float)v).ToArray(), b.Select(v => (float)v).ToArray(), singleSum);
        Kernels.Add(a, b, doubleSum);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal((float)a[i] + (float)b[i], singleSum[i]);
            Assert.Equal(a[i] + b[i], doubleSum[i]);
        }
    }

    /// <summary>b or sum of another length than a is an ArgumentException naming it and both lengths, and nothing is written.</summary>
    [Theory]
    [InlineData("b")]
    [InlineData("sum")]
    public void Add_of_spans_of_different_lengths_is_an_ArgumentException(string wrong)
    {
        double[] a = [1, 2, 3], b = new double[wrong == "b" ? 4 : 3], sum = new double[wrong == "sum" ? 2 : 3];
        ArgumentException exception = Assert.Throws<ArgumentException>(() => Kernels.Add(a, b, sum));
        Assert.Equal(wrong, exception.ParamName);
        Assert.Contains("hold 3 values", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"holds {(wrong == "b" ? b : sum).Length}", exception.Message, StringComparison.Ordinal);
        Assert.All(sum, value => Assert.Equal(0, value));
    }

    /// <summary>
    /// The kernel's h′ (and c′) and its cache against the reference: the cache holds r, z, n and
    /// W_hn·h + b_hn (GRU) or i, f, g, o and tanh(c′) (LSTM), recomputed here from the reference's formulas.
    /// </summary>
    private static void StepMatchesTheReference(Layer kind, int units, int inputs, bool single, bool portable)
    {
        var random = new SeededRandom((100 * units) + inputs);
        ReferenceLayer reference = Reference(kind, units);
        double[] layer = Draw(reference.ParameterCount(inputs), ref random);
        double[] x = Draw(inputs, ref random), state = Draw(reference.StateSize, ref random);

        reference.Forward(layer, 0, x, state, out double[] expected);
        (double[] next, double[] cache) = RecurrentKernelCell.Of(kind, single).Step(layer, x, state, portable);

        string path = portable ? " (portable)" : string.Empty;
        Close.All(expected, next, Tolerance(single), (kind == Layer.Gru ? "h′" : "h′ then c′") + path);
        Close.All(ExpectedCache(kind, units, inputs, layer, x, state), cache, Tolerance(single), "cache" + path);
    }

    /// <summary>
    /// The backward step's ∂J/∂θ (added to what earlier steps left), ∂J/∂h (and ∂J/∂c) and ∂J/∂x against the
    /// reference's, at the kernel's own cache; then without dx, and without dh (what the first step of a sequence
    /// passes), each of which leaves the rest the same to the bit and writes nothing where its delta would go.
    /// </summary>
    private static void BackwardMatchesTheReference(Layer kind, int units, int inputs, bool single, bool portable)
    {
        var random = new SeededRandom((100 * units) + inputs + 1);
        ReferenceLayer reference = Reference(kind, units);
        double[] layer = Draw(reference.ParameterCount(inputs), ref random);
        double[] x = Draw(inputs, ref random), state = Draw(reference.StateSize, ref random);
        double[] nextStateDelta = Draw(reference.StateSize, ref random);
        double[] earlier = Draw(layer.Length, ref random); // what earlier steps put into the gradient

        // The reference adds ∂J/∂h′ as its output's delta and its next state's; the kernels take the sum.
        double[] expectedGradient = (double[])earlier.Clone();
        double[] expectedDx = reference.Backward(
            layer, 0, x, state, nextStateDelta[..units], [.. new double[units], .. nextStateDelta[units..]], expectedGradient, out double[] expectedStateDelta);

        RecurrentKernelCell cell = RecurrentKernelCell.Of(kind, single);
        (_, double[] cache) = cell.Step(layer, x, state);
        double[] gradient = (double[])earlier.Clone();
        (double[] stateDelta, double[] dx) = cell.Backward(layer, x, state, cache, nextStateDelta, gradient, wantDx: true, portable);

        double tolerance = Tolerance(single);
        string path = portable ? " (portable)" : string.Empty;
        Close.All(expectedGradient, gradient, tolerance, "∂J/∂θ" + path);
        Close.All(expectedStateDelta, stateDelta, tolerance, (kind == Layer.Gru ? "∂J/∂h" : "∂J/∂h then ∂J/∂c") + path);
        Close.All(expectedDx, dx, tolerance, "∂J/∂x" + path);

        double[] withoutDx = (double[])earlier.Clone();
        (double[] stateDeltaWithoutDx, double[] noDx) = cell.Backward(layer, x, state, cache, nextStateDelta, withoutDx, wantDx: false, portable);
        Assert.Empty(noDx);
        Assert.Equal(gradient, withoutDx);
        Assert.Equal(stateDelta, stateDeltaWithoutDx);

        double[] withoutDh = (double[])earlier.Clone();
        (double[] stateDeltaWithoutDh, double[] dxWithoutDh) = cell.Backward(layer, x, state, cache, nextStateDelta, withoutDh, wantDx: true, portable, wantDh: false);
        Assert.Equal(gradient, withoutDh);
        Assert.Equal(dx, dxWithoutDh);
        Assert.All(stateDeltaWithoutDh[..units], value => Assert.True(double.IsNaN(value), "∂J/∂h written without dh" + path));
        Assert.Equal(stateDelta[units..], stateDeltaWithoutDh[units..]);
    }

    /// <summary>The gate values the backward step reads, from PyTorch's formulas in double.</summary>
    private static double[] ExpectedCache(Layer kind, int units, int inputs, double[] layer, double[] x, double[] state)
    {
        int gates = kind == Layer.Gru ? 3 : 4, rows = gates * units;
        int recurrent = rows * inputs, inputBiases = recurrent + (rows * units), recurrentBiases = inputBiases + rows;
        double Input(int row) => layer[inputBiases + row] + Enumerable.Range(0, inputs).Sum(k => layer[(row * inputs) + k] * x[k]);
        double Hidden(int row) => layer[recurrentBiases + row] + Enumerable.Range(0, units).Sum(k => layer[recurrent + (row * units) + k] * state[k]);
        static double Sigma(double v) => 1 / (1 + Math.Exp(-v));
        var cache = new double[(kind == Layer.Gru ? Kernels.GruCachePerUnit : Kernels.LstmCachePerUnit) * units];
        for (int j = 0; j < units; j++)
        {
            if (kind == Layer.Gru)
            {
                double r = Sigma(Input(j) + Hidden(j)), hn = Hidden((2 * units) + j);
                (cache[j], cache[units + j]) = (r, Sigma(Input(units + j) + Hidden(units + j)));
                (cache[(2 * units) + j], cache[(3 * units) + j]) = (Math.Tanh(Input((2 * units) + j) + (r * hn)), hn);
            }
            else
            {
                double[] v = Enumerable.Range(0, 4).Select(g => Input((g * units) + j) + Hidden((g * units) + j)).ToArray();
                (cache[j], cache[units + j], cache[(2 * units) + j], cache[(3 * units) + j]) = (Sigma(v[0]), Sigma(v[1]), Math.Tanh(v[2]), Sigma(v[3]));
                cache[(4 * units) + j] = Math.Tanh((cache[units + j] * state[units + j]) + (cache[j] * cache[(2 * units) + j]));
            }
        }

        return cache;
    }

    private static ReferenceLayer Reference(Layer kind, int units) => kind == Layer.Gru ? ReferenceLayer.Gru(units) : ReferenceLayer.Lstm(units);

    /// <summary>
    /// Relative to the compared vector's scale (<see cref="Close.All"/>): double differs from the reference by
    /// sums taken in another order; float also by its rounding and its vector σ and tanh, within a few ulp.
    /// </summary>
    private static double Tolerance(bool single) => single ? 1e-5 : 1e-12;

    /// <summary>Values in [−1, 1) that are floats, so float kernels see exactly what the reference sees.</summary>
    private static double[] Draw(int count, ref SeededRandom random)
    {
        var values = new double[count];
        for (int k = 0; k < count; k++)
        {
            values[k] = (float)random.NextUniform(1.0);
        }

        return values;
    }

    /// <summary>Every span the four kernels take, for a GRU and an LSTM of the same H on the same x.</summary>
    private sealed class Buffers<T>(int units, int inputs)
        where T : unmanaged
    {
        public T[] Gru { get; } = new T[3 * units * (inputs + units + 2)];

        public T[] GruGradient { get; } = new T[3 * units * (inputs + units + 2)];

        public T[] GruCache { get; } = new T[Kernels.GruCachePerUnit * units];

        public T[] Lstm { get; } = new T[4 * units * (inputs + units + 2)];

        public T[] LstmGradient { get; } = new T[4 * units * (inputs + units + 2)];

        public T[] LstmCache { get; } = new T[Kernels.LstmCachePerUnit * units];

        public T[] X { get; } = new T[inputs];

        public T[] Dx { get; } = new T[inputs];

        public T[] H { get; } = new T[units];

        public T[] C { get; } = new T[units];

        public T[] HNext { get; } = new T[units];

        public T[] CNext { get; } = new T[units];

        public T[] DhNext { get; } = new T[units];

        public T[] DcNext { get; } = new T[units];

        public T[] Dh { get; } = new T[units];

        public T[] Dc { get; } = new T[units];
    }
}
