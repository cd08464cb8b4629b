
namespace BpGen.Tests.Reference;

/// <summary>Builds the reference for a network generated at test time.</summary>
public static class NetworkSpecReference
{
    /// <summary>The reference network of <paramref name="spec"/>'s topology, activations and loss, its parameters all 0.</summary>
    public static ReferenceMlp Reference(this NetworkSpec spec) => new(spec.Sizes, spec.HiddenActivations, spec.OutputActivation, spec.Loss);
}
