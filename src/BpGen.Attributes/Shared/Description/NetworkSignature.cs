using System;
using System.Linq;

namespace BpGen
{
    /// <summary>
    /// What a parameter file must match to be loaded into a network: element type, layer sizes, the
    /// activation of every weight layer and the loss. Generated networks describe themselves with one.
    /// </summary>
    public sealed class NetworkSignature : IEquatable<NetworkSignature>
    {
        private readonly int[] _sizes;
        private readonly Activation[] _activations;

        /// <summary>Describes a network.</summary>
        /// <param name="sizes">n₀ … n_L.</param>
        /// <param name="activations">f₁ … f_L; for softmax the output layer's is Identity (the logits), for binary cross-entropy Sigmoid.</param>
        /// <param name="loss">The loss.</param>
        /// <param name="useDouble">Whether values are doubles rather than floats.</param>
        public NetworkSignature(int[] sizes, Activation[] activations, Loss loss, bool useDouble)
        {
            if (sizes is null || sizes.Length < 2 || sizes.Any(s => s < 1))
            {
                throw new ArgumentException("A network needs at least two layer sizes, each at least 1.", nameof(sizes));
            }

            if (activations is null || activations.Length != sizes.Length - 1)
            {
                throw new ArgumentException($"A network of {sizes.Length} layer sizes needs {sizes.Length - 1} activations.", nameof(activations));
            }

            _sizes = (int[])sizes.Clone();
            _activations = (Activation[])activations.Clone();
            Loss = loss;
            UseDouble = useDouble;
        }

        /// <summary>n₀ … n_L.</summary>
        public ReadOnlySpan<int> Sizes => _sizes;

        /// <summary>f₁ … f_L.</summary>
        public ReadOnlySpan<Activation> Activations => _activations;

        /// <summary>The loss.</summary>
        public Loss Loss { get; }

        /// <summary>What weight layer <paramref name="layer"/> computes: every layer of a signature is dense.</summary>
        internal Layer KindOf(int layer) => Layer.Dense;

        /// <summary>Whether values are doubles rather than floats.</summary>
        public bool UseDouble { get; }

        /// <summary>The bytes of one value: 4 or 8.</summary>
        public int ElementSize => UseDouble ? 8 : 4;

        /// <summary>Σ_l n_l·(n_(l−1) + 1).</summary>
        public long ParameterCount => new ParameterLayout(_sizes).Count;

        /// <summary>E.g. "2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy)".</summary>
        public override string ToString() =>
            $"{string.Join("-", _sizes)} {(UseDouble ? "double" : "float")} network ({string.Join(", ", _activations)}; {Loss})";

        /// <inheritdoc/>
        public bool Equals(NetworkSignature? other) =>
            other is not null && UseDouble == other.UseDouble && Loss == other.Loss && _sizes.SequenceEqual(other._sizes) && _activations.SequenceEqual(other._activations);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as NetworkSignature);

        /// <inheritdoc/>
        public override int GetHashCode() => ToString().GetHashCode();
    }
}
