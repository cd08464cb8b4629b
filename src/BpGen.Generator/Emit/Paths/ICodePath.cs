namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// How one kind of generated code performs each step of a layer. The method skeletons
/// (<see cref="Methods.MethodSkeletons"/>) write Forward, Backward and TrainStep once and ask the path for
/// every step, so a new kind of code is one implementation of this interface. Every step writes
/// whole statements, with its comment, into the writer.
/// </summary>
internal interface ICodePath
{
    /// <summary>Whether the methods may leave stack scratch unzeroed: every value is written before it is read.</summary>
    bool SkipLocalsInit { get; }

    /// <summary>Whether the bodies hold anything nullable analysis could check; false for spans and numbers only.</summary>
    bool NeedsNullableAnalysis { get; }

    /// <summary>a⁰ = input, and any scratch the pass needs.</summary>
    void DeclareInput(CodeWriter w, Pass pass);

    /// <summary>z^l = W^l·a^(l−1) + b^l and a^l = f_l(z^l); for the output layer in training, the loss step may apply f_L.</summary>
    void Layer(CodeWriter w, int l, Pass pass);

    /// <summary>The end of inference: a^L (or p = softmax(z^L)) in <c>output</c>.</summary>
    void WriteOutput(CodeWriter w);

    /// <summary>The loss J into a local <c>loss</c>, and the output error δ^L = ∂J/∂z^L.</summary>
    void LossAndOutputError(CodeWriter w);

    /// <summary>∂J/∂W^l = δ^l·(a^(l−1))ᵀ and ∂J/∂b^l = δ^l, added into <c>gradient</c>.</summary>
    void Gradient(CodeWriter w, int l);

    /// <summary>δ^(l−1) = ((W^l)ᵀ·δ^l) ⊙ f_(l−1)′, the error one layer down (l ≥ 2).</summary>
    void ErrorBelow(CodeWriter w, int l);

    /// <summary>W^l ← W^l − α·(δ^l·(a^(l−1))ᵀ + λ·W^l) and b^l ← b^l − α·δ^l.</summary>
    void Descend(CodeWriter w, int l);

    /// <summary>
    /// <see cref="ErrorBelow"/> with W^l as it was, then <see cref="Descend"/> (l ≥ 2): TrainStep's step,
    /// which a path may fuse into one pass over W^l.
    /// </summary>
    void PropagateAndDescend(CodeWriter w, int l);
}
