using System;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// Data for training and evaluation holds finite numbers: one NaN or ±∞ in an input or a target makes
    /// every loss it reaches NaN, which training could only report as divergence.
    /// </summary>
    internal static class FiniteData
    {
        /// <summary>The index of the first value of <paramref name="values"/> that is not finite, or −1 when all are.</summary>
        public static int IndexOfNonFinite<T>(ReadOnlySpan<T> values)
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                ReadOnlySpan<float> floats = MemoryMarshal.Cast<T, float>(values);
                for (int k = 0; k < floats.Length; k++)
                {
                    if (float.IsNaN(floats[k]) || float.IsInfinity(floats[k]))
                    {
                        return k;
                    }
                }
            }
            else
            {
                ReadOnlySpan<double> doubles = MemoryMarshal.Cast<T, double>(values);
                for (int k = 0; k < doubles.Length; k++)
                {
                    if (double.IsNaN(doubles[k]) || double.IsInfinity(doubles[k]))
                    {
                        return k;
                    }
                }
            }

            return -1;
        }

        /// <summary>
        /// The exception for value <paramref name="k"/> of <paramref name="values"/>, which <paramref name="where"/>
        /// places ("input 3 of sample 17").
        /// </summary>
        public static ArgumentException Error<T>(string name, ReadOnlySpan<T> values, int k, string where)
            where T : unmanaged
        {
            double value = typeof(T) == typeof(float) ? MemoryMarshal.Cast<T, float>(values)[k] : MemoryMarshal.Cast<T, double>(values)[k];
            return new ArgumentException($"'{name}' holds {FiniteParameters.Describe(value)} at {where}; data must be finite numbers.", name);
        }
    }
}
