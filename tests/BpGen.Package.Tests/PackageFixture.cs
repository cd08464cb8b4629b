using System.Diagnostics;
using BpGen.Package.Tests.Unity;

namespace BpGen.Package.Tests;

/// <summary>
/// Packs BpGen once, with a version no cache has seen, into a local folder feed; consumers restore
/// from that feed, so they see exactly what users would download.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    public PackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "bpgen-package-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        DeleteCachedPackage();

        Result pack = Run(RepositoryRoot(), "pack", "src/BpGen.Attributes", "-c", "Release", "-o", Feed, $"-p:Version={Version}");
        Assert.True(pack.ExitCode == 0, pack.Output);
        Package = Path.Combine(Feed, $"BpGen.{Version}.nupkg");
        _unity = new Lazy<UnityTarball>(() => UnityTarball.Build(Package, Path.Combine(Root, "unity")));
    }

    private readonly Lazy<UnityTarball> _unity;

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string Package { get; }

    /// <summary>The Unity package unity/pack.sh builds from <see cref="Package"/>, built when first asked for.</summary>
    public UnityTarball Unity => _unity.Value;

    /// <summary>Writes a consumer project that references the package, and returns its folder.</summary>
    /// <param name="name">The project's name and folder.</param>
    /// <param name="projectProperties">MSBuild properties, one a line.</param>
    /// <param name="source">Program.cs.</param>
    /// <param name="runtimeAsset">
    /// A folder of the package's lib/ (netstandard2.0, say) whose BpGen.Attributes.dll the consumer compiles
    /// and runs against instead of the one NuGet would pick; the generator still comes from the package.
    /// </param>
    /// <param name="projectItems">More items for the project's ItemGroup.</param>
    public string CreateConsumer(string name, string projectProperties, string source, string? runtimeAsset = null, string projectItems = "")
    {
        string reference = runtimeAsset is null
            ? $"""<PackageReference Include="BpGen" Version="{Version}" />"""
            : $"""
              <PackageReference Include="BpGen" Version="{Version}" ExcludeAssets="compile;runtime" />
                  <Reference Include="BpGen.Attributes" HintPath="$(NuGetPackageRoot)bpgen/{Version}/lib/{runtimeAsset}/BpGen.Attributes.dll" />
              """;
        string folder = Path.Combine(Root, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="bpgen-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
            {projectProperties}
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                {reference}
            {projectItems}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), source);
        return folder;
    }

    /// <summary>Runs the dotnet CLI in <paramref name="folder"/>.</summary>
    public static Result Run(string folder, params string[] arguments) => RunProgram("dotnet", folder, arguments);

    /// <summary>Runs <paramref name="program"/> in <paramref name="folder"/> and collects its output and error.</summary>
    public static Result RunProgram(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, output + error.Result);
    }

    /// <summary>Removes the feed, the consumers and the copy of this run's package that restoring put in the NuGet cache.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        DeleteCachedPackage();
    }

    /// <summary>This run's version in the NuGet cache: nothing else ever restores it.</summary>
    private void DeleteCachedPackage()
    {
        string cached = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "bpgen",
            Version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    /// <summary>
    /// The folder holding BpGen.sln, found from the test binaries (compile-time source paths are
    /// mapped away in CI builds).
    /// </summary>
    public static string RepositoryRoot()
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

    public sealed record Result(int ExitCode, string Output);
}

/// <summary>The test classes that share one packed package.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Package";
}
