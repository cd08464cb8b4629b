namespace BpGen.Generator.Model;

/// <summary>Trained parameters read from a file at compile time, in the layout of Parameters.</summary>
/// <param name="FileName">The Weights argument as written, for comments in the generated code.</param>
/// <param name="Values">Every weight and bias, as the network's element type holds them (floats widened exactly to double);
/// empty for a <see cref="IsPlaceholder">placeholder</see>.</param>
/// <param name="Frozen">Whether the class is inference-only with the values as constants.</param>
/// <param name="InputScaling">The standardization of the inputs the file holds, or null.</param>
/// <param name="OutputScaling">The standardization of the outputs the file holds, or null.</param>
internal sealed record CompiledWeights(string FileName, EquatableArray<double> Values, bool Frozen, CompiledScaling? InputScaling = null, CompiledScaling? OutputScaling = null)
{
    /// <summary>
    /// Weights for a file with an error (see WeightsResolver): zeros, written as cheaply as the emitters
    /// can, since the build fails with the error and the class exists only for code using it to bind.
    /// A network has at least two parameters, so no file gives an empty <see cref="Values"/>.
    /// </summary>
    public static CompiledWeights Placeholder(string fileName, bool frozen) => new(fileName, EquatableArray<double>.Empty, frozen);

    public bool IsPlaceholder => Values.IsEmpty;
}

/// <summary>A standardization read from a weights file: μ and σ per feature.</summary>
internal sealed record CompiledScaling(EquatableArray<double> Mean, EquatableArray<double> Deviation);
