using BpGen.Generator.Model;

namespace BpGen.Generator.Emit;

/// <summary>
/// The C# expressions for each activation f and its derivative. Derivatives are written in terms
/// of the output a = f(z), so backward needs only the activations kept from forward.
/// </summary>
internal static class ActivationCode
{
    /// <summary>The slope of LeakyReLU for negative z.</summary>
    public const double LeakySlope = 0.01;

    /// <summary>f(z) as an expression; <paramref name="z"/> must be a plain name.</summary>
    public static string Apply(ActivationKind activation, string z, NumericType t) => activation switch
    {
        ActivationKind.Sigmoid => $"{t.Literal(1)} / ({t.Literal(1)} + {t.Math}.Exp(-{z}))",
        ActivationKind.Tanh => $"{t.Math}.Tanh({z})",
        ActivationKind.ReLU => $"{z} < {t.Literal(0)} ? {t.Literal(0)} : {z}",
        ActivationKind.LeakyReLU => $"{z} < {t.Literal(0)} ? {t.Literal(LeakySlope)} * {z} : {z}",
        ActivationKind.Softplus => $"{t.Math}.Max({z}, {t.Literal(0)}) + {t.Math}.Log({t.Literal(1)} + {t.Math}.Exp(-{t.Math}.Abs({z})))",
        ActivationKind.ELU => $"{z} < {t.Literal(0)} ? {t.Math}.Exp({z}) - {t.Literal(1)} : {z}",
        _ => z,
    };

    /// <summary>f′ as an expression of a = f(z), parenthesized; null when f′ = 1 (Identity).</summary>
    public static string? DerivativeFromOutput(ActivationKind activation, string a, NumericType t) => activation switch
    {
        ActivationKind.Sigmoid => $"({a} * ({t.Literal(1)} - {a}))",
        ActivationKind.Tanh => $"({t.Literal(1)} - {a} * {a})",
        ActivationKind.ReLU => $"({a} > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(0)})",
        ActivationKind.LeakyReLU => $"({a} > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(LeakySlope)})",
        ActivationKind.Softplus => $"({t.Literal(1)} - {t.Math}.Exp(-{a}))",
        ActivationKind.ELU => $"({a} > {t.Literal(0)} ? {t.Literal(1)} : {a} + {t.Literal(1)})",
        _ => null,
    };

    /// <summary>The formula in the spec's notation, for comments.</summary>
    public static string Formula(ActivationKind activation) => activation switch
    {
        ActivationKind.Sigmoid => "σ(z) = 1 / (1 + e^−z), σ′ = a·(1 − a)",
        ActivationKind.Tanh => "tanh(z), tanh′ = 1 − a²",
        ActivationKind.ReLU => "ReLU(z) = max(0, z), ReLU′ = [a > 0]",
        ActivationKind.LeakyReLU => "LeakyReLU(z) = z ≥ 0 ? z : 0.01·z, LeakyReLU′ = a > 0 ? 1 : 0.01",
        ActivationKind.Softplus => "softplus(z) = ln(1 + e^z), softplus′ = σ(z) = 1 − e^−a",
        ActivationKind.ELU => "ELU(z) = z ≥ 0 ? z : e^z − 1, ELU′ = a > 0 ? 1 : a + 1",
        _ => "identity(z) = z, identity′ = 1",
    };

    /// <summary>Whether initialization uses He (ReLU family) rather than Glorot.</summary>
    public static bool UsesHeInitialization(ActivationKind activation) =>
        activation is ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.ELU or ActivationKind.Softplus;
}
