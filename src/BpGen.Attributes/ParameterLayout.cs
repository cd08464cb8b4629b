using System;

// Also compiled into the generator, whose weights file readers check a file's count against its sizes.
#if BPGEN_GENERATOR
namespace BpGen.Generator.Persistence
#else
namespace BpGen
#endif
{
    /// <summary>
    /// Where each layer's parameters sit in <see cref="INetwork{T}.Parameters"/>: layer after layer,
    /// W^l row-major (n_l rows of n_(l−1) values), then b^l (n_l values). The one place the runtime
    /// computes these offsets; the generator lays out the same order.
    /// </summary>
    internal readonly ref struct ParameterLayout
    {
        private readonly ReadOnlySpan<int> _sizes;

        /// <summary>The layout of a network of layer sizes n₀ … n_L.</summary>
        public ParameterLayout(ReadOnlySpan<int> sizes) => _sizes = sizes;

        /// <summary>L, the number of weight layers.</summary>
        public int Layers => _sizes.Length - 1;

        /// <summary>Σ_l n_l·(n_(l−1) + 1), in 64 bits so that sizes read from a file cannot overflow it.</summary>
        public long Count
        {
            get
            {
                long count = 0;
                for (int l = 1; l < _sizes.Length; l++)
                {
                    count += (long)_sizes[l] * ((long)_sizes[l - 1] + 1);
                }

                return count;
            }
        }

        /// <summary>n_l·n_(l−1), the weights of W^l.</summary>
        public int WeightCount(int l) => _sizes[l] * _sizes[l - 1];

        /// <summary>n_l, the biases of b^l.</summary>
        public int BiasCount(int l) => _sizes[l];

        /// <summary>Where W^l starts: after W^k and b^k of every layer k &lt; l.</summary>
        public int WeightOffset(int l)
        {
            int offset = 0;
            for (int k = 1; k < l; k++)
            {
                offset += WeightCount(k) + BiasCount(k);
            }

            return offset;
        }

        /// <summary>Where b^l starts: right after W^l.</summary>
        public int BiasOffset(int l) => WeightOffset(l) + WeightCount(l);
    }
}
