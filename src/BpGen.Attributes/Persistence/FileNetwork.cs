using System;
using System.IO;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// The last step of LoadParameters, ImportParametersJson and ImportOnnx: the network a file holds,
    /// whatever its format, is checked against the one it is loaded into and only then copied in, so a
    /// file that does not fit leaves the parameters and the scaling as they were.
    /// </summary>
    internal static class FileNetwork
    {
        /// <summary>
        /// Copies <paramref name="found"/>'s values into <paramref name="parameters"/> (a float network's
        /// each rounded once, to nearest) and hands over its scaling, or throws
        /// <see cref="InvalidDataException"/> naming the first difference from <paramref name="expected"/>.
        /// </summary>
        public static void CopyInto<T>(NetworkDescription found, NetworkSignature expected, Span<T> parameters, out Standardizer? inputScaling, out Standardizer? outputScaling)
            where T : unmanaged
        {
            CheckFits(found, expected);

            foreach ((FeatureScaling? scaling, string which) in new[] { (found.InputScaling, "input"), (found.OutputScaling, "output") })
            {
                if (typeof(T) == typeof(float) && scaling is not null && FeatureScaling.FindFloatProblem(scaling.Mean, scaling.Deviation) is { } problem)
                {
                    throw new InvalidDataException($"The {found.Format} file does not fit this network: its {which} scaling's {problem}. This is a {expected}.");
                }
            }

            if (typeof(T) == typeof(double))
            {
                found.Parameters.AsSpan().CopyTo(MemoryMarshal.Cast<T, double>(parameters));
            }
            else
            {
                // Only a double ONNX file can hold a value beyond float's range: it rounds to infinity.
                float[] rounded = Array.ConvertAll(found.Parameters, value => (float)value);
                if (FiniteParameters.FindNonFinite<float>(expected.Layout, rounded) is string nonFinite)
                {
                    throw new InvalidDataException($"The {found.Format} file does not fit this network: {nonFinite} as a float. This is a {expected}.");
                }

                rounded.AsSpan().CopyTo(MemoryMarshal.Cast<T, float>(parameters));
            }

            inputScaling = Standardizer.From(found.InputScaling);
            outputScaling = Standardizer.From(found.OutputScaling);
        }

        /// <summary>
        /// Throws <see cref="InvalidDataException"/> naming the first difference between the network a
        /// file holds and <paramref name="expected"/>; a binary file's header is checked so before its values are read.
        /// </summary>
        public static void CheckFits(NetworkDescription found, NetworkSignature expected)
        {
            if (NetworkComparison.Find(found, expected, sameElementType: true) is { } mismatch)
            {
                throw new InvalidDataException($"The {found.Format} file does not fit this network: {mismatch.Message}. It holds a {found}; this is a {expected}.");
            }
        }
    }
}
