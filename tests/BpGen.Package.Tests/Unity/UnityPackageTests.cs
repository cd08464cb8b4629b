using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace BpGen.Package.Tests.Unity;

/// <summary>
/// The Unity package unity/pack.sh builds from the packed NuGet package: its files, their .meta import
/// settings and GUIDs, its manifest, and its sample compiled as Unity compiles it. No Unity editor runs
/// here (the build machines have none): these are the checks that can be made without one.
/// </summary>
[Collection(PackageCollection.Name)]
public class UnityPackageTests(PackageFixture package)
{
    private const string Generator = "package/Analyzers/BpGen.Generator.dll";
    private const string Runtime = "package/Runtime/BpGen.Attributes.dll";
    private const string Sample = "package/Samples~/CircleClassifier";

    [Fact]
    public void The_tarball_holds_exactly_the_manifest_the_docs_the_two_dlls_the_sample_and_their_meta_files()
    {
        string[] expected =
        [
            "package/package.json", "package/README.md", "package/LICENSE.md",
            "package/Runtime/BpGen.Attributes.dll", "package/Runtime/BpGen.Attributes.xml",
            "package/Analyzers/BpGen.Generator.dll",
            $"{Sample}/CircleClassifier.cs", $"{Sample}/CircleNet.cs",
        ];
        string[] folders = ["package", "package/Runtime", "package/Analyzers", "package/Samples~", Sample];
        string[] metas = ["package/Runtime", "package/Analyzers", Sample, .. expected];

        Assert.Equal(expected.Concat(metas.Select(path => path + ".meta")).Order(), package.Unity.Files.Keys.Order());
        Assert.Equal(folders.Order(), package.Unity.Folders.Order());
    }

    [Fact]
    public void The_dlls_and_docs_are_the_nuget_packages_netstandard21_runtime_and_its_generator()
    {
        using ZipArchive nupkg = ZipFile.OpenRead(package.Package);
        Assert.Equal(Entry(nupkg, "lib/netstandard2.1/BpGen.Attributes.dll"), package.Unity.Files[Runtime]);
        Assert.Equal(Entry(nupkg, "lib/netstandard2.1/BpGen.Attributes.xml"), package.Unity.Files["package/Runtime/BpGen.Attributes.xml"]);
        Assert.Equal(Entry(nupkg, "analyzers/dotnet/cs/BpGen.Generator.dll"), package.Unity.Files[Generator]);
        Assert.Equal(File.ReadAllText(Path.Combine(PackageFixture.RepositoryRoot(), "LICENSE")), package.Unity.Text("package/LICENSE.md"));
    }

    /// <summary>
    /// Unity warns about an asset without a .meta in an immutable package (and ignores it), and about a
    /// .meta without its asset. Samples~ itself is the one exception: Unity skips folders ending in ~.
    /// </summary>
    [Fact]
    public void Every_file_and_folder_has_its_meta_and_every_meta_its_file_or_folder()
    {
        var assets = package.Unity.Files.Keys.Concat(package.Unity.Folders).ToHashSet();
        foreach (string asset in assets.Where(path => path is not "package" and not "package/Samples~"))
        {
            Assert.True(asset.EndsWith(".meta", StringComparison.Ordinal) ? assets.Contains(asset[..^".meta".Length]) : assets.Contains(asset + ".meta"), $"{asset} has no partner.");
        }
    }

    /// <summary>
    /// The generator runs in the compiler only: labelled RoslynAnalyzer, enabled for no platform (not the
    /// editor, not any player), not referenced by scripts. The runtime is the opposite: every platform.
    /// </summary>
    [Fact]
    public void The_generator_meta_carries_the_RoslynAnalyzer_label_and_enables_no_platform_and_the_runtime_meta_enables_every_one()
    {
        string generator = package.Unity.Text(Generator + ".meta");
        Assert.Contains("\nlabels:\n- RoslynAnalyzer\nPluginImporter:\n", generator);
        Assert.Contains("isExplicitlyReferenced: 1", generator);
        Assert.DoesNotContain("enabled: 1", generator);
        Assert.Contains("      Any: \n    second:\n      enabled: 0\n", generator);
        Assert.Contains("      Editor: Editor\n    second:\n      enabled: 0\n", generator);
        Assert.Contains("Exclude Editor: 1", generator);

        string runtime = package.Unity.Text(Runtime + ".meta");
        Assert.DoesNotContain("labels:", runtime);
        Assert.Contains("isExplicitlyReferenced: 0", runtime);
        Assert.Contains("      Any: \n    second:\n      enabled: 1\n", runtime);
        Assert.DoesNotContain("enabled: 0", runtime);
    }

