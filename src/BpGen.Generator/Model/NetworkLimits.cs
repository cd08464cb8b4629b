namespace BpGen.Generator.Model;

/// <summary>The sizes at which the generator changes what it does; docs/design.md gives the measurements behind them.</summary>
internal static class NetworkLimits
{
    /// <summary>The largest network accepted, counted in neurons over all layers (inputs included).</summary>
    /// <remarks>
    /// Backward keeps every activation and error on the stack, 2·Σn_l values; at 4,096 neurons that is
    /// 64 KiB for double, safe on any thread's stack.
    /// </remarks>
    public const int MaxNeurons = 4096;

    /// <summary>
    /// Networks with at most this many parameters get fully unrolled Forward, Backward and TrainStep:
    /// scalar locals, no loops. Larger ones call the SIMD kernels over stack scratch. Unrolled code is
    /// still the faster at this size (UnrollLimitBenchmarks); the limit keeps TrainStep, about 67 bytes
    /// of IL per parameter, under a third of the JIT's 60,000-byte optimization limit (docs/design.md).
    /// </summary>
    public const int UnrollLimit = 256;
}
