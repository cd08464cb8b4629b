using System;

namespace BpGen
{
    /// <summary>
    /// Where each layer's parameters sit in <see cref="INetwork{T}.Parameters"/>: layer after layer,
    /// W^l row-major (n_l rows of n_(l−1) values, decayed by λ), then b^l (n_l values, not decayed).
    /// The one definition of the layout, compiled into both the runtime and the generator: everything
    /// that reads, writes, names, regularizes, steps or emits parameters walks these blocks.
    /// </summary>
    internal readonly ref struct ParameterLayout
    {
        private const int BlocksPerLayer = 2;

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
                foreach (ParameterBlock block in this)
                {
                    count += (long)block.Rows * block.Columns;
                }

                return count;
            }
        }

        /// <summary>W^l.</summary>
        public ParameterBlock Weights(int layer) => Find(ParameterBlockKind.Weights, layer);

        /// <summary>b^l.</summary>
        public ParameterBlock Biases(int layer) => Find(ParameterBlockKind.Biases, layer);

        /// <summary>The blocks in the order they are stored; allocation-free.</summary>
        public Enumerator GetEnumerator() => new Enumerator(this);

        /// <summary>The k-th block, starting at <paramref name="offset"/>: a layer kind's blocks are defined here and nowhere else.</summary>
        private ParameterBlock At(int k, int offset)
        {
            int l = k / BlocksPerLayer + 1;
            return k % BlocksPerLayer == 0
                ? new ParameterBlock(ParameterBlockKind.Weights, l, offset, _sizes[l], _sizes[l - 1], decayed: true)
                : new ParameterBlock(ParameterBlockKind.Biases, l, offset, _sizes[l], 1, decayed: false);
        }

        private ParameterBlock Find(ParameterBlockKind kind, int layer)
        {
            foreach (ParameterBlock block in this)
            {
                if (block.Kind == kind && block.Layer == layer)
                {
                    return block;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(layer), $"The network has layers 1 to {Layers}, not {layer}.");
        }

        /// <summary>Walks the blocks, each starting where the one before ends.</summary>
        public ref struct Enumerator
        {
            private readonly ParameterLayout _layout;
            private int _next;
            private ParameterBlock _current;

            public Enumerator(ParameterLayout layout)
            {
                _layout = layout;
                _next = 0;
                _current = default;
            }

            public ParameterBlock Current => _current;

            public bool MoveNext()
            {
                if (_next >= _layout.Layers * BlocksPerLayer)
                {
                    return false;
                }

                _current = _layout.At(_next, _next == 0 ? 0 : _current.End);
                _next++;
                return true;
            }
        }
    }
}
