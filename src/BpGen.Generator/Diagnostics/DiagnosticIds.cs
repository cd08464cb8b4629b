namespace BpGen.Generator.Diagnostics;

/// <summary>
/// The ID of every diagnostic BpGen reports. Compiled into the generator and, as a linked file, into
/// the code fixes, so both name a diagnostic the same way without one depending on the other.
/// </summary>
internal static class DiagnosticIds
{
    public const string NotPartial = "BPG001";
    public const string TooFewLayers = "BPG002";
    public const string NonPositiveSize = "BPG003";
    public const string SoftmaxNeedsTwoOutputs = "BPG004";
    public const string UndefinedEnumValue = "BPG005";
    public const string OutputActivationWithFixedOutput = "BPG006";
    public const string HiddenActivationsLength = "BPG007";
    public const string NetworkTooLarge = "BPG008";
    public const string MemberAlreadyDeclared = "BPG009";
    public const string UnsupportedTarget = "BPG010";
    public const string WeightsFileNotListed = "BPG011";
    public const string WeightsFileAmbiguous = "BPG012";
    public const string WeightsFileUnreadable = "BPG013";
    public const string WeightsSizeMismatch = "BPG014";
    public const string WeightsActivationMismatch = "BPG015";
    public const string WeightsNotFinite = "BPG016";
    public const string FrozenWithoutWeights = "BPG017";
    public const string WeightsLossMismatch = "BPG018";
    public const string HiddenLayersLength = "BPG019";
    public const string RecurrentLayerActivation = "BPG020";
    public const string LanguageVersionTooLow = "BPG021";
    public const string WeightsTooLargeToCompileIn = "BPG022";
}
