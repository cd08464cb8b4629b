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
