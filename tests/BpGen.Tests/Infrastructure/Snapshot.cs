using System.Runtime.CompilerServices;

namespace BpGen.Tests.Infrastructure;

/// <summary>
/// Snapshot checks in Verify's convention: the reviewed text lives in
/// <c>Snapshots/{name}.verified.cs</c> beside the test; a mismatch writes <c>{name}.received.cs</c>
/// and fails. To accept, review the difference and run <c>tests/accept-snapshots.sh</c>.
/// </summary>
public static class Snapshot
{
    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        string? expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified} yet. Review {received} and accept it with tests/accept-snapshots.sh."
            : $"Generated code differs from {verified}. Compare it with {received}; accept with tests/accept-snapshots.sh if the change is intended.");
    }
}
