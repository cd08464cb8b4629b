using System;
using System.Linq;

namespace BpGen
{
    /// <summary>
    /// What a parameter file must match to be loaded into a network: element type, layer sizes, what
    /// each weight layer is (dense, GRU, LSTM), the activation of every weight layer and the loss.
    /// Generated networks describe themselves with one.
    /// </summary>
    public sealed class NetworkSignature : IEquatable<NetworkSignature>
    {
        private readonly int[] _sizes;
        private readonly Layer[] _kinds;
        private readonly Activation[] _activations;

        /// <summary>Describes a network of dense layers.</summary>
        /// <param name="sizes">n₀ … n_L.</param>
        /// <param name="activations">f₁ … f_L; for softmax the output layer's is Identity (the logits), for binary cross-entropy Sigmoid.</param>
        /// <param name="loss">The loss.</param>
        /// <param name="useDouble">Whether values are doubles rather than floats.</param>
        public NetworkSignature(int[] sizes, Activation[] activations, Loss loss, bool useDouble)
            : this(sizes, new Layer[Math.Max(0, (sizes?.Length ?? 0) - 1)], activations, loss, useDouble)
        {
        }

        /// <summary>Describes a network whose weight layers may be recurrent.</summary>
        /// <param name="sizes">n₀ … n_L.</param>
        /// <param name="kinds">What each weight layer 1 … L is; the output layer is Dense.</param>
        /// <param name="activations">f₁ … f_L; Tanh for a recurrent layer (its output is its state); for softmax the output layer's is Identity (the logits), for binary cross-entropy Sigmoid.</param>
        /// <param name="loss">The loss.</param>
        /// <param name="useDouble">Whether values are doubles rather than floats.</param>
        /// <exception cref="ArgumentException">The sizes, kinds and activations do not describe a network; the message says how.</exception>
        public NetworkSignature(int[] sizes, Layer[] kinds, Activation[] activations, Loss loss, bool useDouble)
        {
            if (sizes is null || sizes.Length < 2 || sizes.Any(s => s < 1))
            {
                throw new ArgumentException("A network needs at least two layer sizes, each at least 1.", nameof(sizes));
            }

            if (kinds is null || kinds.Length != sizes.Length - 1)
            {
                throw new ArgumentException($"A network of {sizes.Length} layer sizes needs {sizes.Length - 1} layer kinds, but {(kinds is null ? "none are" : $"{kinds.Length} are")} given.", nameof(kinds));
            }

            if (activations is null || activations.Length != sizes.Length - 1)
            {
                throw new ArgumentException($"A network of {sizes.Length} layer sizes needs {sizes.Length - 1} activations.", nameof(activations));
            }

            if (LayerKinds.FindProblem(kinds, activations) is string problem)
            {
                throw new ArgumentException($"The layer kinds do not describe a network: {problem}.", nameof(kinds));
            }

            _sizes = (int[])sizes.Clone();
            _kinds = (Layer[])kinds.Clone();
            _activations = (Activation[])activations.Clone();
            Loss = loss;
            UseDouble = useDouble;
        }

        /// <summary>n₀ … n_L.</summary>
        public ReadOnlySpan<int> Sizes => _sizes;

        /// <summary>What each weight layer 1 … L is.</summary>
        public ReadOnlySpan<Layer> Kinds => _kinds;

        /// <summary>f₁ … f_L.</summary>
        public ReadOnlySpan<Activation> Activations => _activations;

        /// <summary>The loss.</summary>
        public Loss Loss { get; }

        /// <summary>What weight layer <paramref name="layer"/> (1 … L) computes.</summary>
        internal Layer KindOf(int layer) => _kinds[layer - 1];

        /// <summary>Where each layer's parameters sit.</summary>
        internal ParameterLayout Layout => new(_sizes, _kinds);

        /// <summary>Whether values are doubles rather than floats.</summary>
        public bool UseDouble { get; }

        /// <summary>The bytes of one value: 4 or 8.</summary>
        public int ElementSize => UseDouble ? 8 : 4;

        /// <summary>Σ_l n_l·(n_(l−1) + 1) over the dense layers, G·n_l·(n_(l−1) + n_l + 2) over the recurrent ones (G gates).</summary>
        public long ParameterCount => Layout.Count;

        /// <summary>E.g. "2-3-2 float network (Sigmoid, Identity; SoftmaxCrossEntropy)"; a recurrent layer shows its kind: "8-32-10 float network (Gru, Identity; SoftmaxCrossEntropy)".</summary>
        public override string ToString() =>
            $"{string.Join("-", _sizes)} {(UseDouble ? "double" : "float")} network ({LayerNotation(_kinds, _activations)}; {Loss})";

        /// <summary>Each weight layer's activation, or a recurrent layer's kind: "Gru, Identity".</summary>
        internal static string LayerNotation(Layer[] kinds, Activation[] activations) =>
            string.Join(", ", activations.Select((activation, i) => i < kinds.Length && kinds[i] != Layer.Dense ? kinds[i].ToString() : activation.ToString()));

        /// <inheritdoc/>
        public bool Equals(NetworkSignature? other) =>
            other is not null && UseDouble == other.UseDouble && Loss == other.Loss && _sizes.SequenceEqual(other._sizes)
            && _kinds.SequenceEqual(other._kinds) && _activations.SequenceEqual(other._activations);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as NetworkSignature);

        /// <inheritdoc/>
        public override int GetHashCode() => ToString().GetHashCode();
    }
}
