namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// The steps of a forward and backward pass, in the order the method skeletons ask for them: over one
/// sample (<see cref="ICodePath"/>) or over a block of samples (<see cref="LanesPath"/>). Every step
/// writes whole statements, with its comment, into the writer.
/// </summary>
internal interface IPassSteps
{
    /// <summary>Whether the methods may leave stack scratch unzeroed: every value is written before it is read.</summary>
    bool SkipLocalsInit { get; }

    /// <summary>Whether the steps read θ one weight at a time, <c>theta[k]</c>, rather than in slices for the kernels.</summary>
    bool IndexesWeights { get; }

    /// <summary>a⁰ = input, and any scratch the pass needs.</summary>
    void DeclareInput(CodeWriter w, Pass pass);

    /// <summary>z^l = W^l·a^(l−1) + b^l and a^l = f_l(z^l); for the output layer in training, the loss step may apply f_L.</summary>
    void Layer(CodeWriter w, int l, Pass pass);

    /// <summary>The end of inference: a^L (or p = softmax(z^L)) in <c>output</c>.</summary>
    void WriteOutput(CodeWriter w);

    /// <summary>The loss J added into a local <c>loss</c> (declared here for one sample), and the output error δ^L = ∂J/∂z^L.</summary>
    void LossAndOutputError(CodeWriter w);

    /// <summary>∂J/∂W^l = δ^l·(a^(l−1))ᵀ and ∂J/∂b^l = δ^l, added into <c>gradient</c>.</summary>
    void Gradient(CodeWriter w, int l);

    /// <summary>δ^(l−1) = ((W^l)ᵀ·δ^l) ⊙ f_(l−1)′, the error one layer down (l ≥ 2), after <see cref="Gradient"/> of layer l.</summary>
    void ErrorBelow(CodeWriter w, int l);
}
