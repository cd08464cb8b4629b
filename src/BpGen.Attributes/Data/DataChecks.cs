using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// Data for training and evaluation holds finite numbers: one NaN or ±∞ in an input or a target makes
    /// every loss it reaches NaN, which training could only report as divergence. A cross-entropy's
    /// targets are also held to the values it is defined for.
    /// </summary>
    internal static class DataChecks
    {
        /// <summary>The index of the first value of <paramref name="values"/> that is not finite, or −1 when all are.</summary>
        public static int IndexOfNonFinite<T>(ReadOnlySpan<T> values)
            where T : unmanaged
        {
            // Training checks its whole data set on every call, so all values are first looked at in whole
            // vectors: x − x is +0 for every finite x and NaN for NaN and ±∞, and OR-ing those bits together
            // leaves zero bits only where all are finite. Only a span that holds a non-finite value, about to
            // be refused, is then searched value by value for the first.
            if (Vector.IsHardwareAccelerated && AllFiniteInVectors(values))
            {
                return -1;
            }

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

        /// <summary>Whether every value of <paramref name="values"/> is finite, looked at a vector at a time.</summary>
        private static bool AllFiniteInVectors<T>(ReadOnlySpan<T> values)
            where T : unmanaged
        {
            ReadOnlySpan<Vector<T>> vectors = MemoryMarshal.Cast<T, Vector<T>>(values);
            Vector<byte> bits = Vector<byte>.Zero;
            foreach (Vector<T> v in vectors)
            {
                bits |= Vector.AsVectorByte(v - v);
            }

            // The values after the last whole vector, in one vector that ends at the span's end.
            int tail = values.Length - (vectors.Length * Vector<T>.Count);
            if (tail > 0)
            {
                if (values.Length < Vector<T>.Count)
                {
                    return false; // too short for one vector: the caller looks value by value
                }

                Vector<T> last = MemoryMarshal.Cast<T, Vector<T>>(values.Slice(values.Length - Vector<T>.Count))[0];
                bits |= Vector.AsVectorByte(last - last);
            }

            return Vector.EqualsAll(bits, Vector<byte>.Zero);
        }

        /// <summary>
        /// What is wrong with the first target vector of <paramref name="targets"/> (<paramref name="size"/>
        /// values each) that <paramref name="loss"/> cannot take, its index in <paramref name="vector"/> and
        /// its name to be put in place of {0} ("the targets of {0} sum to 2 …"); null when all fit. A
        /// cross-entropy's δ = p − y is its gradient only for targets it defines: each from 0 to 1 for
        /// BinaryCrossEntropy, and for SoftmaxCrossEntropy a distribution besides (summing to 1, to within
        /// 10⁻³ for rounding).
        /// </summary>
        public static string? FindTargetProblem<T>(Loss loss, ReadOnlySpan<T> targets, int size, out int vector)
            where T : unmanaged
        {
            vector = -1;
            if (loss == Loss.MeanSquaredError)
            {
                return null;
            }

            for (int first = 0; first <= targets.Length - size; first += size)
            {
                double sum = 0;
                for (int k = first; k < first + size; k++)
                {
                    double y = typeof(T) == typeof(float) ? MemoryMarshal.Cast<T, float>(targets)[k] : MemoryMarshal.Cast<T, double>(targets)[k];
                    if (!(y >= 0 && y <= 1))
                    {
                        vector = first / size;
                        return $"target {k - first} of {{0}} is {y.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, and Loss.{loss} takes targets from 0 to 1";
                    }

                    sum += y;
                }

                if (loss == Loss.SoftmaxCrossEntropy && Math.Abs(sum - 1) > 1e-3)
                {
                    vector = first / size;
                    return $"the targets of {{0}} sum to {sum.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, and Loss.SoftmaxCrossEntropy takes a distribution, summing to 1";
                }
            }

            return null;
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
