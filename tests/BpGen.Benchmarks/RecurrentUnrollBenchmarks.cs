using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BpGen.Benchmarks;

/// <summary>
/// Where unrolling a recurrent network stops paying: one GRU or LSTM layer of n units on n inputs with a
/// one-output dense head, float, one thread (GRU 4: 125 parameters, 6: 259, 8: 441; LSTM 4: 165, 6: 343,
/// 8: 585). The baseline is the kernel step of the same network, the calls a network above the unroll
/// limit makes (GruStep or LstmStep, then Affine); beside it the generated Step of one stream, and
/// StepBatch per stream over 256 streams (in vector lanes where the network is unrolled). Below the limit
/// Step is unrolled; to compare the unrolled step above it, raise RecurrentStepEmitter.UnrollLimit and
/// run again (which is how the limit was chosen).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RecurrentUnrollBenchmarks
{
    private const int Streams = 256;

    private IRecurrentNetwork<float> _gru = null!, _lstm = null!;
    private float[] _input = null!, _output = null!, _gruState = null!, _lstmState = null!, _next = null!, _cell = null!, _cache = null!;
    private float[] _inputs = null!, _outputs = null!, _gruStates = null!, _lstmStates = null!;

    [Params(4, 6, 8)]
    public int Units { get; set; } = 4;

    [GlobalSetup]
    public void Setup()
    {
        (_gru, _lstm) = Units switch
        {
            4 => ((IRecurrentNetwork<float>)new SmallGru4(), (IRecurrentNetwork<float>)new SmallLstm4()),
            6 => (new SmallGru6(), new SmallLstm6()),
            _ => (new Gru8(), new Lstm8()),
        };
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
        _cell = new float[Units];
        _cache = new float[Kernels.LstmCachePerUnit * Units];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("GRU")]
    public void GruKernelStep()
    {
        ReadOnlySpan<float> theta = _gru.Parameters;
        int layer = 3 * Units * (2 * Units + 2);
        Kernels.GruStep(theta.Slice(0, layer), _input, _gruState, _next, _cache.AsSpan(0, Kernels.GruCachePerUnit * Units));
        _next.CopyTo(_gruState, 0);
        Kernels.Affine(theta.Slice(layer, Units), theta.Slice(layer + Units, 1), _next, _output);
    }

    [Benchmark, BenchmarkCategory("GRU")]
    public void GruStep() => _gru.Step(_input, _gruState, _output);

    [Benchmark(OperationsPerInvoke = Streams), BenchmarkCategory("GRU")]
    public void GruStepBatchPerStream() => _gru.StepBatch(_inputs, _gruStates, _outputs);

    [Benchmark(Baseline = true), BenchmarkCategory("LSTM")]
    public void LstmKernelStep()
    {
        ReadOnlySpan<float> theta = _lstm.Parameters;
        int layer = 4 * Units * (2 * Units + 2);
        Span<float> state = _lstmState;
        Kernels.LstmStep(theta.Slice(0, layer), _input, state.Slice(0, Units), state.Slice(Units, Units), _next, _cell, _cache);
        _next.CopyTo(state);
        _cell.CopyTo(state.Slice(Units));
        Kernels.Affine(theta.Slice(layer, Units), theta.Slice(layer + Units, 1), _next, _output);
    }

    [Benchmark, BenchmarkCategory("LSTM")]
    public void LstmStep() => _lstm.Step(_input, _lstmState, _output);

    [Benchmark(OperationsPerInvoke = Streams), BenchmarkCategory("LSTM")]
    public void LstmStepBatchPerStream() => _lstm.StepBatch(_inputs, _lstmStates, _outputs);
}
