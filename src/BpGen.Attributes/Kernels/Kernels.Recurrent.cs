using System;
using System.Runtime.CompilerServices;

namespace BpGen
{
    /// <summary>
    /// What the GRU and LSTM kernels share: where a recurrent layer's blocks lie and the gates' affine
    /// products.
    /// </summary>
    public static partial class Kernels
    {
        /// <summary>
        /// The shape of one recurrent layer's parameters, counted from its weight_ih: weight_ih (G·H rows
        /// of n_in values), weight_hh (G·H rows of H), bias_ih and bias_hh (G·H each), the blocks of
        /// <see cref="ParameterLayout"/>; gate k owns rows k·H to k·H + H − 1 of each.
        /// </summary>
        internal readonly struct RecurrentShape
        {
            public RecurrentShape(int gates, int hidden, int inputs)
            {
                Hidden = hidden;
                Inputs = inputs;
                Rows = gates * hidden;
            }

            /// <summary>H.</summary>
            public int Hidden { get; }

            /// <summary>n_in.</summary>
            public int Inputs { get; }

            /// <summary>G·H.</summary>
            public int Rows { get; }

            /// <summary>Where weight_hh starts.</summary>
            public int RecurrentWeights => Rows * Inputs;

            /// <summary>Where bias_ih starts.</summary>
            public int InputBiases => RecurrentWeights + (Rows * Hidden);

            /// <summary>Where bias_hh starts.</summary>
            public int RecurrentBiases => InputBiases + Rows;
        }

        /// <summary>
        /// The shape of a layer of <paramref name="gates"/> gates on x and h, after checking that
        /// <paramref name="name"/> holds its G·H·(n_in + H + 2) parameters (counted in 64 bits, so that
        /// no pair of span lengths can overflow the check).
        /// </summary>
        private static RecurrentShape CheckRecurrentLayer(
            string name, string kind, int gates, int length, int inputs, int hidden, string hiddenFrom = "h.Length", string inputsFrom = "x.Length")
        {
            long expected = (long)gates * hidden * ((long)inputs + hidden + 2);
            if (length != expected)
            {
                throw new ArgumentException(
                    $"{name} must hold the {gates}·H·(n_in + H + 2) = {expected} parameters of {kind} layer of H = {hidden} units ({hiddenFrom}) on n_in = {inputs} inputs ({inputsFrom}), but holds {length}.",
                    name);
            }

            return new RecurrentShape(gates, hidden, inputs);
        }

        /// <summary>
        /// Checks that the delta <paramref name="name"/> is either empty (not wanted) or holds the
        /// <paramref name="expected"/> values of <paramref name="of"/>.
        /// </summary>
        private static void CheckOptionalDelta(string name, string of, int expected, int length)
        {
            if (length != 0 && length != expected)
            {
                throw new ArgumentException($"{name} must be empty or hold the {expected} values of {of}, but holds {length}.", name);
            }
        }

        /// <summary>result ← W_i·x + b_i over the rows of the gates from <paramref name="firstGate"/> on, result.Length rows.</summary>
        private static void InputAffine<T, TScalar>(ReadOnlySpan<T> layer, RecurrentShape shape, int firstGate, ReadOnlySpan<T> x, Span<T> result)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int row = firstGate * shape.Hidden;
            Affine<T, TScalar>(InputRows(layer, shape, row, result.Length), layer.Slice(shape.InputBiases + row, result.Length), x, result);
        }

        /// <summary>result ← W_h·h + b_h over the rows of the gates from <paramref name="firstGate"/> on, result.Length rows.</summary>
        private static void RecurrentAffine<T, TScalar>(ReadOnlySpan<T> layer, RecurrentShape shape, int firstGate, ReadOnlySpan<T> h, Span<T> result)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            int row = firstGate * shape.Hidden;
            Affine<T, TScalar>(RecurrentRows(layer, shape, row, result.Length), layer.Slice(shape.RecurrentBiases + row, result.Length), h, result);
        }

        /// <summary>Rows <paramref name="firstRow"/> to <paramref name="firstRow"/> + <paramref name="rows"/> − 1 of weight_ih.</summary>
        private static ReadOnlySpan<T> InputRows<T>(ReadOnlySpan<T> layer, RecurrentShape shape, int firstRow, int rows) =>
            layer.Slice(firstRow * shape.Inputs, rows * shape.Inputs);

        /// <summary>Rows <paramref name="firstRow"/> to <paramref name="firstRow"/> + <paramref name="rows"/> − 1 of weight_hh.</summary>
        private static ReadOnlySpan<T> RecurrentRows<T>(ReadOnlySpan<T> layer, RecurrentShape shape, int firstRow, int rows) =>
            layer.Slice(shape.RecurrentWeights + (firstRow * shape.Hidden), rows * shape.Hidden);

        /// <summary>σ(v) = 1 / (1 + e^−v), as <see cref="Sigmoid(Span{double})"/> computes it past its vectors.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Logistic<T, TScalar>(T v)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar s = default;
            T one = s.FromDouble(1);
            return s.Divide(one, s.Add(one, s.Exp(s.Subtract(default, v))));
        }
    }
}
