using System;
using System.Collections.Generic;

namespace BpGen
{
    /// <summary>
    /// Sequences for a recurrent network's <c>Train</c> and <c>Evaluate</c>: sequence after sequence, each
    /// T_i steps of InputSize inputs in one flat array, with targets for every step or for the last step
    /// of each (one <see cref="SequenceTargets"/> for the whole set). Sequences may differ in length.
    /// Checked whole on construction; the arrays are held, not copied, so do not change them while the
    /// set is in use.
    /// </summary>
    /// <typeparam name="T"><c>float</c> or <c>double</c>, the network's element type.</typeparam>
    public sealed class SequenceDataSet<T>
        where T : unmanaged
    {
        private readonly T[] _inputs;
        private readonly T[] _targets;
        private readonly int[] _lengths;
        private readonly int[] _starts; // where sequence i's first step is, in steps; one more entry for the end

        /// <summary>Sequences of the lengths <paramref name="lengths"/> over flat arrays.</summary>
        /// <param name="inputs">Σ T_i · <paramref name="inputSize"/> values: every step of every sequence, in order.</param>
        /// <param name="targets">Σ T_i · <paramref name="outputSize"/> values for <see cref="SequenceTargets.EveryStep"/>, or count · <paramref name="outputSize"/> for <see cref="SequenceTargets.LastStep"/>.</param>
        /// <param name="lengths">T_i ≥ 1, the steps of each sequence.</param>
        /// <param name="inputSize">n₀, the inputs of one step.</param>
        /// <param name="outputSize">n_L, the outputs (and targets) of one step.</param>
        /// <param name="targetSteps">Which steps have targets.</param>
        /// <exception cref="ArgumentException">A length or an array's size does not fit the others; the message says what was expected.</exception>
        public SequenceDataSet(T[] inputs, T[] targets, int[] lengths, int inputSize, int outputSize, SequenceTargets targetSteps)
        {
            Require(inputs is not null, nameof(inputs), "'inputs' must not be null.");
            Require(targets is not null, nameof(targets), "'targets' must not be null.");
            Require(lengths is not null, nameof(lengths), "'lengths' must not be null.");
            Require(inputSize >= 1, nameof(inputSize), $"'inputSize' must be at least 1, but it is {inputSize}.");
            Require(outputSize >= 1, nameof(outputSize), $"'outputSize' must be at least 1, but it is {outputSize}.");
            Require(targetSteps == SequenceTargets.EveryStep || targetSteps == SequenceTargets.LastStep, nameof(targetSteps), $"'targetSteps' must be EveryStep or LastStep, but it is {targetSteps}.");
            _starts = new int[lengths!.Length + 1];
            long steps = 0;
            for (int i = 0; i < lengths.Length; i++)
            {
                Require(lengths[i] >= 1, nameof(lengths), $"Every sequence needs at least 1 step, but sequence {i} has {lengths[i]}.");
                steps += lengths[i];
                Require(steps * Math.Max(inputSize, outputSize) <= int.MaxValue, nameof(lengths), $"The sequences hold {steps} steps or more, more than one array can hold.");
                _starts[i + 1] = (int)steps;
            }

            Require(inputs!.Length == steps * inputSize, nameof(inputs), $"'inputs' must hold {steps} steps × InputSize = {steps * inputSize} values for the lengths given, but it holds {inputs.Length}.");
            long targetCount = targetSteps == SequenceTargets.EveryStep ? steps * outputSize : (long)lengths.Length * outputSize;
            string targetRows = targetSteps == SequenceTargets.EveryStep ? $"{steps} steps" : $"{lengths.Length} sequences (their last steps)";
            Require(targets!.Length == targetCount, nameof(targets), $"'targets' must hold {targetRows} × OutputSize = {targetCount} values, but it holds {targets.Length}.");

            _inputs = inputs;
            _targets = targets;
            _lengths = lengths;
            InputSize = inputSize;
            OutputSize = outputSize;
            TargetSteps = targetSteps;
            for (int i = 0; i < lengths.Length; i++)
            {
                LongestSequence = Math.Max(LongestSequence, lengths[i]);
            }
        }

        /// <summary>The number of sequences.</summary>
        public int Count => _lengths.Length;

        /// <summary>n₀, the inputs of one step.</summary>
        public int InputSize { get; }

        /// <summary>n_L, the targets of one step.</summary>
        public int OutputSize { get; }

        /// <summary>Which steps have targets.</summary>
        public SequenceTargets TargetSteps { get; }

        /// <summary>The most steps of any sequence (0 for an empty set).</summary>
        public int LongestSequence { get; }

        /// <summary>
        /// Sequences of the same <paramref name="steps"/> steps each, one after another in flat arrays: for
        /// m sequences, m · steps · <paramref name="inputSize"/> inputs and m · steps · <paramref name="outputSize"/>
        /// (every step) or m · <paramref name="outputSize"/> (last step) targets.
        /// </summary>
        public static SequenceDataSet<T> FixedLength(T[] inputs, T[] targets, int steps, int inputSize, int outputSize, SequenceTargets targetSteps)
        {
            Require(inputs is not null, nameof(inputs), "'inputs' must not be null.");
            Require(steps >= 1, nameof(steps), $"'steps' must be at least 1, but it is {steps}.");
            Require(inputSize >= 1, nameof(inputSize), $"'inputSize' must be at least 1, but it is {inputSize}.");
            long perSequence = (long)steps * inputSize;
            Require(inputs!.Length % perSequence == 0, nameof(inputs), $"'inputs' must hold whole sequences of {steps} steps × InputSize = {perSequence} values, but its length {inputs.Length} is not a multiple of {perSequence}.");
            var lengths = new int[inputs.Length / perSequence];
            lengths.AsSpan().Fill(steps);
            return new SequenceDataSet<T>(inputs, targets, lengths, inputSize, outputSize, targetSteps);
        }

        /// <summary>
        /// Sequences of any lengths, one array per sequence: sequence i's T_i · <paramref name="inputSize"/>
        /// inputs, and its T_i · <paramref name="outputSize"/> (every step) or <paramref name="outputSize"/>
        /// (last step) targets. Copied into flat arrays once.
        /// </summary>
        public static SequenceDataSet<T> Ragged(IReadOnlyList<T[]> inputs, IReadOnlyList<T[]> targets, int inputSize, int outputSize, SequenceTargets targetSteps)
        {
            Require(inputs is not null, nameof(inputs), "'inputs' must not be null.");
            Require(targets is not null, nameof(targets), "'targets' must not be null.");
            Require(inputSize >= 1, nameof(inputSize), $"'inputSize' must be at least 1, but it is {inputSize}.");
            Require(outputSize >= 1, nameof(outputSize), $"'outputSize' must be at least 1, but it is {outputSize}.");
            Require(inputs!.Count == targets!.Count, nameof(targets), $"'targets' must hold one array per sequence, {inputs.Count}, but it holds {targets.Count}.");
            var lengths = new int[inputs.Count];
            for (int i = 0; i < lengths.Length; i++)
            {
                T[] input = inputs[i], target = targets[i];
                Require(input is not null && input.Length > 0 && input.Length % inputSize == 0, nameof(inputs), $"Sequence {i} must hold at least one step of InputSize = {inputSize} inputs, whole steps only, but it holds {input?.Length ?? 0} values.");
                lengths[i] = input!.Length / inputSize;
                int expected = targetSteps == SequenceTargets.EveryStep ? lengths[i] * outputSize : outputSize;
                string rule = targetSteps == SequenceTargets.EveryStep
                    ? $"a target of OutputSize = {outputSize} values for each of its {lengths[i]} steps (SequenceTargets.EveryStep)"
                    : $"one target of OutputSize = {outputSize} values, for its last step (SequenceTargets.LastStep)";
                Require(target is not null && target.Length == expected, nameof(targets), $"Sequence {i}'s targets must hold {expected} values, {rule}, but they hold {target?.Length ?? 0}.");
            }

            return new SequenceDataSet<T>(Concatenate(inputs), Concatenate(targets), lengths, inputSize, outputSize, targetSteps);
        }

        /// <summary>The steps of sequence <paramref name="sequence"/>.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is not from 0 to <see cref="Count"/> − 1.</exception>
        public int Length(int sequence) => _lengths[Checked(sequence)];

        /// <summary>
        /// The inputs of every step of every sequence, in order, <see cref="InputSize"/> values a step: what
        /// <c>Standardizer.Fit(data.AllInputs, data.InputSize)</c> fits a recurrent network's InputScaling on.
        /// </summary>
        public ReadOnlySpan<T> AllInputs => _inputs;

        /// <summary>The inputs of sequence <paramref name="sequence"/>, step after step.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is not from 0 to <see cref="Count"/> − 1.</exception>
        public ReadOnlySpan<T> Inputs(int sequence) =>
            _inputs.AsSpan(_starts[Checked(sequence)] * InputSize, _lengths[sequence] * InputSize);

        /// <summary>The targets of sequence <paramref name="sequence"/>: every step's, or its last step's.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequence"/> is not from 0 to <see cref="Count"/> − 1.</exception>
        public ReadOnlySpan<T> Targets(int sequence) => TargetSteps == SequenceTargets.EveryStep
            ? _targets.AsSpan(_starts[Checked(sequence)] * OutputSize, _lengths[sequence] * OutputSize)
            : _targets.AsSpan(Checked(sequence) * OutputSize, OutputSize);

        private int Checked(int sequence) =>
            (uint)sequence < (uint)Count
                ? sequence
                : throw new ArgumentOutOfRangeException(
                    nameof(sequence),
                    sequence,
                    Count == 0 ? "The set holds no sequences." : $"'sequence' must be from 0 to {Count - 1}, but it is {sequence}.");

        /// <summary>
        /// The sequences <paramref name="indices"/>, in that order, copied into a new set: with
        /// <see cref="DataSplit.Indices"/>, a seeded train/test split.
        /// </summary>
        public SequenceDataSet<T> Select(ReadOnlySpan<int> indices)
        {
            var inputs = new List<T[]>(indices.Length);
            var targets = new List<T[]>(indices.Length);
            foreach (int i in indices)
            {
                Require((uint)i < (uint)Count, nameof(indices), $"Every index must be a sequence from 0 to {Count - 1}, but one is {i}.");
                inputs.Add(Inputs(i).ToArray());
                targets.Add(Targets(i).ToArray());
            }

            return Ragged(inputs, targets, InputSize, OutputSize, TargetSteps);
        }

        /// <summary>Checks that the set fits <paramref name="network"/> and holds finite numbers; throws <see cref="ArgumentException"/> naming <paramref name="name"/> otherwise.</summary>
        internal void CheckFits(IRecurrentNetwork<T> network, string name)
        {
            if (InputSize != network.InputSize || OutputSize != network.OutputSize)
            {
                throw new ArgumentException(
                    $"'{name}' holds steps of {InputSize} inputs and {OutputSize} targets, but the network takes InputSize = {network.InputSize} and OutputSize = {network.OutputSize}.",
                    name);
            }

            int k = DataChecks.IndexOfNonFinite<T>(_inputs);
            if (k >= 0)
            {
                throw DataChecks.Error<T>(name, _inputs, k, $"input {k % InputSize} of {StepAt(k / InputSize)}");
            }

            k = DataChecks.IndexOfNonFinite<T>(_targets);
            if (k >= 0)
            {
                throw DataChecks.Error<T>(name, _targets, k, $"target {k % OutputSize} of " + (TargetSteps == SequenceTargets.EveryStep ? StepAt(k / OutputSize) : $"sequence {k / OutputSize}"));
            }

            if (DataChecks.FindTargetProblem<T>(network.Signature.Loss, _targets, OutputSize, out int vector) is { } problem)
            {
                string item = TargetSteps == SequenceTargets.EveryStep ? StepAt(vector) : $"sequence {vector}";
                throw new ArgumentException($"'{name}' holds targets the loss cannot take: {string.Format(System.Globalization.CultureInfo.InvariantCulture, problem, item)}.", name);
            }
        }

        /// <summary>"step 4 of sequence 17" for the step at <paramref name="index"/> of all the sequences' steps.</summary>
        private string StepAt(int index)
        {
            int sequence = Array.BinarySearch(_starts, index);
            sequence = sequence >= 0 ? sequence : ~sequence - 1;
            return $"step {index - _starts[sequence]} of sequence {sequence}";
        }

        private static T[] Concatenate(IReadOnlyList<T[]> arrays)
        {
            long length = 0;
            foreach (T[] array in arrays)
            {
                length += array.Length;
            }

            Require(length <= int.MaxValue, nameof(arrays), $"The sequences hold {length} values, more than one array can hold.");
            var flat = new T[length];
            int at = 0;
            foreach (T[] array in arrays)
            {
                array.CopyTo(flat, at);
                at += array.Length;
            }

            return flat;
        }

        private static void Require(bool condition, string name, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, name);
            }
        }
    }
}
