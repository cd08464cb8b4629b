using System;
using System.Collections.Generic;
using System.Globalization;

namespace BpGen
{
    /// <summary>
    /// A standardization as files hold it: x′ = (x − mean) / deviation per feature, in double. The
    /// runtime's public face of it is <c>Standardizer</c>; this is what the readers produce and the
    /// writers take, in the runtime and in the generator alike.
    /// </summary>
    internal sealed class FeatureScaling
    {
        /// <summary>What every mean and deviation must be, for the messages about one that is not.</summary>
        public const string Rule = "a scaling holds a finite mean and a finite, non-negative standard deviation per feature";

        public FeatureScaling(double[] mean, double[] deviation)
        {
            Mean = mean;
            Deviation = deviation;
        }

        /// <summary>μ, one per feature.</summary>
        public double[] Mean { get; }

        /// <summary>σ, one per feature; 0 marks a constant feature, which standardizes to 0.</summary>
        public double[] Deviation { get; }

        public int FeatureCount => Mean.Length;

        /// <summary>
        /// Null when <paramref name="mean"/> and <paramref name="deviation"/> make a scaling of
        /// <paramref name="featureCount"/> features, else what is wrong with them, first problem first.
        /// </summary>
        public static string? FindProblem(double[] mean, double[] deviation, int featureCount)
        {
            if (mean.Length != featureCount || deviation.Length != featureCount)
            {
                return string.Format(CultureInfo.InvariantCulture, "{0} means and {1} standard deviations were given for {2} features", mean.Length, deviation.Length, featureCount);
            }

            for (int i = 0; i < featureCount; i++)
            {
                if (double.IsNaN(mean[i]) || double.IsInfinity(mean[i]))
                {
                    return string.Format(CultureInfo.InvariantCulture, "the mean of feature {0} is {1}", i, FiniteParameters.Describe(mean[i]));
                }

                if (!(deviation[i] >= 0) || double.IsInfinity(deviation[i]))
                {
                    return string.Format(CultureInfo.InvariantCulture, "the standard deviation of feature {0} is {1}", i, double.IsNaN(deviation[i]) || double.IsInfinity(deviation[i]) ? FiniteParameters.Describe(deviation[i]) : deviation[i]);
                }

                if (double.IsInfinity(Factor(deviation[i])))
                {
                    return string.Format(CultureInfo.InvariantCulture, "the standard deviation of feature {0} is {1:R}, so small that 1/σ is infinite", i, deviation[i]);
                }
            }

            return null;
        }

        /// <summary>
        /// Null when every output's <paramref name="deviation"/> is above 0, else which is not: an output
        /// scaling of σ = 0 would map every output to its mean whatever the network computes.
        /// </summary>
        public static string? FindOutputProblem(IReadOnlyList<double> deviation)
        {
            for (int i = 0; i < deviation.Count; i++)
            {
                if (deviation[i] == 0)
                {
                    return string.Format(CultureInfo.InvariantCulture, "the standard deviation of output {0} is 0, so the network would answer that output's mean whatever it computes; output scaling needs σ > 0 (a target that never changes needs no network)", i);
                }
            }

            return null;
        }

        /// <summary>
        /// For a float network: the first feature whose μ, σ or 1/σ is beyond float's range, so that the
        /// network's float copy of it would be infinite; null when every one fits.
        /// </summary>
        public static string? FindFloatProblem(IReadOnlyList<double> mean, IReadOnlyList<double> deviation)
        {
            for (int i = 0; i < mean.Count; i++)
            {
                if (Math.Abs(mean[i]) > float.MaxValue || deviation[i] > float.MaxValue || Factor(deviation[i]) > float.MaxValue)
                {
                    return string.Format(CultureInfo.InvariantCulture, "feature {0}'s mean {1:R} and standard deviation {2:R} do not fit a float network: μ, σ and 1/σ must be within ±3.4E+38", i, mean[i], deviation[i]);
                }
            }

            return null;
        }

        /// <summary>1/σ, or 0 for a constant feature: the factor a standardized value is multiplied by.</summary>
        public static double Factor(double deviation) => deviation > 0 ? 1 / deviation : 0;
    }
}
