using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Packaging;

/// <summary>
/// The function definitions (src/MedicalContent.Api/functions/*/function.json) against the routes the app really maps:
/// under the Functions host a route without a function is unreachable, and a function without a route answers 404.
/// </summary>
public class FunctionDefinitionTests
{
    public static readonly string FunctionsFolder = Path.Combine(RepoPaths.Root, "src", "MedicalContent.Api", "functions");

    private static readonly Lazy<IReadOnlyDictionary<string, SortedSet<string>>> AppRoutes = new(RouteTable.FromApp);

    private readonly IReadOnlyList<FunctionDefinition> _functions = FunctionDefinition.LoadAll(FunctionsFolder);

    [Fact]
    public void EveryFunctionFolderHoldsAFunctionDefinition()
    {
        var empty = Directory.GetDirectories(FunctionsFolder).Where(folder => !File.Exists(Path.Combine(folder, "function.json")));

        Assert.Empty(empty);
        Assert.NotEmpty(_functions);
    }

    [Fact]
    public void FunctionNamesAreValidForTheFunctionsHost()
    {
        Assert.All(_functions, f => Assert.Matches(FunctionDefinition.ValidName, f.Name));
        Assert.Equal(_functions.Count, _functions.Select(f => f.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void EachFunctionIsOneHttpTriggerInAndOneHttpOutAsProxyingRequires()
    {
        Assert.All(_functions, f =>
        {
            Assert.True(f.Bindings.Count == 2, $"{f.Name}: expected exactly 2 bindings, found {f.Bindings.Count}");
            var trigger = Assert.Single(f.HttpTriggers);
            var output = Assert.Single(f.HttpOutputs);
            Assert.Matches(FunctionDefinition.ValidBindingName, trigger.Name ?? "");
            Assert.Matches(FunctionDefinition.ValidBindingName, output.Name ?? "");
            Assert.False(string.IsNullOrWhiteSpace(trigger.Route), $"{f.Name}: the trigger has no route; the host would use the function name");
            Assert.False(trigger.Route!.StartsWith('/'), $"{f.Name}: route '{trigger.Route}' must not start with '/' (routePrefix is \"\")");
            Assert.Contains(trigger.AuthLevel ?? "", FunctionDefinition.AuthLevels);
        });
    }

    [Fact]
    public void EveryRouteTheAppMapsHasAFunctionWithTheSameTemplateAndMethods()
    {
        var functions = FunctionRoutes();
        var problems = new List<string>();
        foreach (var (route, methods) in AppRoutes.Value)
        {
            if (!functions.TryGetValue(route, out var function))
            {
                problems.Add($"app route '{route}' ({string.Join(", ", methods)}) has no function.json; add {FunctionsFolder}/<Name>/function.json with route '{route}'");
            }
            else if (!function.Methods.SetEquals(methods))
            {
                problems.Add($"app route '{route}' answers {string.Join(", ", methods)} but function {function.Name} accepts {string.Join(", ", function.Methods)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void NoFunctionPointsAtARouteTheAppDoesNotMap()
    {
        var orphans = FunctionRoutes()
            .Where(f => !AppRoutes.Value.ContainsKey(f.Key))
            .Select(f => $"function {f.Value.Name} routes '{f.Key}', which the app does not map")
            .ToList();

        Assert.True(orphans.Count == 0, string.Join(Environment.NewLine, orphans));
    }

    [Fact]
    public void NoTwoFunctionsShareARoute()
    {
        var shared = RoutedFunctions()
            .GroupBy(f => f.Route, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"'{g.Key}': {string.Join(", ", g.Select(f => f.Name))}");

        Assert.Empty(shared);
    }

    private Dictionary<string, (string Name, SortedSet<string> Methods)> FunctionRoutes()
    {
        var routes = new Dictionary<string, (string, SortedSet<string>)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, route, methods) in RoutedFunctions())
        {
            routes.TryAdd(route, (name, methods));
        }

        return routes;
    }

    // Malformed definitions are reported by EachFunctionIsOneHttpTriggerInAndOneHttpOutAsProxyingRequires.
    private IEnumerable<(string Name, string Route, SortedSet<string> Methods)> RoutedFunctions() =>
        from function in _functions
        let trigger = function.HttpTriggers.FirstOrDefault()
        where trigger?.Route is not null
        select (function.Name, RouteTable.Canonical(trigger.Route!), RouteTable.Methods(trigger.Methods));
}
