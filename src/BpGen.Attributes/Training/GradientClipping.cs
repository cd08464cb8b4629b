using System;

namespace BpGen
{
    /// <summary>Clipping by global norm, as <see cref="TrainingOptions.GradientClipping"/> describes it.</summary>
    internal static class GradientClipping
    {
        /// <summary>
        /// Scales <paramref name="gradient"/>, the sum of <paramref name="batchSize"/> samples' gradients, by
        /// c / ‖g/m‖ when the batch mean's norm ‖g/m‖ is above c = <paramref name="maxNorm"/>; 0 leaves it.
        /// A NaN or infinite norm leaves it too, for the divergence rules to catch.
        /// </summary>
        public static void Apply<T, TScalar>(Span<T> gradient, int batchSize, double maxNorm)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            if (maxNorm == 0)
            {
                return;
            }

            TScalar scalar = default;
            double norm = Math.Sqrt(SumOfSquares<T, TScalar>(gradient)) / batchSize;
            if (!(norm > maxNorm) || double.IsInfinity(norm))
            {
                return;
            }

            T factor = scalar.FromDouble(maxNorm / norm);
            for (int k = 0; k < gradient.Length; k++)
            {
                gradient[k] = scalar.Multiply(gradient[k], factor);
            }
        }

        /// <summary>
        /// Σ g_k² in double, in four running sums (k mod 4) added at the end: one running sum would make
        /// every addition wait for the one before, which took several times as long as the rest.
        /// </summary>
        private static double SumOfSquares<T, TScalar>(ReadOnlySpan<T> gradient)
            where T : unmanaged
            where TScalar : struct, IScalar<T>
        {
            TScalar scalar = default;
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int k = 0;
            for (; k + 4 <= gradient.Length; k += 4)
            {
                double g0 = scalar.ToDouble(gradient[k]), g1 = scalar.ToDouble(gradient[k + 1]), g2 = scalar.ToDouble(gradient[k + 2]), g3 = scalar.ToDouble(gradient[k + 3]);
                s0 += g0 * g0;
                s1 += g1 * g1;
                s2 += g2 * g2;
                s3 += g3 * g3;
            }

            for (; k < gradient.Length; k++)
            {
                double g = scalar.ToDouble(gradient[k]);
                s0 += g * g;
            }

            return (s0 + s1) + (s2 + s3);
        }
    }
}
