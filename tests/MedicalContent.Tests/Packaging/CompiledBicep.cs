using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// infra/main.bicep compiled to its ARM JSON template by the Bicep CLI the repository pins (infra/tools/BicepCli.csproj,
/// the same binary eng/bicep-check.sh runs), once per test run. Tests assert on what Azure would receive: module
/// wiring, resolved variables and nested templates, not on Bicep text.
/// </summary>
public static partial class CompiledBicep
{
    public static readonly string InfraFolder = Path.Combine(RepoPaths.Root, "infra");

    private static readonly Lazy<JsonObject> MainTemplate = new(() => Build(Path.Combine(InfraFolder, "main.bicep")));

    /// <summary>The compiled infra/main.bicep.</summary>
    public static JsonObject Main => MainTemplate.Value;

    /// <summary>Every resource of a template and of the templates of its modules (nested deployments), depth first.</summary>
    public static IEnumerable<DeployedResource> Resources(JsonObject template, string module = "")
    {
        foreach (var (name, resource) in Entries(template["resources"]))
        {
            if (Text(resource["type"]) == "Microsoft.Resources/deployments")
            {
                var nested = resource["properties"]!["template"]!.AsObject();
                foreach (var inner in Resources(nested, module.Length == 0 ? name : module + "/" + name))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return new DeployedResource(module, name, Text(resource["type"])!, resource, template);
            }
        }
    }

    /// <summary>The module (nested deployment) of <paramref name="template"/> with that symbolic name.</summary>
    public static JsonObject Module(JsonObject template, string name) =>
        Entries(template["resources"]).Single(e => e.Name == name && Text(e.Resource["type"]) == "Microsoft.Resources/deployments").Resource;

    /// <summary>The compiled template of a module of <paramref name="template"/>.</summary>
    public static JsonObject ModuleTemplate(JsonObject template, string name) => Module(template, name)["properties"]!["template"]!.AsObject();

    /// <summary>
    /// A value with the template's variables substituted: <c>[variables('x')]</c> becomes x's value (itself resolved),
    /// <c>[variables('x').y]</c> its property, and inside any other expression <c>variables('x')</c> of a string variable
    /// becomes the quoted string. Everything else (parameters, references) stays an expression.
    /// </summary>
    public static JsonNode? Resolve(JsonNode? node, JsonObject template)
    {
        var variables = template["variables"] as JsonObject;
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                if (WholeVariable().Match(text) is { Success: true } whole && variables?[whole.Groups["name"].Value] is { } variable)
                {
                    var resolved = Resolve(variable.DeepClone(), template);
                    return whole.Groups["property"].Success ? Resolve(resolved?[whole.Groups["property"].Value]?.DeepClone(), template) : resolved;
                }

                return JsonValue.Create(VariableInExpression().Replace(text, m =>
                    variables?[m.Groups["name"].Value] is JsonValue v && v.TryGetValue<string>(out var s) && !s.StartsWith('[') ? $"'{s}'" : m.Value));
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    copy[key] = Resolve(child?.DeepClone(), template);
                }

                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(child => Resolve(child?.DeepClone(), template)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>A string value, or null.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The strings of a JSON array (after <see cref="Resolve"/>).</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) => node is JsonArray array ? array.Select(n => Text(n) ?? "").ToList() : [];

    private static IEnumerable<(string Name, JsonObject Resource)> Entries(JsonNode? resources) => resources switch
    {
        // languageVersion 2.0 (symbolic names): an object keyed by symbolic name.
        JsonObject byName => byName.Select(p => (p.Key, p.Value!.AsObject())),
        // Older templates: an array; the symbolic name is lost, so the resource's own name stands in.
        JsonArray list => list.Select(r => (Text(r!["name"]) ?? "", r!.AsObject())),
        _ => [],
    };

    private static JsonObject Build(string bicepFile)
    {
        var start = new ProcessStartInfo(BicepCli())
        {
            ArgumentList = { "build", bicepFile, "--stdout" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var json = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep build {bicepFile} did not finish in 3 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {bicepFile} exited with {process.ExitCode}:{Environment.NewLine}{stderr.Result}");
        }

        return JsonNode.Parse(json)!.AsObject();
    }

    /// <summary>
    /// The pinned Bicep CLI in the NuGet global packages folder; restores infra/tools/BicepCli.csproj first when it is
    /// not there yet (a fresh machine), as eng/bicep-check.sh does.
    /// </summary>
    private static string BicepCli()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException("The pinned Bicep CLI package is Azure.Bicep.CommandLine.linux-x64: compile infra/ on Linux x64.");
        }

        var project = Path.Combine(InfraFolder, "tools", "BicepCli.csproj");
        var version = PinnedVersion().Match(File.ReadAllText(project)) is { Success: true } match
            ? match.Groups["version"].Value
            : throw new InvalidOperationException($"{project}: no exact-version PackageDownload of Azure.Bicep.CommandLine.linux-x64.");

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cli = Path.Combine(packages, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
        if (!File.Exists(cli))
        {
            Run("dotnet", "restore", project, "--nologo", "--verbosity", "quiet");
            var listed = Run("dotnet", "nuget", "locals", "global-packages", "--list");
            packages = listed.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("global-packages:", StringComparison.Ordinal))["global-packages:".Length..].Trim();
            cli = Path.Combine(packages, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
        }

        if (!File.Exists(cli))
        {
            throw new FileNotFoundException($"Bicep CLI {version} not found after restoring {project}.", cli);
        }

        File.SetUnixFileMode(cli, File.GetUnixFileMode(cli) | UnixFileMode.UserExecute);
        return cli;
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}{stderr.Result}");
    }

    [GeneratedRegex(@"^\[variables\('(?<name>[A-Za-z0-9_]+)'\)(\.(?<property>[A-Za-z0-9_]+))?\]$")]
    private static partial Regex WholeVariable();

    [GeneratedRegex(@"variables\('(?<name>[A-Za-z0-9_]+)'\)")]
    private static partial Regex VariableInExpression();

    [GeneratedRegex(@"<PackageDownload\s+Include=""Azure\.Bicep\.CommandLine\.linux-x64""\s+Version=""\[(?<version>[^\]]+)\]""")]
    private static partial Regex PinnedVersion();
}

/// <summary>A resource of the compiled template: the module path it sits in ("" for main.bicep) and its symbolic name.</summary>
public sealed record DeployedResource(string Module, string Name, string Type, JsonObject Json, JsonObject Template)
{
    /// <summary>A property of the resource with its template's variables resolved.</summary>
    public JsonNode? Resolved(params string[] path)
    {
        JsonNode? node = Json;
        foreach (var step in path)
        {
            node = node?[step];
        }

        return CompiledBicep.Resolve(node, Template);
    }
}
