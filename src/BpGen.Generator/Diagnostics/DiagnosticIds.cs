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
}
