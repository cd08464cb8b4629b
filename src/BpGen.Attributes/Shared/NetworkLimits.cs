namespace BpGen
{
    /// <summary>The bounds every BpGen network keeps, and the size at which the generator changes what it writes (docs/design.md gives their reasons).</summary>
    internal static class NetworkLimits
    {
        /// <summary>
        /// The most neurons over all layers, inputs included: the generator refuses larger networks
        /// (BPG008), so their stack scratch stays small (Backward keeps 2·Σn_l values, 64 KiB of doubles
        /// at this limit). As every layer has at least one neuron, it also bounds the number of layer sizes.
        /// </summary>
        internal const int MaxNeurons = 4096;

        /// <summary>
        /// Networks with at most this many parameters get fully unrolled Forward and Backward: scalar
        /// locals, no loops. Larger ones call the SIMD kernels over stack scratch. Unrolled code is still
        /// the faster at this size (UnrollLimitBenchmarks); the limit keeps the largest unrolled method under
        /// a third of the JIT's 60,000-byte optimization limit (JitLimitTests).
        /// </summary>
        internal const int UnrollLimit = 256;

        /// <summary>
        /// The most bytes of parameters the generator compiles into a class (<c>Weights = "…"</c>), 2 MiB:
        /// 524,288 floats (a 784-512-10 network's 407,050 among them) or 262,144 doubles. Each value is one
        /// literal in the generated source, and far larger data took the compiler gigabytes (docs/design.md,
        /// section 3); above it BPG022 says to load the file at run time.
        /// </summary>
        internal const int MaxCompiledWeightBytes = 2 << 20;

        /// <summary>
        /// Unrolled networks with at most this many parameters get a fused TrainStep, each weight descending
        /// as the pass reaches it; larger ones run Backward into a stack gradient and then Update, which
        /// descends in vectors. Measured: fused 0.8 of the time at 17 parameters, even at 58, 1.15 at 108
        /// and 1.3 at 246 (docs/design.md §4.4).
        /// </summary>
        internal const int FusedTrainStepLimit = 64;

        /// <summary>
        /// Unrolled networks with at most this many parameters add each weight's gradient in Backward by a
        /// statement of its own; larger ones copy a layer's δ and input to the stack and add the outer product
        /// by one vectorized kernel call. Measured (Stopwatch, Backward alone, with tanh unless said): the
        /// kernel is as fast at 212 parameters, 4 to 7% slower at 246 (1.2 times faster there with ReLU),
        /// and 6 to 11% slower at 108 and 186, hence the limit; above it the kernel takes a fifth off the
        /// generated source of such a network, and so off its build.
        /// </summary>
        internal const int UnrolledGradientLimit = 192;
    }
}
