using System;
using System.Linq;
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

    /// <summary>
    /// f(z) as an expression; <paramref name="z"/> must be a plain name. Over vectors of samples
    /// (<see cref="NumericType.IsLanes"/>) the runtime's vector functions stand for the scalar forms that
    /// branch, and for σ, whose scalar form overflows e^−z in lanes it then discards.
    /// </summary>
    public static string Apply(Activation activation, string z, NumericType t) => activation switch
    {
        Activation.Sigmoid when t.IsLanes => $"global::BpGen.Kernels.Sigmoid({z})",
        Activation.ReLU when t.IsLanes => $"global::BpGen.Kernels.ReLU({z})",
        Activation.LeakyReLU when t.IsLanes => $"global::BpGen.Kernels.LeakyReLU({z}, {t.Element.Literal(LeakySlope)})",
        Activation.ELU when t.IsLanes => $"global::BpGen.Kernels.Elu({z})",
        Activation.Sigmoid => $"{t.Literal(1)} / ({t.Literal(1)} + {t.Exp("-" + z)})",
        Activation.Tanh => t.Tanh(z),
        Activation.ReLU => $"{z} < {t.Literal(0)} ? {t.Literal(0)} : {z}",
        Activation.LeakyReLU => $"{z} < {t.Literal(0)} ? {t.Literal(LeakySlope)} * {z} : {z}",
        Activation.Softplus => $"{t.Max(z, t.Literal(0))} + {t.Log1P(t.Exp("-" + t.Abs(z)))}",
        Activation.ELU => $"{z} < {t.Literal(0)} ? {t.ExpM1(z)} : {z}",
        _ => z,
    };

    /// <summary>f′ as an expression of a = f(z), parenthesized; null when f′ = 1 (Identity). Over vectors, the rectifiers' by a select in the runtime.</summary>
    public static string? DerivativeFromOutput(Activation activation, string a, NumericType t) => activation switch
    {
        Activation.ReLU when t.IsLanes => $"global::BpGen.Kernels.RectifierDerivative({a}, {t.Element.Literal(0)})",
        Activation.LeakyReLU when t.IsLanes => $"global::BpGen.Kernels.RectifierDerivative({a}, {t.Element.Literal(LeakySlope)})",
        Activation.ELU when t.IsLanes => $"global::BpGen.Kernels.EluDerivative({a})",
        Activation.Sigmoid => $"({a} * ({t.Literal(1)} - {a}))",
        Activation.Tanh => $"({t.Literal(1)} - {a} * {a})",
        Activation.ReLU => $"({a} > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(0)})",
        Activation.LeakyReLU => $"({a} > {t.Literal(0)} ? {t.Literal(1)} : {t.Literal(LeakySlope)})",
        Activation.Softplus => $"(-{t.ExpM1("-" + a)})",
        Activation.ELU => $"({a} > {t.Literal(0)} ? {t.Literal(1)} : {a} + {t.Literal(1)})",
        _ => null,
    };

    /// <summary>f applied to <paramref name="z"/> in the notation of docs/design.md, for comments: σ(z1), tanh(z1)…</summary>
    public static string Notation(Activation activation, string z) => activation switch
    {
        Activation.Sigmoid => $"σ({z})",
        Activation.Tanh => $"tanh({z})",
        Activation.ReLU => $"max(0, {z})",
        Activation.LeakyReLU => $"LeakyReLU({z}) (slope 0.01 below 0)",
        Activation.Softplus => $"ln(1 + e^{z})",
        Activation.ELU => $"ELU({z}) (e^z − 1 below 0)",
        _ => z,
    };

    /// <summary>f′ written in terms of a = f(z), for comments.</summary>
    public static string DerivativeNotation(Activation activation) => activation switch
    {
        Activation.Sigmoid => "σ′ = a·(1 − a)",
        Activation.Tanh => "tanh′ = 1 − a²",
        Activation.ReLU => "ReLU′ = a > 0 ? 1 : 0",
        Activation.LeakyReLU => "LeakyReLU′ = a > 0 ? 1 : 0.01",
        Activation.Softplus => "softplus′ = σ(z) = 1 − e^−a = −expm1(−a)",
        Activation.ELU => "ELU′ = a > 0 ? 1 : a + 1",
        _ => "identity′ = 1",
    };

    /// <summary>
    /// The runtime kernel that applies f in place to <paramref name="span"/>, e.g.
    /// <c>ReLU(a1)</c>; null when there is none and the caller loops with <see cref="Apply"/>.
    /// </summary>
    public static string? Kernel(Activation activation, string span, NumericType t) => activation switch
    {
        Activation.ReLU => $"ReLU({span})",
        Activation.LeakyReLU => $"LeakyReLU({span}, {t.Literal(LeakySlope)})",
        Activation.Sigmoid => $"Sigmoid({span})",
        Activation.Tanh => $"Tanh({span})",
        _ => null,
    };

    /// <summary>The slope below 0 of a rectifier (ReLU 0, LeakyReLU 0.01), whose f′ has a kernel; null for the others.</summary>
    public static double? RectifierSlope(Activation activation) => activation switch
    {
        Activation.ReLU => 0,
        Activation.LeakyReLU => LeakySlope,
        _ => null,
    };

    /// <summary>Whether initialization uses He (ReLU family) rather than Glorot.</summary>
    public static bool UsesHeInitialization(Activation activation) =>
        activation is Activation.ReLU or Activation.LeakyReLU or Activation.ELU or Activation.Softplus;

    /// <summary>The initialization rule of layer <paramref name="l"/> for comments: "He uniform, W1 ~ U(−r, r) with r = √(6 / n0)".</summary>
    public static string InitializationNotation(Activation activation, int l) => UsesHeInitialization(activation)
        ? $"He uniform, W{l} ~ U(−r, r) with r = √(6 / n{l - 1})"
        : $"Glorot uniform, W{l} ~ U(−r, r) with r = √(6 / (n{l - 1} + n{l}))";

    /// <summary>The double expression of r, the bound of the uniform distribution the weights are drawn from.</summary>
    public static string InitializationRadius(Activation activation, int fanIn, int fanOut) => UsesHeInitialization(activation)
        ? $"global::System.Math.Sqrt(6.0 / {fanIn})"
        : $"global::System.Math.Sqrt(6.0 / ({fanIn} + {fanOut}))";

    /// <summary>The activations initialized by He (<paramref name="he"/>) or by Glorot, for comments: "Identity, Sigmoid and Tanh".</summary>
    public static string InitializedBy(bool he)
    {
        string[] names = Enum.GetValues(typeof(Activation)).Cast<Activation>()
            .Where(a => UsesHeInitialization(a) == he)
            .Select(a => a.ToString())
            .ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names, 0, names.Length - 1) + " and " + names[names.Length - 1];
    }
}
