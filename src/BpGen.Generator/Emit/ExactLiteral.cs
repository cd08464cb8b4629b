using System.Globalization;

namespace BpGen.Generator.Emit;

/// <summary>
/// A compiled-in weight as a C# literal that reads back to exactly the same value: 9 significant
/// digits for float, 17 for double, which round-trip on every runtime the generator may run on
/// (shortest-form "R" differs between .NET Framework and .NET, and generated code must not).
/// </summary>
internal static class ExactLiteral
{
    public static string Of(double value, NumericType t) =>
        t == NumericType.Single
            ? ((float)value).ToString("G9", CultureInfo.InvariantCulture) + "f"
            : Double(value);

    private static string Double(double value)
    {
        string text = value.ToString("G17", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E' }) < 0 ? text + ".0" : text;
    }
}
