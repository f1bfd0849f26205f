using System.Text.Json.Nodes;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Clients;

/// <summary>
/// Third-party linters, pinned in tests/package.json, accept the document the API serves: Spectral (<c>spectral:oas</c>,
/// .spectral.yaml) and Redocly CLI (<c>recommended</c>, redocly.yaml) report no problem of any severity.
/// </summary>
[Integration]
public sealed class OpenApiLintTests(ServedOpenApiDocument document) : IClassFixture<ServedOpenApiDocument>
{
    [Fact]
    public async Task SpectralReportsNothing()
    {
        var results = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(document.Path)!, "spectral.json");
        var run = await NodeTools.RunAsync(
            "spectral",
            RepoPaths.Root,
            "lint", document.Path, "--ruleset", System.IO.Path.Combine(RepoPaths.Root, ".spectral.yaml"),
            "--fail-severity=warn", "--format", "json", "--output", results);

        Assert.True(File.Exists(results), run.ToString());
        var problems = JsonNode.Parse(await File.ReadAllTextAsync(results))!.AsArray();
        Assert.True(
            problems.Count == 0,
            $"Spectral found {problems.Count} problems (severity 0 error, 1 warning, 2 info, 3 hint):{Environment.NewLine}"
            + string.Join(Environment.NewLine, problems.Select(p => $"{p!["code"]} ({p["severity"]}) at {string.Join('/', p["path"]!.AsArray())}: {p["message"]}")));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task RedoclyReportsNothing()
    {
        var run = await NodeTools.RunAsync(
            "redocly",
            RepoPaths.Root,
            "lint", document.Path, "--config", System.IO.Path.Combine(RepoPaths.Root, "redocly.yaml"), "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var report = JsonNode.Parse(run.Output)!;
        var problems = report["problems"]!.AsArray();
        Assert.True(
            problems.Count == 0,
            $"Redocly found {report["totals"]!.ToJsonString()}:{Environment.NewLine}"
            + string.Join(Environment.NewLine, problems.Select(p => $"{p!["ruleId"]} ({p["severity"]}) at {p["location"]![0]!["pointer"]}: {p["message"]}")));
        Assert.Equal(0, (int)report["totals"]!["errors"]!);
        Assert.Equal(0, (int)report["totals"]!["warnings"]!);
    }
}
