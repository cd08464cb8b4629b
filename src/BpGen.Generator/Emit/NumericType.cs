using System.Globalization;

namespace BpGen.Generator.Emit;

/// <summary>The element type of a network, and how to spell its literals and math calls.</summary>
internal sealed class NumericType
{
    public static readonly NumericType Single = new("float", "global::BpGen.ScalarMath", "f");
    public static readonly NumericType Double = new("double", "global::System.Math", "");

    private readonly string _transcendentals;
    private readonly string _suffix;

    private NumericType(string name, string transcendentals, string suffix)
    {
        Name = name;
        _transcendentals = transcendentals;
        _suffix = suffix;
    }

    /// <summary>The C# keyword: <c>float</c> or <c>double</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// e^x as an expression. For float the runtime's <c>ScalarMath</c>, which calls <c>MathF</c> where
    /// the runtime has it, so the code also compiles on .NET Framework, which has none; for double
    /// <c>System.Math</c>.
    /// </summary>
    public string Exp(string x) => $"{_transcendentals}.Exp({x})";

    /// <summary>ln x as an expression, from the same class as <see cref="Exp"/>.</summary>
    public string Log(string x) => $"{_transcendentals}.Log({x})";

    /// <summary>tanh x as an expression, from the same class as <see cref="Exp"/>.</summary>
    public string Tanh(string x) => $"{_transcendentals}.Tanh({x})";

    /// <summary>max(a, b) as an expression: <c>System.Math</c> has it for float on every framework.</summary>
    public string Max(string a, string b) => $"global::System.Math.Max({a}, {b})";

    /// <summary>|x| as an expression, like <see cref="Max"/>.</summary>
    public string Abs(string x) => $"global::System.Math.Abs({x})";

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
