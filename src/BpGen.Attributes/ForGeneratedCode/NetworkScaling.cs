using System;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// How a network applies its <c>InputScaling</c> and <c>OutputScaling</c>: raw inputs are
    /// standardized before the first layer, a regression network's outputs mapped back to the targets'
    /// units after the last, and its targets standardized before the loss, so every method takes and
    /// returns raw values and the network learns in standardized ones.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class NetworkScaling
    {
        /// <summary><paramref name="scaling"/>, once it is one of the network's inputs.</summary>
        /// <exception cref="ArgumentException">It has another number of features than the network has inputs.</exception>
        public static Standardizer? CheckInput(Standardizer? scaling, NetworkSignature network)
        {
            CheckFeatures(scaling, network, network.Sizes[0], "InputScaling", "inputs");
            return scaling;
        }

        /// <summary><paramref name="scaling"/>, once it is one of the network's outputs and the network a regression.</summary>
        /// <exception cref="ArgumentException">It has another number of features than the network has outputs, a standard deviation of 0, or the loss is not MeanSquaredError.</exception>
        public static Standardizer? CheckOutput(Standardizer? scaling, NetworkSignature network)
        {
            if (scaling is not null && network.Loss != Loss.MeanSquaredError)
            {
                throw new ArgumentException($"OutputScaling maps a regression network's outputs to the targets' units, so it needs Loss.MeanSquaredError, but this network's loss is {network.Loss}.", "OutputScaling");
            }

            CheckFeatures(scaling, network, network.Sizes[network.Sizes.Length - 1], "OutputScaling", "outputs");
            if (scaling is not null && FeatureScaling.FindOutputProblem(scaling.StandardDeviation) is { } zero)
            {
                throw new ArgumentException($"OutputScaling cannot scale this network: {zero}.", "OutputScaling");
            }

            return scaling;
        }

        /// <summary>Both checks, for writers of parameter files.</summary>
        public static void Check(NetworkSignature network, Standardizer? inputScaling, Standardizer? outputScaling)
        {
            CheckInput(inputScaling, network);
            CheckOutput(outputScaling, network);
        }

        /// <summary>
        /// <paramref name="raw"/> standardized into the start of <paramref name="buffer"/>, or
        /// <paramref name="raw"/> itself when there is no scaling.
        /// </summary>
        public static ReadOnlySpan<T> Standardized<T>(Standardizer? scaling, ReadOnlySpan<T> raw, Span<T> buffer)
            where T : unmanaged
        {
            if (scaling is null)
            {
                return raw;
            }

            if (buffer.Length < raw.Length)
            {
                throw new ArgumentException($"'buffer' must hold at least the {raw.Length} raw values, but holds {buffer.Length}.", nameof(buffer));
            }

            Span<T> destination = buffer.Slice(0, raw.Length);
            if (typeof(T) == typeof(float))
            {
                scaling.Apply(MemoryMarshal.Cast<T, float>(raw), MemoryMarshal.Cast<T, float>(destination));
            }
            else
            {
                RequireDouble<T>();
                scaling.Apply(MemoryMarshal.Cast<T, double>(raw), MemoryMarshal.Cast<T, double>(destination));
            }

            return destination;
        }

        /// <summary>
        /// <paramref name="raw"/> standardized into an array rented from the shared pool, which
        /// <paramref name="rented"/> receives for <see cref="ReturnRented{T}"/>, or <paramref name="raw"/>
        /// itself when there is no scaling: a whole sequence's values, which no stack bound holds.
        /// </summary>
        public static ReadOnlySpan<T> StandardizedRented<T>(Standardizer? scaling, ReadOnlySpan<T> raw, out T[]? rented)
            where T : unmanaged
        {
            rented = null;
            if (scaling is null)
            {
                return raw;
            }

            rented = ArrayPool<T>.Shared.Rent(raw.Length);
            return Standardized(scaling, raw, rented);
        }

        /// <summary>Gives an array of <see cref="StandardizedRented{T}"/> back to the shared pool; nothing for null.</summary>
        public static void ReturnRented<T>(T[]? rented)
            where T : unmanaged
        {
            if (rented is not null)
            {
                ArrayPool<T>.Shared.Return(rented);
            }
        }

        /// <summary>Standardizes <paramref name="values"/> in place; nothing when there is no scaling.</summary>
        internal static void Standardize<T>(Standardizer? scaling, Span<T> values)
            where T : unmanaged => Standardized(scaling, values, values);

        /// <summary>Maps standardized <paramref name="values"/> back in place; nothing when there is no scaling.</summary>
        public static void Restore<T>(Standardizer? scaling, Span<T> values)
            where T : unmanaged
        {
            if (scaling is null)
            {
                return;
            }

            if (typeof(T) == typeof(float))
            {
                scaling.Invert(MemoryMarshal.Cast<T, float>(values));
            }
            else
            {
                RequireDouble<T>();
                scaling.Invert(MemoryMarshal.Cast<T, double>(values));
            }
        }

        /// <summary>Networks are of float or double; any other T would be read as doubles' bytes.</summary>
        private static void RequireDouble<T>()
        {
            if (typeof(T) != typeof(double))
            {
                throw new NotSupportedException($"A network's values are float or double, not {typeof(T).Name}.");
            }
        }

        private static void CheckFeatures(Standardizer? scaling, NetworkSignature network, int expected, string property, string what)
        {
            if (scaling is not null && scaling.FeatureCount != expected)
            {
                throw new ArgumentException($"{property} must standardize the network's {expected} {what}, but it has {scaling.FeatureCount} features.", property);
            }

            if (scaling is not null && !network.UseDouble && FeatureScaling.FindFloatProblem(scaling.Mean, scaling.StandardDeviation) is { } problem)
            {
                throw new ArgumentException($"{property} cannot scale this network: {problem}.", property);
            }
        }
    }
}
