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
            double sumOfSquares = 0;
            foreach (T g in gradient)
            {
                double value = scalar.ToDouble(g);
                sumOfSquares += value * value;
            }

            double norm = Math.Sqrt(sumOfSquares) / batchSize;
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
    }
}
