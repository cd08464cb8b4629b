using System.Diagnostics;
using System.Globalization;

namespace BpGen.Generator.Emit;

/// <summary>
/// The element type of a network, and how to spell its literals and math calls: of one number, or of a
/// <c>System.Numerics.Vector</c> of them, one sample per lane (<see cref="Lanes"/>), whose operators are
/// the numbers', so the same expressions serve both.
/// </summary>
internal sealed class NumericType
{
    public static readonly NumericType Single = new("float", "global::BpGen.ScalarMath", "f", null);
    public static readonly NumericType Double = new("double", "global::System.Math", "", null);

    private const string VectorFunctions = "global::System.Numerics.Vector";

    private readonly string _transcendentals;
    private readonly string _suffix;
    private readonly NumericType? _element;

    private NumericType(string name, string transcendentals, string suffix, NumericType? element)
    {
        Name = name;
        _transcendentals = transcendentals;
        _suffix = suffix;
        _element = element;
    }

    /// <summary>The C# type: <c>float</c>, <c>double</c>, or <c>global::System.Numerics.Vector&lt;float&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>What a local of this type is declared with: the number type, or <c>var</c> for the long vector type.</summary>
    public string Local => IsLanes ? "var" : Name;

    /// <summary>Whether values are vectors of samples, one per lane.</summary>
    public bool IsLanes => _element is not null;

    /// <summary>The type of one number: this one, or a vector's element.</summary>
    public NumericType Element => _element ?? this;

    /// <summary>The vectors of this number type, whose math calls are the runtime's <c>BpGen.Kernels</c>.</summary>
    public NumericType Lanes => _element is null ? new NumericType($"{VectorFunctions}<{Name}>", "global::BpGen.Kernels", _suffix, this) : this;

    /// <summary>
    /// e^x as an expression. For float the runtime's <c>ScalarMath</c>, which calls <c>MathF</c> where
    /// the runtime has it, so the code also compiles on .NET Framework, which has none; for double
    /// <c>System.Math</c>.
    /// </summary>
    public string Exp(string x) => $"{_transcendentals}.Exp({x})";

    /// <summary>e^x for x ≤ 0 as an expression: over vectors the runtime's form without the branch for positive x, else <see cref="Exp"/>.</summary>
    public string ExpNonPositive(string x) => IsLanes ? $"{_transcendentals}.ExpNonPositive({x})" : Exp(x);

    /// <summary>ln x as an expression, from the same class as <see cref="Exp"/>.</summary>
    public string Log(string x) => $"{_transcendentals}.Log({x})";

    /// <summary>ln(1 + x) as an expression, accurate where 1 + x rounds: the runtime's, for every element type (System.Math has none).</summary>
    public string Log1P(string x) => $"{(IsLanes ? "global::BpGen.Kernels" : "global::BpGen.ScalarMath")}.Log1P({x})";

    /// <summary>e^x − 1 as an expression, accurate near 0, like <see cref="Log1P"/>.</summary>
    public string ExpM1(string x) => $"{(IsLanes ? "global::BpGen.Kernels" : "global::BpGen.ScalarMath")}.ExpM1({x})";

    /// <summary>tanh x as an expression, from the same class as <see cref="Exp"/>.</summary>
    public string Tanh(string x) => $"{_transcendentals}.Tanh({x})";

    /// <summary>max(a, b) as an expression: <c>System.Math</c> has it for float on every framework.</summary>
    public string Max(string a, string b) => $"{(IsLanes ? VectorFunctions : "global::System.Math")}.Max({a}, {b})";

    /// <summary>|x| as an expression, like <see cref="Max"/>.</summary>
    public string Abs(string x) => $"{(IsLanes ? VectorFunctions : "global::System.Math")}.Abs({x})";

    /// <summary>Over vectors (<see cref="IsLanes"/>): the mask of the lanes where a ≥ b, as an expression.</summary>
    public string GreaterThanOrEqual(string a, string b)
    {
        Debug.Assert(IsLanes, "a mask is a vector expression");
        return $"{VectorFunctions}.GreaterThanOrEqual({a}, {b})";
    }

    /// <summary>Over vectors (<see cref="IsLanes"/>): <paramref name="whereSet"/> in the lanes the mask sets, <paramref name="elsewhere"/> in the others.</summary>
    public string Select(string mask, string whereSet, string elsewhere)
    {
        Debug.Assert(IsLanes, "a selection by mask is a vector expression");
        return $"{VectorFunctions}.ConditionalSelect({mask}, {whereSet}, {elsewhere})";
    }

    /// <summary>A literal in invariant culture: <c>0.5f</c> for float, <c>0.5</c> for double, a vector of it in every lane.</summary>
    public string Literal(double value)
    {
        if (_element is { } element)
        {
            return $"new {Name}({element.Literal(value)})";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (_suffix.Length == 0 && text.IndexOfAny(new[] { '.', 'E' }) < 0)
        {
            text += ".0";
        }

        return text + _suffix;
    }

    public static NumericType Of(bool useDouble) => useDouble ? Double : Single;
}
