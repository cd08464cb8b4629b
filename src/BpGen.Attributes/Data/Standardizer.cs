using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;

namespace BpGen
{
    /// <summary>
    /// Standardizes features: x′ = (x − mean) / standard deviation, with mean and deviation fitted on
    /// training inputs only and then applied to any input, so every feature enters the network on the
    /// same scale. A constant feature (deviation 0) becomes 0. Immutable, so one instance can serve
    /// many networks and threads. A network's <c>InputScaling</c> (and, for regression,
    /// <c>OutputScaling</c>) holds one and travels with it in parameter files.
    /// </summary>
    public sealed class Standardizer : IEquatable<Standardizer>
    {
        private readonly double[] _mean;
        private readonly double[] _deviation;
        private readonly double[] _scale;

        // μ and 1/σ rounded to float: float values are standardized in float, a Vector<float> at a time
        // where the hardware has vectors, the same arithmetic either way, so a network's per-call cost
        // stays small beside its layers.
        private readonly float[] _meanSingle;
        private readonly float[] _scaleSingle;

        /// <summary>A standardization from known values, for example those a PyTorch model was trained with.</summary>
        /// <param name="mean">μ, one per feature, finite.</param>
        /// <param name="standardDeviation">σ, one per feature, finite and ≥ 0 (0 marks a constant feature, which standardizes to 0).</param>
        /// <exception cref="ArgumentException">The lists differ in length, are empty, or hold a value outside these bounds; the message names it.</exception>
        public Standardizer(IReadOnlyList<double> mean, IReadOnlyList<double> standardDeviation)
            : this(Copy(mean, nameof(mean)), Copy(standardDeviation, nameof(standardDeviation)), check: true)
        {
        }

        private Standardizer(double[] mean, double[] deviation, bool check = false)
        {
            if (check && (mean.Length == 0 || FeatureScaling.FindProblem(mean, deviation, mean.Length) is not null))
            {
                string problem = mean.Length == 0 ? "no features were given" : FeatureScaling.FindProblem(mean, deviation, mean.Length)!;
                throw new ArgumentException(
                    $"A standardization needs at least one feature and {FeatureScaling.Rule}, but {problem}.",
                    problem.Contains("standard deviation") ? "standardDeviation" : nameof(mean));
            }

            _mean = mean;
            _deviation = deviation;
            Mean = Array.AsReadOnly(mean);
            StandardDeviation = Array.AsReadOnly(deviation);
            _scale = Array.ConvertAll(deviation, FeatureScaling.Factor);
            _meanSingle = Array.ConvertAll(mean, m => (float)m);
            _scaleSingle = Array.ConvertAll(_scale, f => (float)f);
        }

        /// <summary>The fitted mean of each feature (read-only: the arrays behind it never change).</summary>
        public IReadOnlyList<double> Mean { get; }

        /// <summary>
        /// The fitted standard deviation of each feature: the population's, √(Σ(x − μ)²/m), where PyTorch's
        /// <c>std()</c> takes the sample's, √(Σ(x − μ)²/(m − 1)), by default.
        /// </summary>
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
            int k = DataChecks.IndexOfNonFinite(inputs);
            if (k >= 0)
            {
                throw DataChecks.Error(nameof(inputs), inputs, k, $"feature {k % featureCount} of sample {k / featureCount}");
            }

            // Each feature is summed divided by a power of two near its largest magnitude, which is exact
            // and keeps the sums and the squares of deviations within double's range, at either end of
            // it; μ and σ are multiplied back, so values of ordinary size give the bits of unscaled sums.
            double[] scale = PowersOfTwoNearLargest(inputs, featureCount);
            var mean = new double[featureCount];
            for (int i = 0; i < inputs.Length; i++)
            {
                mean[i % featureCount] += inputs[i] / scale[i % featureCount];
            }

            for (int f = 0; f < featureCount; f++)
            {
                mean[f] /= count;
            }

