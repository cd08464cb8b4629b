using BenchmarkDotNet.Attributes;

namespace BpGen.Benchmarks;

/// <summary>
/// One frame of a game: 1,000 agents, each with its own eight inputs, all deciding with one 8-16-4
/// tanh network. The time per frame of one ForwardBatch over every agent's inputs, against one
/// Forward per agent (the baseline).
/// </summary>
[MemoryDiagnoser]
public class GameLoopBenchmarks
{
    private const int Agents = 1_000;

    private readonly Net8x16x4Tanh _network = new();
    private float[] _inputs = null!;
    private float[] _decisions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _network.InitializeParameters(1);
        var random = new SeededRandom(3);
        _inputs = Enumerable.Range(0, Agents * Net8x16x4Tanh.InputSize).Select(_ => (float)random.NextUniform(1)).ToArray();
        _decisions = new float[Agents * Net8x16x4Tanh.OutputSize];
    }

    [Benchmark(Baseline = true)]
    public void ForwardPerAgent()
    {
        for (int agent = 0; agent < Agents; agent++)
        {
            _network.Forward(
                _inputs.AsSpan(agent * Net8x16x4Tanh.InputSize, Net8x16x4Tanh.InputSize),
                _decisions.AsSpan(agent * Net8x16x4Tanh.OutputSize, Net8x16x4Tanh.OutputSize));
        }
    }

    [Benchmark]
    public void ForwardBatchPerFrame() => _network.ForwardBatch(_inputs, _decisions);
}
