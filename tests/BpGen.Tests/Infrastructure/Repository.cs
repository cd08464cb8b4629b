namespace BpGen.Tests.Infrastructure;

/// <summary>The repository the tests run in, for tests that read its files (snapshots, documentation).</summary>
public static class Repository
{
    /// <summary>
    /// The folder holding BpGen.sln, found from the test binaries (compile-time source paths are
    /// mapped away in CI builds).
    /// </summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The text of a file given by its path from the repository's root, with '/' between folders.</summary>
    public static string ReadFile(string path) => File.ReadAllText(Path.Combine(Root, path));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BpGen.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No BpGen.sln above {AppContext.BaseDirectory}.");
    }
}
