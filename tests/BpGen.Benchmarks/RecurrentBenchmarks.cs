using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BpGen.Benchmarks;

/// <summary>
/// One time step of one GRU or LSTM layer of n units on n inputs, float, one thread: the generated Step
/// of one stream, StepBatch per stream over 256 streams (a game's agents in one frame), and a textbook
/// GRU step in C# loops as the baseline.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RecurrentBenchmarks
{
    private const int Streams = 256;

    private IRecurrentNetwork<float> _gru = null!, _lstm = null!;
    private TextbookGru _textbook = null!;
    private float[] _input = null!, _output = null!, _gruState = null!, _lstmState = null!, _next = null!;
    private float[] _inputs = null!, _outputs = null!, _gruStates = null!, _lstmStates = null!;

    [Params(8, 16, 32, 64)]
    public int Units { get; set; } = 8;

    [GlobalSetup]
    public void Setup()
    {
        (_gru, _lstm) = Units switch
        {
            8 => ((IRecurrentNetwork<float>)new Gru8(), (IRecurrentNetwork<float>)new Lstm8()),
            16 => (new Gru16(), new Lstm16()),
            32 => (new Gru32(), new Lstm32()),
            _ => ((IRecurrentNetwork<float>)new Gru64(), (IRecurrentNetwork<float>)new Lstm64()),
        };
        _textbook = new TextbookGru(Units, Units, 1);
        var random = new SeededRandom(2);
        _input = Enumerable.Range(0, Units).Select(_ => (float)random.NextUniform(1)).ToArray();
        _inputs = Enumerable.Range(0, Streams * Units).Select(_ => (float)random.NextUniform(1)).ToArray();
        _output = new float[1];
        _outputs = new float[Streams];
        _gruState = new float[_gru.StateSize];
        _lstmState = new float[_lstm.StateSize];
        _gruStates = new float[Streams * _gru.StateSize];
        _lstmStates = new float[Streams * _lstm.StateSize];
        _next = new float[Units];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("GRU")]
    public void TextbookGruStep() => _textbook.Step(_input, _gruState, _next);

    [Benchmark, BenchmarkCategory("GRU")]
    public void GruStep() => _gru.Step(_input, _gruState, _output);

    [Benchmark(OperationsPerInvoke = Streams), BenchmarkCategory("GRU")]
    public void GruStepBatchPerStream() => _gru.StepBatch(_inputs, _gruStates, _outputs);

    [Benchmark(Baseline = true), BenchmarkCategory("LSTM")]
    public void LstmStep() => _lstm.Step(_input, _lstmState, _output);

    [Benchmark(OperationsPerInvoke = Streams), BenchmarkCategory("LSTM")]
    public void LstmStepBatchPerStream() => _lstm.StepBatch(_inputs, _lstmStates, _outputs);
}

/// <summary>
/// The runtime's recurrent kernels alone, one layer of n units on n inputs, float: the step before its AVX
/// kernel (<see cref="PreviousRecurrentKernels"/>) as the baseline, the step, and the batch kernel per
/// stream over 64 streams.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RecurrentKernelBenchmarks
{
    private const int Streams = 64;

    private float[] _gru = null!, _lstm = null!, _x = null!, _h = null!, _c = null!, _hNext = null!, _cNext = null!, _gruCache = null!, _lstmCache = null!;
    private float[] _xs = null!, _hs = null!, _cs = null!, _hNexts = null!, _cNexts = null!, _gruCaches = null!, _lstmCaches = null!;

    [Params(8, 16, 32, 64)]
    public int Units { get; set; } = 8;

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(3);
        float[] Draw(int count, double scale) => Enumerable.Range(0, count).Select(_ => (float)random.NextUniform(scale)).ToArray();
        int n = Units;
        _gru = Draw(3 * n * (n + n + 2), 1 / Math.Sqrt(n));
        _lstm = Draw(4 * n * (n + n + 2), 1 / Math.Sqrt(n));
        (_x, _h, _c) = (Draw(n, 1), Draw(n, 1), Draw(n, 1));
        (_xs, _hs, _cs) = (Draw(Streams * n, 1), Draw(Streams * n, 1), Draw(Streams * n, 1));
        (_hNext, _cNext, _gruCache, _lstmCache) = (new float[n], new float[n], new float[4 * n], new float[5 * n]);
        (_hNexts, _cNexts, _gruCaches, _lstmCaches) = (new float[Streams * n], new float[Streams * n], new float[Streams * 4 * n], new float[Streams * 5 * n]);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("GRU")]
    public void PreviousGruStep() => PreviousRecurrentKernels.PreviousGruStep(_gru, _x, _h, _hNext, _gruCache);

    [Benchmark, BenchmarkCategory("GRU")]
    public void GruStep() => Kernels.GruStep(_gru, _x, _h, _hNext, _gruCache);

    [Benchmark(OperationsPerInvoke = Streams), BenchmarkCategory("GRU")]
    public void GruStepBatchPerStream() => Kernels.GruStepBatch(_gru, Streams, _xs, _hs, _hNexts, _gruCaches);

    [Benchmark(Baseline = true), BenchmarkCategory("LSTM")]
    public void PreviousLstmStep() => PreviousRecurrentKernels.PreviousLstmStep(_lstm, _x, _h, _c, _hNext, _cNext, _lstmCache);

    [Benchmark, BenchmarkCategory("LSTM")]
    public void LstmStep() => Kernels.LstmStep(_lstm, _x, _h, _c, _hNext, _cNext, _lstmCache);

    [Benchmark(OperationsPerInvoke = Streams), BenchmarkCategory("LSTM")]
    public void LstmStepBatchPerStream() => Kernels.LstmStepBatch(_lstm, Streams, _xs, _hs, _cs, _hNexts, _cNexts, _lstmCaches);
}
