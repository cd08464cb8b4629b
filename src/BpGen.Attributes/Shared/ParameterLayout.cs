using System;

namespace BpGen
{
    /// <summary>
    /// Where each layer's parameters sit in <c>Parameters</c>: layer after layer; a dense layer's W^l
    /// row-major (n_l rows of n_(l−1) values, decayed by λ), then b^l (n_l values, not decayed); a
    /// recurrent layer's weight_ih (G·n_l rows of n_(l−1) values), weight_hh (G·n_l rows of n_l), both
    /// decayed, then bias_ih and bias_hh (G·n_l each), with G = 3 gates for a GRU (r, z, n) and 4 for an
    /// LSTM (i, f, g, o), in PyTorch's order. The one definition of the layout, compiled into both the
    /// runtime and the generator: everything that reads, writes, names, regularizes, steps or emits
    /// parameters walks these blocks.
    /// </summary>
    internal readonly ref struct ParameterLayout
    {
        private readonly ReadOnlySpan<int> _sizes;
        private readonly ReadOnlySpan<Layer> _kinds;

        /// <summary>The layout of a network of layer sizes n₀ … n_L, each weight layer of kind <paramref name="kinds"/>[l − 1]; all dense when <paramref name="kinds"/> is empty.</summary>
        public ParameterLayout(ReadOnlySpan<int> sizes, ReadOnlySpan<Layer> kinds = default)
        {
            _sizes = sizes;
            _kinds = kinds;
        }

        /// <summary>L, the number of weight layers.</summary>
        public int Layers => _sizes.Length - 1;

        /// <summary>The number of values, in 64 bits so that sizes read from a file cannot overflow it.</summary>
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

        /// <summary>What layer <paramref name="layer"/> (1 … L) computes.</summary>
        public Layer KindOf(int layer) => _kinds.IsEmpty ? Layer.Dense : _kinds[layer - 1];

        /// <summary>The gates of a recurrent layer of kind <paramref name="kind"/>: 3 for a GRU, 4 for an LSTM, 0 for a dense layer.</summary>
        public static int Gates(Layer kind) => kind switch
        {
            Layer.Gru => 3,
            Layer.Lstm => 4,
            _ => 0,
        };

        /// <summary>Where layer <paramref name="layer"/>'s blocks start, and how many values they hold together: the span a recurrent kernel takes.</summary>
        public (int Offset, int Count) LayerRange(int layer)
        {
            int offset = -1, end = 0;
            foreach (ParameterBlock block in this)
            {
                if (block.Layer == layer)
                {
                    offset = offset < 0 ? block.Offset : offset;
                    end = block.End;
                }
            }

            return offset < 0
                ? throw new ArgumentOutOfRangeException(nameof(layer), $"The network has layers 1 to {Layers}, not {layer}.")
                : (offset, end - offset);
        }

        /// <summary>W^l of a dense layer.</summary>
        public ParameterBlock Weights(int layer) => Find(ParameterBlockKind.Weights, layer);

        /// <summary>b^l of a dense layer.</summary>
        public ParameterBlock Biases(int layer) => Find(ParameterBlockKind.Biases, layer);

        /// <summary>The block of <paramref name="kind"/> in layer <paramref name="layer"/>.</summary>
        public ParameterBlock Find(ParameterBlockKind kind, int layer)
        {
            foreach (ParameterBlock block in this)
            {
                if (block.Kind == kind && block.Layer == layer)
                {
                    return block;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(layer), $"The network has no {kind} block in layer {layer}; it has layers 1 to {Layers}.");
        }

        /// <summary>The blocks in the order they are stored; allocation-free.</summary>
        public Enumerator GetEnumerator() => new Enumerator(this);

        /// <summary>How many blocks layer <paramref name="layer"/> has.</summary>
        private int BlocksOf(int layer) => KindOf(layer) == Layer.Dense ? 2 : 4;

        /// <summary>Block <paramref name="k"/> of layer <paramref name="l"/>, starting at <paramref name="offset"/>: a layer kind's blocks are defined here and nowhere else.</summary>
        private ParameterBlock At(int l, int k, int offset)
        {
            int inputs = _sizes[l - 1], outputs = _sizes[l];
            Layer kind = KindOf(l);
            if (kind == Layer.Dense)
            {
                return k == 0
                    ? new ParameterBlock(ParameterBlockKind.Weights, l, offset, outputs, inputs, decayed: true)
                    : new ParameterBlock(ParameterBlockKind.Biases, l, offset, outputs, 1, decayed: false);
            }

            int rows = Gates(kind) * outputs;
            return k switch
            {
                0 => new ParameterBlock(ParameterBlockKind.InputWeights, l, offset, rows, inputs, decayed: true),
                1 => new ParameterBlock(ParameterBlockKind.RecurrentWeights, l, offset, rows, outputs, decayed: true),
                2 => new ParameterBlock(ParameterBlockKind.InputBiases, l, offset, rows, 1, decayed: false),
                _ => new ParameterBlock(ParameterBlockKind.RecurrentBiases, l, offset, rows, 1, decayed: false),
            };
        }

        /// <summary>Walks the blocks, each starting where the one before ends.</summary>
        public ref struct Enumerator
        {
            private readonly ParameterLayout _layout;
            private int _layer;
            private int _block;
            private ParameterBlock _current;

            public Enumerator(ParameterLayout layout)
            {
                _layout = layout;
                _layer = 1;
                _block = -1;
                _current = default;
            }

            public ParameterBlock Current => _current;

            public bool MoveNext()
            {
                if (_layer > _layout.Layers)
                {
                    return false;
                }

                int offset = _block < 0 ? 0 : _current.End;
                if (++_block == _layout.BlocksOf(_layer))
                {
                    _block = 0;
                    if (++_layer > _layout.Layers)
                    {
                        return false;
                    }
                }

                _current = _layout.At(_layer, _block, offset);
                return true;
            }
        }
    }
}
