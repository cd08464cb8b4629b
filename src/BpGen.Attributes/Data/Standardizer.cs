using System;
using System.Collections.Generic;

namespace BpGen
{
    /// <summary>
    /// Standardizes features: x′ = (x − mean) / standard deviation, with mean and deviation fitted on
    /// training inputs only and then applied to any input, so every feature enters the network on the
    /// same scale. A constant feature (deviation 0) becomes 0.
    /// </summary>
    public sealed class Standardizer
    {
        private readonly double[] _mean;
        private readonly double[] _scale;

        private Standardizer(double[] mean, double[] deviation)
        {
            _mean = mean;
            StandardDeviation = deviation;
            _scale = Array.ConvertAll(deviation, d => d > 0 ? 1 / d : 0);
        }

        /// <summary>The fitted mean of each feature.</summary>
        public IReadOnlyList<double> Mean => _mean;

        /// <summary>The fitted (population) standard deviation of each feature.</summary>
        public IReadOnlyList<double> StandardDeviation { get; }

        /// <summary>The number of features per sample.</summary>
        public int FeatureCount => _mean.Length;

        /// <summary>Fits mean and deviation of each of <paramref name="featureCount"/> features over the samples in <paramref name="inputs"/>.</summary>
        public static Standardizer Fit(ReadOnlySpan<float> inputs, int featureCount)
        {
            CheckShape(inputs.Length, featureCount);
            var values = new double[inputs.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = inputs[i];
            }

            return Fit(values, featureCount);
        }

        /// <summary>Fits mean and deviation of each of <paramref name="featureCount"/> features over the samples in <paramref name="inputs"/>.</summary>
        public static Standardizer Fit(ReadOnlySpan<double> inputs, int featureCount)
        {
            int count = CheckShape(inputs.Length, featureCount);
            var mean = new double[featureCount];
            for (int i = 0; i < inputs.Length; i++)
            {
                mean[i % featureCount] += inputs[i];
            }

            for (int f = 0; f < featureCount; f++)
            {
                mean[f] /= count;
            }

            // A second pass over the deviations: exact where E[x²] − E[x]² would cancel.
            var deviation = new double[featureCount];
            for (int i = 0; i < inputs.Length; i++)
            {
                double d = inputs[i] - mean[i % featureCount];
                deviation[i % featureCount] += d * d;
            }

            for (int f = 0; f < featureCount; f++)
            {
                deviation[f] = Math.Sqrt(deviation[f] / count);
            }

            return new Standardizer(mean, deviation);
        }

        /// <summary>Standardizes <paramref name="inputs"/> in place, any number of samples.</summary>
        public void Apply(Span<float> inputs)
        {
            CheckShape(inputs.Length, FeatureCount);
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = (float)((inputs[i] - _mean[i % FeatureCount]) * _scale[i % FeatureCount]);
            }
        }

        /// <summary>Standardizes <paramref name="inputs"/> in place, any number of samples.</summary>
        public void Apply(Span<double> inputs)
        {
            CheckShape(inputs.Length, FeatureCount);
            for (int i = 0; i < inputs.Length; i++)
            {
                inputs[i] = (inputs[i] - _mean[i % FeatureCount]) * _scale[i % FeatureCount];
            }
        }

        private static int CheckShape(int length, int featureCount)
        {
            if (featureCount < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, $"featureCount must be at least 1, but it is {featureCount}.");
            }

            if (length == 0 || length % featureCount != 0)
            {
                throw new ArgumentException($"inputs must hold a whole, nonzero number of samples of {featureCount} features, but they hold {length} values.", "inputs");
            }

            return length / featureCount;
        }
    }
}
