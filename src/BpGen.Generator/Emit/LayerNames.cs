namespace BpGen.Generator.Emit;

/// <summary>
/// The names generated code and its comments give each layer's values (docs/design.md, section 1.1):
/// the activation a^l is <c>a1</c>, the pre-activation z^l <c>z1</c>, the error δ^l <c>delta1</c>. The
/// span paths keep a layer's values in a span of that name; unrolled code keeps one local per neuron,
/// <c>a1_0</c> for a¹₀. Every step asks here, so a value declared in one step is found by the next.
/// </summary>
internal static class LayerNames
{
    /// <summary>a^l, the activations of layer l (a⁰ the input).</summary>
    public static string Activation(int l) => $"a{l}";

    /// <summary>z^l = W^l·a^(l−1) + b^l, before the activation.</summary>
    public static string PreActivation(int l) => $"z{l}";

    /// <summary>δ^l = ∂J/∂z^l.</summary>
    public static string Error(int l) => $"delta{l}";

    /// <summary>a^l_i as unrolled code names its local: <c>a1_0</c>.</summary>
    public static string Activation(int l, int i) => $"{Activation(l)}_{i}";

    /// <summary>z^l_i as unrolled code names its local.</summary>
    public static string PreActivation(int l, int i) => $"{PreActivation(l)}_{i}";

    /// <summary>δ^l_i as unrolled code names its local.</summary>
    public static string Error(int l, int i) => $"{Error(l)}_{i}";
}
