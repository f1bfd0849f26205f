using System.Reflection;
using MedicalContent.Functions;
using MedicalContent.Routing;
using MedicalContent.Tests.Support;
using Microsoft.Azure.Functions.Worker;

namespace MedicalContent.Tests.Functions;

/// <summary>The functions.metadata the build writes is what the Functions host routes by: it must be the route table.</summary>
public class FunctionsMetadataTests
{
    private readonly IReadOnlyList<FunctionMetadata> _functions = FunctionMetadata.Read(FunctionMetadata.BuildOutputPath);

    [Fact]
    public void TheBuildListsExactlyTheRouteTablesOperations()
    {
        var expected = RouteTable.Operations.Select(o => $"{o.Name} {o.Route}").Order(StringComparer.Ordinal);
        var listed = _functions.Select(f => $"{f.Name} {f.Route}").Order(StringComparer.Ordinal);

        Assert.Equal(expected, listed);
    }

    [Fact]
    public void EveryFunctionAnswersTheRouteTablesMethodsAnonymously()
    {
        Assert.All(_functions, function =>
        {
            Assert.Equal(RouteTable.Operation(function.Name).Methods.Order(StringComparer.Ordinal), function.Methods.Order(StringComparer.Ordinal));
            Assert.Equal("Anonymous", function.AuthLevel);
        });
    }

    [Fact]
    public void RoutesHaveNoLeadingSlashBecauseTheRoutePrefixIsEmpty()
    {
        var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json"))).RootElement;

        Assert.Equal("", host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.False(host.TryGetProperty("customHandler", out _));
        Assert.All(_functions, function => Assert.False(function.Route.StartsWith('/'), function.Route));
    }

    [Fact]
    public void EveryEntryPointIsAFunctionOfTheWorkerWithTheSameName()
    {
        var assembly = typeof(WorkerSetup).Assembly;
        Assert.All(_functions, function =>
        {
            var at = function.EntryPoint.LastIndexOf('.');
            var method = assembly.GetType(function.EntryPoint[..at])?.GetMethod(function.EntryPoint[(at + 1)..]);
            Assert.NotNull(method);
            Assert.Equal(function.Name, method.GetCustomAttribute<FunctionAttribute>()?.Name);
        });
    }

    [Fact]
    public void NoRouteTemplateIsSpelledInSourceOutsideTheRouteTable()
    {
        var table = Path.Combine(RepoPaths.Root, "src", "MedicalContent.Core", "Routing", "RouteTable.cs");
        var sources = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && f != table
                && Path.GetExtension(f) is ".cs" or ".json" or ".csproj");
        var spelled = sources
            .SelectMany(f => File.ReadLines(f).Select((line, number) => (File: Path.GetRelativePath(RepoPaths.Root, f), Number: number + 1, Line: line)))
            .Where(l => l.Line.Contains("api/v1", StringComparison.Ordinal) || l.Line.Contains("\"/api/", StringComparison.Ordinal) || l.Line.Contains("\"api/", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Number}: {l.Line.Trim()}")
            .ToList();

        Assert.True(spelled.Count == 0, string.Join(Environment.NewLine, spelled));
        Assert.DoesNotContain(
            Directory.EnumerateFiles(RepoPaths.Root, "function.json", SearchOption.AllDirectories),
            f => !Path.GetRelativePath(RepoPaths.Root, f).Split(Path.DirectorySeparatorChar).Any(d => d is "bin" or "obj" or "artifacts" or "node_modules" or ".git"));
    }
}
