using System.Text.RegularExpressions;

namespace BpGen.Tests.Documentation;

/// <summary>
/// The ```csharp blocks of the repository's Markdown files. The line before a block's fence may hold a
/// marker that says what the block is: <c>&lt;!-- fragment --&gt;</c> (or <c>&lt;!-- fragment: why --&gt;</c>)
/// for a piece of a program that does not compile alone, <c>&lt;!-- compiles to BPG001 --&gt;</c> for an example of that error.
/// A block without a marker is a whole program or file.
/// </summary>
public sealed record MarkdownCode(string File, int Line, string Heading, string Marker, string Code)
{
    public const string Fragment = "fragment";

    private static readonly Regex MarkerComment = new(@"^<!--\s*(.*?)\s*-->$");

    /// <summary>The Markdown files whose C# is checked: the README, the package's readme and docs/*.md.</summary>
    public static IEnumerable<string> Files() =>
        new[] { "README.md", "src/BpGen.Attributes/PACKAGE.md" }
            .Concat(Directory.GetFiles(Path.Combine(Repository.Root, "docs"), "*.md").Select(path => "docs/" + Path.GetFileName(path)).Order(StringComparer.Ordinal));

    public static IEnumerable<MarkdownCode> All() => Files().SelectMany(In);

    /// <summary>Every ```csharp block of one file, with the heading it stands under and its marker.</summary>
    public static IEnumerable<MarkdownCode> In(string file)
    {
        string[] lines = Repository.ReadFile(file).Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        string heading = "";
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#'))
            {
                heading = lines[i].TrimStart('#').Trim();
            }
            else if (lines[i] == "```csharp")
            {
                int end = Array.IndexOf(lines, "```", i + 1);
                Assert.True(end > i, $"{file}:{i + 1}: a ```csharp block is never closed.");
                Match marker = i > 0 ? MarkerComment.Match(lines[i - 1]) : Match.Empty;
                yield return new MarkdownCode(file, i + 1, heading, marker.Success ? marker.Groups[1].Value : "", string.Join("\n", lines[(i + 1)..end]));
                i = end;
            }
        }
    }

    public bool IsFragment => Marker == Fragment || Marker.StartsWith(Fragment + ":", StringComparison.Ordinal);

    public override string ToString() => $"{File}:{Line}";
}
