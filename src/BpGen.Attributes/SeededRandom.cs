namespace BpGen
{
    /// <summary>
    /// A small SplitMix64 generator. Unlike <see cref="System.Random"/>, its sequence for a seed is fixed
    /// by this code alone, so a seed gives the same parameters on every machine and runtime.
    /// </summary>
    public struct SeededRandom
    {
        private ulong _state;

        /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
        public SeededRandom(int seed)
        {
            _state = unchecked((ulong)(uint)seed * 0xD1B54A32D192ED03UL + 0x8CB92BA72F3D8DD7UL);
        }

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            unchecked
            {
                ulong z = _state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        /// <summary>A double in [0, 1) with 53 random bits: exact, so identical everywhere.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>A double drawn uniformly from [−limit, limit).</summary>
        public double NextUniform(double limit) => limit * (2.0 * NextDouble() - 1.0);

        /// <summary>An integer in [0, <paramref name="maxExclusive"/>), from the high 32 bits (Lemire's multiply-shift).</summary>
        public int NextInt(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

        /// <summary>Puts <paramref name="items"/> in a random order (Fisher–Yates).</summary>
        public void Shuffle<T>(System.Span<T> items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                T swap = items[i];
                items[i] = items[j];
                items[j] = swap;
            }
        }
    }
}
