using System.Globalization;

namespace BpGen.Generator.Emit;

/// <summary>The element type of a network, and how to spell its literals and math calls.</summary>
internal sealed class NumericType
{
    public static readonly NumericType Single = new("float", "global::System.MathF", "f");
    public static readonly NumericType Double = new("double", "global::System.Math", "");

    private readonly string _suffix;

    private NumericType(string name, string math, string suffix)
    {
        Name = name;
        Math = math;
        _suffix = suffix;
    }

    /// <summary>The C# keyword: <c>float</c> or <c>double</c>.</summary>
    public string Name { get; }

    /// <summary>The class holding Exp, Log, Tanh… for this type.</summary>
    public string Math { get; }

    /// <summary>A literal in invariant culture: <c>0.5f</c> for float, <c>0.5</c> for double.</summary>
    public string Literal(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (_suffix.Length == 0 && text.IndexOfAny(new[] { '.', 'E' }) < 0)
        {
            text += ".0";
        }

        return text + _suffix;
    }

    public static NumericType Of(bool useDouble) => useDouble ? Double : Single;
}
