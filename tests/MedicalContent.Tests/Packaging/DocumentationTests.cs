using System.Text.RegularExpressions;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Packaging;

/// <summary>The README is the front door: its links lead somewhere and its configuration table is the app's.</summary>
public partial class DocumentationTests
{
    private static readonly string Readme = Path.Combine(RepoPaths.Root, "README.md");

    public static TheoryData<string> MarkdownFiles()
    {
        var files = new TheoryData<string>("README.md");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            files.Add(Path.GetRelativePath(RepoPaths.Root, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void EveryRelativeLinkResolves(string file)
    {
        var path = Path.Combine(RepoPaths.Root, file);
        var broken = LinkPattern().Matches(File.ReadAllText(path))
            .Select(m => m.Groups["target"].Value)
            .Where(target => !target.StartsWith("http://", StringComparison.Ordinal) && !target.StartsWith("https://", StringComparison.Ordinal) && !target.StartsWith('#'))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Combine(Path.GetDirectoryName(path)!, target)) && !Directory.Exists(Path.Combine(Path.GetDirectoryName(path)!, target)))
            .ToList();

        Assert.True(broken.Count == 0, $"{file} links to what does not exist: {string.Join(", ", broken)}");
    }

    [Fact]
    public void TheReadmeStaysAFrontDoor()
    {
        var lines = File.ReadAllLines(Readme);

        Assert.True(lines.Length <= 150, $"README.md has {lines.Length} lines; manuals belong in docs/.");
        Assert.Contains(lines, l => l.Trim() == "dotnet run --project src/MedicalContent.Api --urls http://127.0.0.1:5080");
        Assert.Contains(lines, l => l.Trim() == "dotnet test Functions.sln");
    }

    [Fact]
    public void TheConfigurationTableListsExactlyTheSettingsTheAppBinds()
    {
        var documented = ConfigurationRow().Matches(File.ReadAllText(Readme)).Select(m => m.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);
        var bound = AppSettingsDriftTests.BoundOptionTypes()
            .SelectMany(option => AppSettingsDriftTests.SettableProperties(option.Value).Select(p => $"{option.Key.Replace("__", ":", StringComparison.Ordinal)}:{p.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(bound.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(?m)^\| `(?<key>[A-Za-z]+:[A-Za-z]+)` \|")]
    private static partial Regex ConfigurationRow();
}
