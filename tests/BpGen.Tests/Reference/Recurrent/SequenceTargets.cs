namespace BpGen.Tests.Reference;

/// <summary>Which steps of a sequence have a target, and so count in its loss.</summary>
public enum SequenceTargets
{
    /// <summary>One target per step: T rows.</summary>
    EveryStep,

    /// <summary>A target for the last step only: one row.</summary>
    LastStep,
}
