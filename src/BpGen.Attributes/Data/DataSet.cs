using System;

namespace BpGen
{
    /// <summary>
    /// Samples for <c>Train</c> and <c>Evaluate</c>, as flat spans: m × InputSize inputs (sample after
    /// sample) with either m × OutputSize targets or m class labels. Nothing is copied.
    /// </summary>
    /// <typeparam name="T"><c>float</c> or <c>double</c>, the network's element type.</typeparam>
    public readonly ref struct DataSet<T>
        where T : unmanaged
    {
        /// <summary>Inputs with one target vector per sample.</summary>
        public DataSet(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets)
        {
            Inputs = inputs;
            Targets = targets;
            Labels = default;
        }

        private DataSet(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels)
        {
            Inputs = inputs;
            Targets = default;
            Labels = labels;
        }

        /// <summary>All inputs, sample after sample.</summary>
        public ReadOnlySpan<T> Inputs { get; }

        /// <summary>All target vectors, sample after sample; empty when the set has labels.</summary>
        public ReadOnlySpan<T> Targets { get; }

        /// <summary>One class index per sample; empty when the set has targets.</summary>
        public ReadOnlySpan<int> Labels { get; }

        /// <summary>Whether the set holds class labels rather than target vectors.</summary>
        public bool HasLabels => !Labels.IsEmpty;

        /// <summary>Whether the set holds no inputs at all, like <c>default</c>.</summary>
        public bool IsEmpty => Inputs.IsEmpty;

        /// <summary>Whether the set holds nothing, neither inputs nor targets nor labels: <c>default</c>, no set given.</summary>
        internal bool IsNone => Inputs.IsEmpty && Targets.IsEmpty && Labels.IsEmpty;

        /// <summary>Inputs with one class index per sample (for softmax networks): label k stands for the one-hot target e_k.</summary>
        public static DataSet<T> WithLabels(ReadOnlySpan<T> inputs, ReadOnlySpan<int> labels) => new DataSet<T>(inputs, labels);

        /// <summary>The inputs of sample <paramref name="sample"/>.</summary>
        public ReadOnlySpan<T> Input(int sample, int inputSize) => Inputs.Slice(sample * inputSize, inputSize);

        /// <summary>The target of sample <paramref name="sample"/>: its slice of the targets, or the one-hot vector of its label, written into <paramref name="oneHot"/>.</summary>
        internal ReadOnlySpan<T> Target<TScalar>(int sample, Span<T> oneHot)
            where TScalar : struct, IScalar<T>
        {
            if (!HasLabels)
            {
                return Targets.Slice(sample * oneHot.Length, oneHot.Length);
            }

            oneHot.Clear();
            oneHot[Labels[sample]] = default(TScalar).FromDouble(1);
            return oneHot;
        }

        /// <summary>
        /// The inputs and targets of <paramref name="samples"/>, one sample after another, into
        /// <paramref name="inputs"/> and <paramref name="targets"/> (labels as one-hot vectors).
        /// </summary>
        internal void Gather<TScalar>(ReadOnlySpan<int> samples, Span<T> inputs, Span<T> targets)
            where TScalar : struct, IScalar<T>
        {
            if (samples.IsEmpty)
            {
                return;
            }

            int inputSize = inputs.Length / samples.Length, targetSize = targets.Length / samples.Length;
            for (int s = 0; s < samples.Length; s++)
            {
                Input(samples[s], inputSize).CopyTo(inputs.Slice(s * inputSize, inputSize));
            }

            if (!HasLabels)
            {
                for (int s = 0; s < samples.Length; s++)
                {
                    Targets.Slice(samples[s] * targetSize, targetSize).CopyTo(targets.Slice(s * targetSize, targetSize));
                }

                return;
            }

            targets.Clear();
            T one = default(TScalar).FromDouble(1);
            for (int s = 0; s < samples.Length; s++)
            {
                targets.Slice(s * targetSize, targetSize)[Labels[samples[s]]] = one; // a label out of range throws, never sets another sample's target
            }
        }

        /// <summary>
        /// <see cref="CountSamples"/> for <paramref name="network"/>, which must have a softmax output if
        /// the set holds class labels.
        /// </summary>
        internal int CountSamplesFor(INetwork<T> network, string name)
        {
            if (HasLabels && network.Signature.Loss != Loss.SoftmaxCrossEntropy)
            {
                throw new ArgumentException($"'{name}' holds class labels, which need Loss.SoftmaxCrossEntropy; give target vectors.", name);
            }

            int count = CountSamples(network.InputSize, network.OutputSize, name);
            CheckFinite(Inputs, network.InputSize, "input", name);
            CheckFinite(Targets, network.OutputSize, "target", name);
            if (DataChecks.FindTargetProblem(network.Signature.Loss, Targets, network.OutputSize, out int sample) is { } problem)
            {
                throw new ArgumentException($"'{name}' holds targets the loss cannot take: {string.Format(System.Globalization.CultureInfo.InvariantCulture, problem, "sample " + sample)}.", name);
            }

            return count;
        }

        private static void CheckFinite(ReadOnlySpan<T> values, int size, string kind, string name)
        {
            int k = DataChecks.IndexOfNonFinite(values);
            if (k >= 0)
            {
                throw DataChecks.Error(name, values, k, $"{kind} {k % size} of sample {k / size}");
            }
        }

        /// <summary>
        /// The number of samples, after checking that the spans fit a network of these sizes; throws
        /// <see cref="ArgumentException"/> naming <paramref name="name"/> and what was expected otherwise.
        /// </summary>
        public int CountSamples(int inputSize, int outputSize, string name)
        {
            if (Inputs.Length % inputSize != 0)
            {
                throw new ArgumentException($"'{name}' inputs must be a whole number of samples of InputSize = {inputSize} values, but there are {Inputs.Length}.", name);
            }

            int count = Inputs.Length / inputSize;
            if (HasLabels)
            {
                if (Labels.Length != count)
                {
                    throw new ArgumentException($"'{name}' has {count} samples of inputs, so it needs {count} labels, but there are {Labels.Length}.", name);
                }

                for (int i = 0; i < Labels.Length; i++)
                {
                    if ((uint)Labels[i] >= (uint)outputSize)
                    {
                        throw new ArgumentException($"'{name}' label {i} is {Labels[i]}, but labels must be class indexes from 0 to {outputSize - 1} (OutputSize = {outputSize}).", name);
                    }
                }
            }
            else if (Targets.Length != (long)count * outputSize)
            {
                throw new ArgumentException($"'{name}' has {count} samples of inputs, so it needs {count} × OutputSize = {(long)count * outputSize} targets, but there are {Targets.Length}.", name);
            }

            return count;
        }
    }
}
