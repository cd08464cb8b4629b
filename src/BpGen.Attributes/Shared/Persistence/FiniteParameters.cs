using System;
using System.IO;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// Parameter files hold finite numbers only: NaN or ±∞ in a weight is a broken network, never a
    /// value worth keeping, so it is neither written nor read.
    /// </summary>
    internal static class FiniteParameters
    {
        /// <summary>The closing words of every message about a non-finite value in a BpGen file.</summary>
        public const string Rule = "a parameter file holds finite numbers only";

        /// <summary>Marks a reader's exception as being about a non-finite value (InvalidDataException is sealed).</summary>
        private const string Mark = "BpGen.NonFiniteWeight";

        /// <summary>
        /// "W2[3,1] (parameter 17) is NaN" or "weight_hh1[3,2] (parameter 40) is +∞" for the first value of
        /// <paramref name="parameters"/> (in <paramref name="layout"/>) that is not finite, or null when all are.
        /// </summary>
        public static string? FindNonFinite<T>(ParameterLayout layout, ReadOnlySpan<T> parameters)
            where T : unmanaged
        {
            ReadOnlySpan<float> floats = typeof(T) == typeof(float) ? MemoryMarshal.Cast<T, float>(parameters) : default;
            ReadOnlySpan<double> doubles = typeof(T) == typeof(double) ? MemoryMarshal.Cast<T, double>(parameters) : default;
            for (int k = 0; k < parameters.Length; k++)
            {
                double value = typeof(T) == typeof(float) ? floats[k] : doubles[k];
                if (double.IsNaN(value) || double.IsInfinity(value))
                {
                    return $"{Name(layout, k)} (parameter {k}) is {Describe(value)}";
                }
            }

            return null;
        }

        /// <summary>NaN, +∞ or −∞.</summary>
        public static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "−∞";

        /// <summary>
        /// The exception for a value that is not finite, marked so that the generator can report it as
        /// its own diagnostic (BPG016) rather than as an unreadable file.
        /// </summary>
        public static InvalidDataException Error(string message)
        {
            var error = new InvalidDataException(message);
            error.Data[Mark] = true;
            return error;
        }

        /// <summary>Whether <paramref name="error"/> came from <see cref="Error"/>.</summary>
        public static bool IsError(InvalidDataException error) => error.Data.Contains(Mark);

        /// <summary>W^l[i,j], b^l[i], weight_ih^l[i,j] …: the k-th value of <c>Parameters</c>, named in the block that holds it.</summary>
        private static string Name(ParameterLayout layout, int k)
        {
            foreach (ParameterBlock block in layout)
            {
                if (k < block.End)
                {
                    return block.ElementName(k - block.Offset);
                }
            }

            throw new ArgumentOutOfRangeException(nameof(k), $"The network has {layout.Count} parameters, so no parameter {k}.");
        }
    }
}
