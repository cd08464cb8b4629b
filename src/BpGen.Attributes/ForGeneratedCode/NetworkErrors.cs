using System;
using System.ComponentModel;

namespace BpGen
{
    /// <summary>The exceptions generated networks throw, with messages that say what was expected.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class NetworkErrors
    {
        /// <summary>A span argument whose length is not the one the network needs.</summary>
        public static ArgumentException SpanLength(string parameterName, string expected, int expectedLength, int actualLength) =>
            new ArgumentException(
                $"'{parameterName}' must have length {expected} = {expectedLength}, but its length is {actualLength}.",
                parameterName);

        /// <summary>A span argument shorter than the network needs.</summary>
        public static ArgumentException SpanTooShort(string parameterName, string expected, int expectedLength, int actualLength) =>
            SpanTooShort(parameterName, expected, (long)expectedLength, actualLength);

        /// <inheritdoc cref="SpanTooShort(string, string, int, int)"/>
        public static ArgumentException SpanTooShort(string parameterName, string expected, long expectedLength, int actualLength) =>
            new ArgumentException(
                $"'{parameterName}' must have length at least {expected} = {expectedLength}, but its length is {actualLength}.",
                parameterName);

        /// <summary>A span of samples, one after another, whose length is not a whole number of samples.</summary>
        public static ArgumentException NotWholeSamples(string parameterName, string sizeName, int size, int actualLength) =>
            new ArgumentException(
                $"'{parameterName}' must hold whole samples of {sizeName} = {size} values each, but its length {actualLength} is not a multiple of {size}.",
                parameterName);

        /// <summary>A sequence of no steps where one of at least one step is needed.</summary>
        public static ArgumentException EmptySequence(string parameterName, string sizeName, int size) =>
            new ArgumentException(
                $"'{parameterName}' must hold a sequence of at least one step, T × {sizeName} values with T ≥ 1 ({size} for one step), but it is empty.",
                parameterName);

        /// <summary>A span of samples that does not hold as many samples as <paramref name="countedFrom"/>.</summary>
        public static ArgumentException SampleCount(string parameterName, string sizeName, int size, int samples, string countedFrom, int actualLength) =>
            new ArgumentException(
                $"'{parameterName}' must have length {samples} × {sizeName} = {(long)samples * size}, for the {samples} samples in '{countedFrom}', but its length is {actualLength}.",
                parameterName);

        /// <summary>The targets of sequences of one length that hold neither a target for every step nor one for the last step of each.</summary>
        public static ArgumentException SequenceTargets(string parameterName, int sequences, int steps, int outputSize, int actualLength) =>
            new ArgumentException(
                $"'{parameterName}' must hold a target for every step ({sequences} × {steps} steps × OutputSize = {(long)sequences * steps * outputSize} values) " +
                $"or for the last step of each sequence ({sequences} × OutputSize = {(long)sequences * outputSize} values), but its length is {actualLength}.",
                parameterName);

        /// <summary>
        /// The most elements every runtime BpGen runs on allows an array of anything larger than a byte:
        /// .NET Framework's limit, below .NET's Array.MaxLength (0x7FFFFFC7).
        /// </summary>
        public const int LargestArray = 0x7FEFFFFF;

        /// <summary>A sequence whose record of its steps would not fit one array.</summary>
        public static ArgumentException SequenceTooLong(string parameterName, int steps, int recordSizePerStep) =>
            new ArgumentException(
                $"'{parameterName}' holds {steps} steps, whose record (T × RecordSizePerStep = {(long)steps * recordSizePerStep} values) would not fit one array " +
                $"of at most {LargestArray} values; take the sequence in windows of fewer steps, as TrainingOptions.TruncatedSteps does, through the BackwardSequence that takes a state and a record.",
                parameterName);

        /// <summary>A numeric argument outside its valid range.</summary>
        public static ArgumentOutOfRangeException OutOfRange(string parameterName, object actualValue, string expected) =>
            new ArgumentOutOfRangeException(
                parameterName,
                actualValue,
                $"'{parameterName}' must be {expected}, but it is {Convert.ToString(actualValue, System.Globalization.CultureInfo.InvariantCulture)}.");
    }
}