    /// <summary>
    /// Unity refers to a package's assets by the GUIDs in their .meta files: a second build (an upgrade)
    /// must give every asset the GUID it had, or scenes and prefabs lose their references.
    /// </summary>
    [Fact]
    public void Every_meta_has_its_own_guid_and_a_second_build_gives_the_same_bytes()
    {
        Dictionary<string, string> guids = package.Unity.Files
            .Where(file => file.Key.EndsWith(".meta", StringComparison.Ordinal))
            .ToDictionary(file => file.Key, file => Regex.Match(package.Unity.Text(file.Key), "^fileFormatVersion: 2\nguid: ([0-9a-f]{32})\n").Groups[1].Value);
        Assert.All(guids, guid => Assert.True(guid.Value.Length == 32, $"{guid.Key} has no guid line after fileFormatVersion: 2."));
        Assert.Equal(guids.Count, guids.Values.Distinct().Count());

        UnityTarball second = UnityTarball.Build(package.Package, Path.Combine(package.Root, "unity-again"));
        Assert.Equal(File.ReadAllBytes(package.Unity.Path), File.ReadAllBytes(second.Path));
    }

    [Fact]
    public void The_manifest_is_valid_json_with_the_nuget_version_unity_2022_3_and_a_sample_that_exists()
    {
        Assert.Equal($"com.bpgen.bpgen-{package.Version}.tgz", Path.GetFileName(package.Unity.Path));
        using JsonDocument manifest = JsonDocument.Parse(package.Unity.Files["package/package.json"]);
        JsonElement root = manifest.RootElement;
        Assert.Equal("com.bpgen.bpgen", root.GetProperty("name").GetString());
        Assert.Equal(package.Version, root.GetProperty("version").GetString());
        Assert.Equal("2022.3", root.GetProperty("unity").GetString());
        Assert.Matches("^[0-9]+[abfp][0-9]+$", root.GetProperty("unityRelease").GetString());
        Assert.Equal("BpGen", root.GetProperty("displayName").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("description").GetString()));
        Assert.Equal("MIT", root.GetProperty("license").GetString());
        JsonElement sample = Assert.Single(root.GetProperty("samples").EnumerateArray());
        Assert.Contains("package/" + sample.GetProperty("path").GetString(), package.Unity.Folders);
        Assert.False(string.IsNullOrWhiteSpace(sample.GetProperty("displayName").GetString()));
    }

    /// <summary>
    /// The sample, with stand-ins for the UnityEngine types it uses, compiled by Roslyn 4.3 as C# 9
    /// against netstandard2.1 and the package's runtime, with the package's generator: no warning.
    /// Without the generator it does not compile, so the sample does use the code the generator writes.
    /// </summary>
    [Fact]
    public void The_sample_compiles_without_warnings_under_roslyn_4_3_with_the_package_generator_and_not_without_it()
    {
        Assert.Equal("4.3", typeof(CSharpCompilation).Assembly.GetName().Version!.ToString(2));
        string generator = Path.Combine(package.Root, "unity-generator", "BpGen.Generator.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(generator)!);
        File.WriteAllBytes(generator, package.Unity.Files[Generator]);
        Assert.True(ReferencedCompiler(generator) <= typeof(CSharpCompilation).Assembly.GetName().Version, $"The generator needs Microsoft.CodeAnalysis {ReferencedCompiler(generator)}.");

        string[] sources = [package.Unity.Text($"{Sample}/CircleNet.cs"), package.Unity.Text($"{Sample}/CircleClassifier.cs"), UnityEngineStubs.Source];
        UnityCompilation with = UnityCompiler.Compile(sources, package.Unity.Files[Runtime], generator);
        Assert.Empty(with.LoadFailures);
        Assert.Equal(1, with.Generators);
        Assert.True(with.GeneratedFiles > 0, "The generator wrote nothing.");
        Assert.True(with.Problems.Count == 0, string.Join("\n", with.Problems));

        UnityCompilation without = UnityCompiler.Compile(sources, package.Unity.Files[Runtime], generator: null);
        Assert.Contains(without.Problems, problem => problem.Contains("error CS1061", StringComparison.Ordinal) && problem.Contains("'CircleNet'", StringComparison.Ordinal));
    }

    private static byte[] Entry(ZipArchive archive, string name)
    {
        using var content = new MemoryStream();
        using (Stream stream = archive.GetEntry(name)!.Open())
        {
            stream.CopyTo(content);
        }

        return content.ToArray();
    }

    /// <summary>The version of Microsoft.CodeAnalysis the DLL at <paramref name="path"/> was built against.</summary>
    private static Version ReferencedCompiler(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(handle => metadata.GetAssemblyReference(handle))
            .Single(reference => metadata.GetString(reference.Name) == "Microsoft.CodeAnalysis").Version;
    }
}
