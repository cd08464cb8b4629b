namespace BpGen.Tests.Infrastructure;

/// <summary>
/// The runtime's switch between vector lanes and the one-sample fallback (<c>Kernels.VectorLanesEnabled</c>)
/// is global: the tests that set it run one at a time in this collection, and put it back.
/// </summary>
[CollectionDefinition(Name)]
public sealed class VectorLanesSwitch
{
    public const string Name = "Vector lanes switch";

    /// <summary>Runs <paramref name="action"/> with vector lanes on (where vectors are accelerated) or off.</summary>
    public static void Run(bool vectorLanes, Action action)
    {
        bool enabled = Kernels.VectorLanesEnabled;
        try
        {
            Kernels.VectorLanesEnabled = vectorLanes && System.Numerics.Vector.IsHardwareAccelerated;
            action();
        }
        finally
        {
            Kernels.VectorLanesEnabled = enabled;
        }
    }
}