            // A second pass over the deviations: exact where E[x²] − E[x]² would cancel.
            var deviation = new double[featureCount];
            for (int i = 0; i < inputs.Length; i++)
            {
                double d = (inputs[i] / scale[i % featureCount]) - mean[i % featureCount];
                deviation[i % featureCount] += d * d;
            }

            for (int f = 0; f < featureCount; f++)
            {
                mean[f] *= scale[f];
                deviation[f] = Math.Sqrt(deviation[f] / count) * scale[f];
            }

            // A feature that never changes is its value exactly, with σ = 0: the sum's rounding would
            // otherwise leave a μ a bit off and a σ of 1e-17, which would blow the feature up to ±1 or more
            // as an input and make an output scaling that always answers μ look valid.
            for (int f = 0; f < featureCount; f++)
            {
                if (IsConstant(inputs, f, featureCount))
                {
                    mean[f] = inputs[f];
                    deviation[f] = 0;
                }
            }

            if (FeatureScaling.FindProblem(mean, deviation, featureCount) is { } problem)
            {
                throw new ArgumentException($"The inputs cannot be standardized: {problem}.", nameof(inputs));
            }

            return new Standardizer(mean, deviation);
        }

        /// <summary>Whether feature <paramref name="f"/> has one value in every sample.</summary>
        private static bool IsConstant(ReadOnlySpan<double> inputs, int f, int featureCount)
        {
            for (int i = f + featureCount; i < inputs.Length; i += featureCount)
            {
                if (inputs[i] != inputs[f])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Per feature, 2^e for the exponent e of its largest magnitude (1 where that is 0 or subnormal).</summary>
        private static double[] PowersOfTwoNearLargest(ReadOnlySpan<double> inputs, int featureCount)
        {
            var largest = new double[featureCount];
            for (int i = 0; i < inputs.Length; i++)
            {
                largest[i % featureCount] = Math.Max(largest[i % featureCount], Math.Abs(inputs[i]));
            }

            var scale = new double[featureCount];
            for (int f = 0; f < featureCount; f++)
            {
                long exponentBits = BitConverter.DoubleToInt64Bits(largest[f]) & 0x7FF0000000000000L;
                scale[f] = exponentBits == 0 ? 1 : BitConverter.Int64BitsToDouble(exponentBits);
            }

            return scale;
        }

        /// <summary>Standardizes <paramref name="inputs"/> in place, any number of samples.</summary>
        public void Apply(Span<float> inputs)
        {
            CheckShape(inputs.Length, FeatureCount);
            Apply(inputs, inputs);
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

        /// <summary>
        /// Writes the standardized <paramref name="source"/> into <paramref name="destination"/> (the same
        /// length), any number of samples; the source is left as it is. Float values are standardized in
        /// float, (x − μ)·(1/σ) with μ and 1/σ rounded to float, several features at a time.
        /// </summary>
        public void Apply(ReadOnlySpan<float> source, Span<float> destination)
        {
            CheckDestination(source.Length, destination.Length);
            int features = FeatureCount;
            int vectorEnd = Vector.IsHardwareAccelerated ? features - (features % Vector<float>.Count) : 0;
            ReadOnlySpan<Vector<float>> means = MemoryMarshal.Cast<float, Vector<float>>(_meanSingle.AsSpan(0, vectorEnd));
            ReadOnlySpan<Vector<float>> scales = MemoryMarshal.Cast<float, Vector<float>>(_scaleSingle.AsSpan(0, vectorEnd));
            for (int start = 0; start < source.Length; start += features)
            {
                ReadOnlySpan<float> x = source.Slice(start, features);
                Span<float> y = destination.Slice(start, features);
                for (int v = 0; v < means.Length; v++)
                {
                    // Loaded whole before stored, so a destination that is the source works too.
                    Vector<float> value = (MemoryMarshal.Cast<float, Vector<float>>(x.Slice(0, vectorEnd))[v] - means[v]) * scales[v];
                    MemoryMarshal.Cast<float, Vector<float>>(y.Slice(0, vectorEnd))[v] = value;
                }

                for (int f = vectorEnd; f < features; f++)
                {
                    y[f] = (x[f] - _meanSingle[f]) * _scaleSingle[f];
                }
            }
        }

        /// <summary>
        /// Writes the standardized <paramref name="source"/> into <paramref name="destination"/> (the same
        /// length), any number of samples; the source is left as it is.
        /// </summary>
        public void Apply(ReadOnlySpan<double> source, Span<double> destination)
        {
            CheckDestination(source.Length, destination.Length);
            for (int start = 0; start < source.Length; start += FeatureCount)
            {
                for (int f = 0; f < _mean.Length; f++)
                {
                    destination[start + f] = (source[start + f] - _mean[f]) * _scale[f];
                }
            }
        }

        /// <summary>Maps standardized values back in place, any number of samples: x = x′·σ + μ.</summary>
        public void Invert(Span<float> values)
        {
            CheckShape(values.Length, FeatureCount, nameof(values));
            for (int start = 0; start < values.Length; start += FeatureCount)
            {
                for (int f = 0; f < _mean.Length; f++)
                {
                    values[start + f] = (float)(values[start + f] * _deviation[f] + _mean[f]);
                }
            }
        }

        /// <summary>Maps standardized values back in place, any number of samples: x = x′·σ + μ.</summary>
        public void Invert(Span<double> values)
        {
            CheckShape(values.Length, FeatureCount, nameof(values));
            for (int start = 0; start < values.Length; start += FeatureCount)
            {
                for (int f = 0; f < _mean.Length; f++)
                {
                    values[start + f] = values[start + f] * _deviation[f] + _mean[f];
                }
            }
        }

        /// <summary>Whether <paramref name="other"/> has the same means and deviations, bit for bit.</summary>
        public bool Equals(Standardizer? other) =>
            other is not null && _mean.AsSpan().SequenceEqual(other._mean) && _deviation.AsSpan().SequenceEqual(other._deviation);

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as Standardizer);

        /// <inheritdoc/>
        public override int GetHashCode() => FeatureCount.GetHashCode() ^ _mean[0].GetHashCode() ^ _deviation[0].GetHashCode();

        /// <summary>"Standardizer of 64 features", for logs and the debugger.</summary>
        public override string ToString() => $"Standardizer of {FeatureCount} feature{(FeatureCount == 1 ? "" : "s")}";

        /// <summary>The values as files hold them.</summary>
        internal FeatureScaling ToFeatureScaling() => new FeatureScaling(_mean, _deviation);

        /// <summary>The standardization a file held, whose values the reader has checked.</summary>
        internal static Standardizer? From(FeatureScaling? scaling) =>
            scaling is null ? null : new Standardizer(scaling.Mean, scaling.Deviation);

        private static double[] Copy(IReadOnlyList<double> values, string parameterName)
        {
            if (values is null)
            {
                throw new ArgumentNullException(parameterName);
            }

            var copy = new double[values.Count];
            for (int i = 0; i < copy.Length; i++)
            {
                copy[i] = values[i];
            }

            return copy;
        }

        private void CheckDestination(int sourceLength, int destinationLength)
        {
            CheckShape(sourceLength, FeatureCount);
            if (destinationLength != sourceLength)
            {
                throw new ArgumentException($"destination must have the source's length {sourceLength}, but its length is {destinationLength}.", "destination");
            }
        }

        private static int CheckShape(int length, int featureCount, string name = "inputs")
        {
            if (featureCount < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, $"featureCount must be at least 1, but it is {featureCount}.");
            }

            if (length == 0 || length % featureCount != 0)
            {
                throw new ArgumentException($"{name} must hold a whole, nonzero number of samples of {featureCount} features, but they hold {length} values.", name);
            }

            return length / featureCount;
        }
    }
}
