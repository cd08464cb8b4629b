using System.Text.RegularExpressions;

namespace BpGen.Tests.Infrastructure;

/// <summary>
/// Snapshot checks in Verify's convention: the reviewed text lives in
/// <c>tests/BpGen.Tests/Generation/Snapshots/{name}.verified.cs</c>; a mismatch writes
/// <c>{name}.received.cs</c> beside it and fails. To accept, review the difference and run
/// <c>tests/accept-snapshots.sh</c>. The generator's version is scrubbed from both (see
/// <see cref="Scrub"/>), so a release does not rewrite every snapshot.
/// </summary>
public static class Snapshot
{
    /// <summary>What stands for the generator's assembly version in a snapshot.</summary>
    public const string VersionPlaceholder = "{version}";

    private static readonly string Folder = Path.Combine(Repository.Root, "tests", "BpGen.Tests", "Generation", "Snapshots");

    private static readonly Regex GeneratedCodeVersion = new("""(GeneratedCode\("BpGen", ")[^"]*(")""");

    /// <summary>The text with the version in every <c>[GeneratedCode("BpGen", "…")]</c> replaced by <see cref="VersionPlaceholder"/>.</summary>
    public static string Scrub(string generated) => GeneratedCodeVersion.Replace(generated, "${1}" + VersionPlaceholder + "${2}");

    public static void Verify(string generated, string name)
    {
        string actual = Scrub(generated);
        string verified = Path.Combine(Folder, name + ".verified.cs");
        string received = Path.Combine(Folder, name + ".received.cs");
        string? expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(Folder);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet. Review {received} and accept it with tests/accept-snapshots.sh."
            : $"Generated code differs from {verified}. Compare it with {received}; accept with tests/accept-snapshots.sh if the change is intended.");
    }
}
