using System.Linq;


namespace BpGen.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one network, and nothing from Roslyn's symbol or syntax
/// trees: two models are equal exactly when they would generate the same file.
/// </summary>
/// <param name="HintName">The generated file's name, e.g. <c>Demo.TestNet.g.cs</c>.</param>
/// <param name="Namespace">The namespace of the class, or an empty string for the global namespace.</param>
/// <param name="Types">The class and the classes containing it, outermost first.</param>
/// <param name="Sizes">Layer sizes n₀ … n_L.</param>
/// <param name="Activations">f_l for the weight layers l = 1 … L; the output layer's is the one the loss implies.</param>
/// <param name="Loss">The per-sample loss.</param>
/// <param name="UseDouble">Whether the element type is <c>double</c> rather than <c>float</c>.</param>
/// <param name="Weights">Parameters compiled in from a weights file, or null for seed 0's.</param>
/// <param name="Kinds">What each weight layer 1 … L is; empty when every layer is dense.</param>
internal sealed record NetworkModel(
    string HintName,
    string Namespace,
    EquatableArray<TypeDeclarationModel> Types,
    EquatableArray<int> Sizes,
    EquatableArray<Activation> Activations,
    Loss Loss,
    bool UseDouble,
    CompiledWeights? Weights = null,
    EquatableArray<Layer> Kinds = default)
{
    /// <summary>Whether some layer is a Gru or Lstm layer, whose state the caller carries from step to step.</summary>
    public bool IsRecurrent => !Kinds.IsEmpty;

    /// <summary>What weight layer <paramref name="layer"/> (1 … L) is.</summary>
    public Layer KindOf(int layer) => Layout.KindOf(layer);

    /// <summary>
    /// The last recurrent layer of a recurrent network: the dense layers above it (the output layer
    /// among them) see an error only at the steps with a target.
    /// </summary>
    public int TopRecurrentLayer => Enumerable.Range(1, LayerCount).Last(l => KindOf(l) != Layer.Dense);

    /// <summary>Whether the class is inference-only, its weights constants.</summary>
    public bool IsFrozen => Weights is { Frozen: true };

    /// <summary>L, the number of weight layers.</summary>
    public int LayerCount => Sizes.Length - 1;

    public int InputSize => Sizes[0];

    public int OutputSize => Sizes[LayerCount];

    /// <summary>The class's own name, as written with its type parameters.</summary>
    public string TypeName => Types[Types.Length - 1].Name;

    /// <summary>Where W^l and b^l sit in the parameters: the runtime's own layout, compiled in.</summary>
    public ParameterLayout Layout => new(Sizes.AsSpan(), Kinds.AsSpan());

    /// <summary>Σ_l n_l·(n_{l−1}+1).</summary>
    public int ParameterCount => (int)Layout.Count;

    /// <summary>Where W^l starts in the parameters (l = 1 … L).</summary>
    public int WeightOffset(int layer) => Layout.Weights(layer).Offset;

    /// <summary>Where b^l starts in the parameters.</summary>
    public int BiasOffset(int layer) => Layout.Biases(layer).Offset;

    /// <summary>What a weights file must match: the network as the runtime's readers compare it.</summary>
    public NetworkSignature Signature => new(
        Sizes.ToArray(), Enumerable.Range(1, LayerCount).Select(KindOf).ToArray(), Activations.ToArray(), Loss, UseDouble);

    /// <summary>f_l for l = 1 … L.</summary>
    public Activation ActivationOf(int layer) => Activations[layer - 1];
}

/// <summary>One class declaration to reopen: <c>partial {Keyword} {Name}</c>.</summary>
/// <param name="Keyword"><c>class</c> or <c>record</c>.</param>
/// <param name="Name">The name with its type parameter list, e.g. <c>Net&lt;T&gt;</c>.</param>
internal readonly record struct TypeDeclarationModel(string Keyword, string Name);
