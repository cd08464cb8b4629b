namespace BpGen.Generator.Emit.Paths;

/// <summary>
/// How one kind of generated code performs each step of a layer. The method skeletons
/// (<see cref="Methods.MethodSkeletons"/>) write Forward, Backward and TrainStep once and ask the path for
/// every step, so a new kind of code is one implementation of this interface. Every step writes
/// whole statements, with its comment, into the writer. The steps of a pass, which the batched
/// methods share, are in <see cref="IPassSteps"/>; this interface adds the one-sample descent.
/// </summary>
internal interface ICodePath : IPassSteps
{
    /// <summary>W^l ← W^l − α·(δ^l·(a^(l−1))ᵀ + λ·W^l) and b^l ← b^l − α·δ^l.</summary>
    void Descend(CodeWriter w, int l);

    /// <summary>
    /// <see cref="IPassSteps.ErrorBelow"/> with W^l as it was, then <see cref="Descend"/> (l ≥ 2): TrainStep's step,
    /// which a path may fuse into one pass over W^l.
    /// </summary>
    void PropagateAndDescend(CodeWriter w, int l);
}
