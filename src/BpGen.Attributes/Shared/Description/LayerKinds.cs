using System;
using static System.FormattableString;

namespace BpGen
{
    /// <summary>
    /// What the layer kinds of a network must satisfy, wherever a network is described (a signature, a
    /// file's header): every kind a <see cref="Layer"/>, a recurrent layer's activation Tanh (its output
    /// is its state h′, which tanh bounds by definition), and a dense output layer.
    /// </summary>
    internal static class LayerKinds
    {
        /// <summary>
        /// The first way <paramref name="kinds"/> (layers 1 … L) break the rule, e.g. "layer 1 is a Gru
        /// layer with activation Sigmoid; a recurrent layer's activation is Tanh", or null when they keep it.
        /// <paramref name="activations"/> has the same length.
        /// </summary>
        public static string? FindProblem(ReadOnlySpan<Layer> kinds, ReadOnlySpan<Activation> activations)
        {
            for (int l = 1; l <= kinds.Length; l++)
            {
                Layer kind = kinds[l - 1];
                if (!Enum.IsDefined(typeof(Layer), kind))
                {
                    return Invariant($"layer {l} is of kind {(int)kind}, which is none of {string.Join(", ", Enum.GetNames(typeof(Layer)))}");
                }

                if (kind != Layer.Dense && l == kinds.Length)
                {
                    return Invariant($"the output layer {l} is a {kind} layer; the output layer is Dense");
                }

                if (kind != Layer.Dense && activations[l - 1] != Activation.Tanh)
                {
                    return Invariant($"layer {l} is a {kind} layer with activation {activations[l - 1]}; a recurrent layer's activation is Tanh");
                }
            }

            return null;
        }
    }
}
