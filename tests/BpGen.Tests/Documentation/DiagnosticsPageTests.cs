extern alias Generator;

using System.Reflection;
using System.Text.RegularExpressions;
using Generator::BpGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BpGen.Tests.Documentation;

/// <summary>
/// docs/diagnostics.md has an entry for every diagnostic, and the diagnostics' help links point at
/// those entries under the project's home, or nowhere while it has none.
/// </summary>
public class DiagnosticsPageTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToArray();

    /// <summary>The IDs of the descriptors, of DiagnosticIds and of the analyzer release files.</summary>
    public static TheoryData<string> CatalogIds()
    {
        var ids = new SortedSet<string>(Descriptors.Select(d => d.Id), StringComparer.Ordinal);
        ids.UnionWith(typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetRawConstantValue()!));
        foreach (string release in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            ids.UnionWith(Regex.Matches(Repository.ReadFile("src/BpGen.Generator/" + release), @"^(BPG\d+)\s*\|", RegexOptions.Multiline).Select(m => m.Groups[1].Value));
        }

        var data = new TheoryData<string>();
        foreach (string id in ids)
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void The_catalog_is_not_empty()
    {
        Assert.True(CatalogIds().Count >= 17);
    }

    /// <summary>A heading "## BPG001" is what the anchor #bpg001 of the help link finds.</summary>
    [Theory]
    [MemberData(nameof(CatalogIds))]
    public void Every_diagnostic_has_its_entry_in_docs_diagnostics(string id)
    {
        string[] lines = Repository.ReadFile("docs/diagnostics.md").Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        Assert.Single(lines, line => line == "## " + id);
        Assert.Contains($"[{id}](#{id.ToLowerInvariant()})", lines.Single(line => line.StartsWith($"| [{id}]", StringComparison.Ordinal)));
    }

    /// <summary>The repository sets no BpGenDocumentationUrl (Directory.Build.props), so no diagnostic links anywhere.</summary>
    [Fact]
    public void Without_a_documentation_url_no_diagnostic_has_a_help_link()
    {
        Assert.Equal("", DocumentationUrl.Value);
        Assert.All(Descriptors, descriptor => Assert.Equal("", descriptor.HelpLinkUri));
    }

    [Theory]
    [InlineData("https://example.org/bpgen")]
    [InlineData("https://example.org/bpgen/")]
    public void With_a_documentation_url_the_help_link_is_the_entry_on_the_diagnostics_page(string url)
    {
        Assert.Equal("https://example.org/bpgen/docs/diagnostics.md#bpg014", DiagnosticDescriptors.HelpLink(url, "BPG014"));
    }

    [Fact]
    public void The_help_link_of_an_empty_documentation_url_is_empty()
    {
        Assert.Equal("", DiagnosticDescriptors.HelpLink("", "BPG001"));
    }
}
