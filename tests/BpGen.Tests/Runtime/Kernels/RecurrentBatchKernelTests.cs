using BpGen.Tests.Infrastructure;
using BpGen.Tests.Reference;

namespace BpGen.Tests.Runtime;

/// <summary>
/// GruStepBatch and LstmStepBatch: every stream gets what the one-stream step gives it (its next state and
/// its cache), for odd numbers of streams and sizes that are not multiples of a vector; no allocation; and
/// clear errors for spans that do not hold whole streams.
/// </summary>
public class RecurrentBatchKernelTests
{
    public static TheoryData<Layer, bool, int, int, int> Batches()
    {
        var data = new TheoryData<Layer, bool, int, int, int>();
        foreach (Layer kind in new[] { Layer.Gru, Layer.Lstm })
        {
            foreach (bool single in new[] { false, true })
            {
                foreach (int streams in new[] { 1, 3, 9, 17, 33 })
                {
                    // 25 units: sixteen, eight and one at a time in the cell updates where the CPU has AVX-512.
                    foreach ((int units, int inputs) in new[] { (7, 5), (2, 3), (16, 9), (25, 33) })
                    {
                        data.Add(kind, single, streams, units, inputs);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Batches))]
    public void Each_stream_gets_what_the_one_stream_step_gives_it(Layer kind, bool single, int streams, int units, int inputs)
    {
        (double[] layer, double[] xs, double[] states, int size) = RandomBatch(kind, units, inputs, streams, (1000 * streams) + (10 * units) + inputs);

        RecurrentKernelCell cell = RecurrentKernelCell.Of(kind, single);
        (double[] next, double[] caches) = cell.StepBatch(layer, streams, xs, states);

        int cacheSize = caches.Length / streams;
        double tolerance = single ? 4e-6 : 1e-12; // float: sums of up to 58 products, added in another order
        for (int s = 0; s < streams; s++)
        {
            (double[] expected, double[] cache) = cell.Step(layer, xs[(s * inputs)..((s + 1) * inputs)], states[(s * size)..((s + 1) * size)]);
            Close.All(expected, next[(s * size)..((s + 1) * size)], tolerance, $"stream {s}'s next state");
            Close.All(cache, caches[(s * cacheSize)..((s + 1) * cacheSize)], tolerance, $"stream {s}'s cache");
        }
    }

    /// <summary>
    /// Streams a batch step does not take in vector lanes get the one-stream step's bits: in float the
    /// three after the first sixteen, in double all of them. A layer whose weights fit the level-1 cache
    /// (5 units) steps them one at a time through the one-stream gate sums; a larger one (64 units) in
    /// pairs and a lone last stream, whose sums of four rows at a time add each row's products in the same
    /// order as the one-stream sums of eight.
    /// </summary>
    [Theory]
    [InlineData(Layer.Gru, true, 5)]
    [InlineData(Layer.Gru, false, 5)]
    [InlineData(Layer.Lstm, true, 5)]
    [InlineData(Layer.Lstm, false, 5)]
    [InlineData(Layer.Gru, true, 64)]
    [InlineData(Layer.Gru, false, 64)]
    [InlineData(Layer.Lstm, true, 64)]
    [InlineData(Layer.Lstm, false, 64)]
    public void Streams_outside_lanes_get_the_one_stream_steps_bits(Layer kind, bool single, int units)
    {
        const int streams = 19, inputs = 9;
        (double[] layer, double[] xs, double[] states, int size) = RandomBatch(kind, units, inputs, streams, 19);

        RecurrentKernelCell cell = RecurrentKernelCell.Of(kind, single);
        (double[] next, double[] caches) = cell.StepBatch(layer, streams, xs, states);

        int cacheSize = caches.Length / streams;
        for (int s = single ? 16 : 0; s < streams; s++)
        {
            (double[] expected, double[] cache) = cell.Step(layer, xs[(s * inputs)..((s + 1) * inputs)], states[(s * size)..((s + 1) * size)]);
            Assert.Equal(expected, next[(s * size)..((s + 1) * size)]);
            Assert.Equal(cache, caches[(s * cacheSize)..((s + 1) * cacheSize)]);
        }
    }

    /// <summary>
    /// An empty caches span (inference) changes nothing in the next states, bit for bit, whichever path a
    /// stream takes: the lanes step, which then skips the caches' copy out of lanes, or the pair and
    /// portable paths, which then keep their caches in scratch.
    /// </summary>
    [Theory]
    [MemberData(nameof(Batches))]
    public void Without_caches_each_stream_gets_the_same_next_state_bit_for_bit(Layer kind, bool single, int streams, int units, int inputs)
    {
        (double[] layer, double[] xs, double[] states, _) = RandomBatch(kind, units, inputs, streams, (1000 * streams) + (10 * units) + inputs);
        RecurrentKernelCell cell = RecurrentKernelCell.Of(kind, single);

        (double[] expected, _) = cell.StepBatch(layer, streams, xs, states);
        (double[] next, double[] caches) = cell.StepBatch(layer, streams, xs, states, keepCaches: false);

        Assert.Empty(caches);
        Assert.Equal(expected, next);
    }

    /// <summary>
    /// Without caches, a layer whose pair of caches passes the 32 KiB of stack (a GRU of 1,025 units or an
    /// LSTM of 820 in float, 513 and 410 in double) keeps them in a pooled array and gets the same next
    /// states; so does the largest layer whose pair still fits.
    /// </summary>
    [Theory]
    [InlineData(Layer.Gru, true, 1025)]
    [InlineData(Layer.Gru, true, 1024)]
    [InlineData(Layer.Lstm, true, 820)]
    [InlineData(Layer.Gru, false, 513)]
    [InlineData(Layer.Lstm, false, 410)]
    public void Without_caches_a_layer_past_the_stack_share_gets_the_same_next_state(Layer kind, bool single, int units)
    {
        const int Streams = 3, Inputs = 2;
        (double[] layer, double[] xs, double[] states, _) = RandomBatch(kind, units, Inputs, Streams, units);
        RecurrentKernelCell cell = RecurrentKernelCell.Of(kind, single);

        (double[] expected, _) = cell.StepBatch(layer, Streams, xs, states);
        (double[] next, _) = cell.StepBatch(layer, Streams, xs, states, keepCaches: false);

        Assert.Equal(expected, next);
    }

    /// <summary>The pooled array of a layer past the stack share goes back to the pool: steady state allocates nothing.</summary>
    [Fact]
    public void Without_caches_a_layer_past_the_stack_share_allocates_nothing_in_steady_state()
    {
        const int Streams = 3, Units = 1025, Inputs = 2;
        float[] gru = new float[3 * Units * (Inputs + Units + 2)];
        float[] xs = new float[Streams * Inputs], hs = new float[Streams * Units], hNexts = new float[Streams * Units];
        Assert.Equal(0, Allocations.InSteadyState(() => Kernels.GruStepBatch(gru, Streams, xs, hs, hNexts, default)));
    }

    [Fact]
    public void Batch_steps_allocate_nothing()
    {
        const int Streams = 5, Units = 11, Inputs = 6;
        float[] gru = new float[3 * Units * (Inputs + Units + 2)], lstm = new float[4 * Units * (Inputs + Units + 2)];
        float[] xs = new float[Streams * Inputs], hs = new float[Streams * Units], cs = new float[Streams * Units];
        float[] hNexts = new float[Streams * Units], cNexts = new float[Streams * Units];
        float[] gruCaches = new float[Streams * Kernels.GruCachePerUnit * Units], lstmCaches = new float[Streams * Kernels.LstmCachePerUnit * Units];
        double[] exactGru = new double[gru.Length], exactXs = new double[xs.Length], exactHs = new double[hs.Length];
        double[] exactNexts = new double[hNexts.Length], exactCaches = new double[gruCaches.Length];
        Assert.Equal(0, Allocations.InSteadyState(() =>
        {
            Kernels.GruStepBatch(gru, Streams, xs, hs, hNexts, gruCaches);
            Kernels.LstmStepBatch(lstm, Streams, xs, hs, cs, hNexts, cNexts, lstmCaches);
            Kernels.GruStepBatch(exactGru, Streams, exactXs, exactHs, exactNexts, exactCaches);
            Kernels.GruStepBatch(gru, Streams, xs, hs, hNexts, default);
            Kernels.LstmStepBatch(lstm, Streams, xs, hs, cs, hNexts, cNexts, default);
        }));
    }

    [Fact]
    public void No_streams_is_nothing_to_do()
    {
        Kernels.GruStepBatch(new float[3 * 4 * 9], 0, [], [], [], []);
        Kernels.LstmStepBatch(new double[1], 0, [], [], [], [], [], []);
        ArgumentException exception = Assert.Throws<ArgumentException>(() => Kernels.GruStepBatch(new float[1], 0, [], [], new float[2], []));
        Assert.Equal("hNexts", exception.ParamName);
    }

    [Fact]
    public void A_negative_number_of_streams_is_an_ArgumentOutOfRangeException()
    {
        ArgumentOutOfRangeException exception = Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.GruStepBatch(new float[1], -1, [], [], [], []));
        Assert.Equal("streams", exception.ParamName);
    }

    public static TheoryData<string, string> WrongLengths() => new()
    {
        { nameof(Kernels.GruStepBatch), "xs" },
        { nameof(Kernels.GruStepBatch), "hs" },
        { nameof(Kernels.GruStepBatch), "layer" },
        { nameof(Kernels.GruStepBatch), "hNexts" },
        { nameof(Kernels.GruStepBatch), "caches" },
        { nameof(Kernels.LstmStepBatch), "xs" },
        { nameof(Kernels.LstmStepBatch), "hs" },
        { nameof(Kernels.LstmStepBatch), "layer" },
        { nameof(Kernels.LstmStepBatch), "cs" },
        { nameof(Kernels.LstmStepBatch), "hNexts" },
        { nameof(Kernels.LstmStepBatch), "cNexts" },
        { nameof(Kernels.LstmStepBatch), "caches" },
    };

    /// <summary>
    /// Three streams of H = 4 on n_in = 2, every span but one the right length: the wrong one, one value too
    /// long, is an ArgumentException naming it, what it should hold and what it holds.
    /// </summary>
    [Theory]
    [MemberData(nameof(WrongLengths))]
    public void A_span_of_the_wrong_length_is_an_ArgumentException_naming_it_and_both_lengths(string kernel, string wrong)
    {
        const int Streams = 3, Units = 4, Inputs = 2;
        bool gru = kernel == nameof(Kernels.GruStepBatch);
        int parameters = (gru ? 3 : 4) * Units * (Inputs + Units + 2);
        var lengths = new Dictionary<string, int>
        {
            ["layer"] = parameters,
            ["xs"] = Streams * Inputs,
            ["caches"] = Streams * (gru ? Kernels.GruCachePerUnit : Kernels.LstmCachePerUnit) * Units,
        };
        int expected = lengths.GetValueOrDefault(wrong, Streams * Units);
        double[] Of(string name) => new double[lengths.GetValueOrDefault(name, Streams * Units) + (name == wrong ? 1 : 0)];

        Action call = gru
            ? () => Kernels.GruStepBatch(Of("layer"), Streams, Of("xs"), Of("hs"), Of("hNexts"), Of("caches"))
            : () => Kernels.LstmStepBatch(Of("layer"), Streams, Of("xs"), Of("hs"), Of("cs"), Of("hNexts"), Of("cNexts"), Of("caches"));

        ArgumentException exception = Assert.Throws<ArgumentException>(call);
        Assert.Equal(wrong, exception.ParamName);
        Assert.Contains($"holds {expected + 1}", exception.Message, StringComparison.Ordinal);
        Assert.Contains(wrong is "xs" or "hs" ? $"{Streams} streams" : $"{expected}", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>Values in [−1, 1) that are floats, so float kernels see exactly what double kernels see.</summary>
    /// <summary>A layer of <paramref name="units"/> units on <paramref name="inputs"/> inputs with random parameters, and random inputs and states (of the returned size each) for its streams.</summary>
    private static (double[] Layer, double[] Xs, double[] States, int StateSize) RandomBatch(Layer kind, int units, int inputs, int streams, int seed)
    {
        var random = new SeededRandom(seed);
        ReferenceLayer reference = kind == Layer.Gru ? ReferenceLayer.Gru(units) : ReferenceLayer.Lstm(units);
        double[] layer = Draw(reference.ParameterCount(inputs), ref random);
        double[] xs = Draw(streams * inputs, ref random), states = Draw(streams * reference.StateSize, ref random);
        return (layer, xs, states, reference.StateSize);
    }

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
