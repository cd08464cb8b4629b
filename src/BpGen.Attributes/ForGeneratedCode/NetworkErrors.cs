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

        /// <summary>A numeric argument outside its valid range.</summary>
        public static ArgumentOutOfRangeException OutOfRange(string parameterName, object actualValue, string expected) =>
            new ArgumentOutOfRangeException(
                parameterName,
                actualValue,
                $"'{parameterName}' must be {expected}, but it is {Convert.ToString(actualValue, System.Globalization.CultureInfo.InvariantCulture)}.");
    }
}
