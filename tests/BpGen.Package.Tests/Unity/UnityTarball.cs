using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace BpGen.Package.Tests.Unity;

/// <summary>A Unity package built by unity/pack.sh from a packed .nupkg, read back from its tarball.</summary>
public sealed class UnityTarball
{
    private UnityTarball(string path, Dictionary<string, byte[]> files, HashSet<string> folders)
    {
        Path = path;
        Files = files;
        Folders = folders;
    }

    /// <summary>The .tgz file.</summary>
    public string Path { get; }

    /// <summary>Each file's path in the tarball (package/…) and its bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>Each folder's path in the tarball, without a trailing slash.</summary>
    public IReadOnlySet<string> Folders { get; }

    /// <summary>Runs unity/pack.sh on <paramref name="nupkg"/>, writing the tarball into <paramref name="folder"/>.</summary>
    public static UnityTarball Build(string nupkg, string folder)
    {
        string root = PackageFixture.RepositoryRoot();
        PackageFixture.Result pack = PackageFixture.RunProgram("bash", root, System.IO.Path.Combine(root, "unity", "pack.sh"), nupkg, folder);
        Assert.True(pack.ExitCode == 0, pack.Output);
        return Read(pack.Output.Trim().Split('\n')[^1]);
    }

    /// <summary>The text of the file at <paramref name="path"/>.</summary>
    public string Text(string path) => Encoding.UTF8.GetString(Files[path]);

    private static UnityTarball Read(string path)
    {
        var files = new Dictionary<string, byte[]>();
        var folders = new HashSet<string>();
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType == TarEntryType.Directory)
            {
                folders.Add(entry.Name.TrimEnd('/'));
            }
            else
            {
                Assert.True(entry.EntryType is TarEntryType.V7RegularFile or TarEntryType.RegularFile, $"{entry.Name} is a {entry.EntryType}, not a file or folder.");
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                files.Add(entry.Name, content.ToArray());
            }
        }

        return new UnityTarball(path, files, folders);
    }
}
