namespace BpGen
{
    /// <summary>Which steps of a sequence have a target, and so count in its loss.</summary>
    public enum SequenceTargets
    {
        /// <summary>One target per step: T · OutputSize values for a sequence of T steps.</summary>
        EveryStep,

        /// <summary>A target for the last step only, as for classifying a whole sequence: OutputSize values.</summary>
        LastStep,
    }
}
