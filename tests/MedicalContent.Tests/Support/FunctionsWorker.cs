using System.Reflection;
using System.Text.Json;
using MedicalContent.Functions;
using MedicalContent.Http;
using MedicalContent.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Primitives;

namespace MedicalContent.Tests.Support;

/// <summary>One function as the build describes it in functions.metadata.</summary>
public sealed record FunctionMetadata(string Name, string Route, IReadOnlyList<string> Methods, string AuthLevel, string EntryPoint)
{
    /// <summary>The functions.metadata the build wrote beside the worker (same configuration as these tests).</summary>
    public static string BuildOutputPath { get; } = Path.Combine(
        RepoPaths.Root, "src", "MedicalContent.Functions", "bin",
        typeof(FunctionMetadata).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration,
        "net10.0", "functions.metadata");

    public static IReadOnlyList<FunctionMetadata> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            return new FunctionMetadata(
                function.GetProperty("name").GetString()!,
                trigger.GetProperty("route").GetString()!,
                trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToList(),
                trigger.GetProperty("authLevel").GetString()!,
                function.GetProperty("entryPoint").GetString()!);
        }).ToList();
    }
}

/// <summary>What a host answered: status, headers (names lowercase) and body.</summary>
public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public static async Task<Answer> FromAsync(HttpResponseMessage response) => new(
        (int)response.StatusCode,
        // Raw values: HttpClient's parsed headers re-order Cache-Control directives.
        response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value), StringComparer.Ordinal),
        await response.Content.ReadAsByteArrayAsync());
}

/// <summary>
/// The Functions worker without the Functions host (which cannot be installed here): the worker's own registration
/// (<see cref="WorkerSetup"/>), and each function that functions.metadata lists, found by its entry point, routed by
/// its route and invoked in-process with a real <see cref="HttpContext"/>; its result executes as the worker's ASP.NET
/// Core integration executes it.
/// </summary>
public sealed class FunctionsWorker : IDisposable
{
    private readonly IHost _host;
    private readonly IReadOnlyList<(FunctionMetadata Metadata, TemplateMatcher Matcher, MethodInfo Method)> _functions;

    /// <param name="services">Registers more services after the worker's own (e.g. a test's telemetry exporter).</param>
    public FunctionsWorker(IReadOnlyDictionary<string, string?> settings, Func<IServiceProvider, IContentStore>? store = null, Action<IServiceCollection>? services = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddMedicalContentWorker();
        if (store is not null)
        {
            builder.Services.AddSingleton(store);
        }

        services?.Invoke(builder.Services);

        _host = builder.Build();
        var assembly = typeof(WorkerSetup).Assembly;
        _functions = FunctionMetadata.Read(FunctionMetadata.BuildOutputPath).Select(function =>
        {
            var at = function.EntryPoint.LastIndexOf('.');
            var method = assembly.GetType(function.EntryPoint[..at], throwOnError: true)!.GetMethod(function.EntryPoint[(at + 1)..])!;
            Assert.Equal(function.Name, method.GetCustomAttribute<FunctionAttribute>()!.Name);
            return (function, new TemplateMatcher(TemplateParser.Parse(function.Route), new RouteValueDictionary()), method);
        }).ToList();
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>Loads the content as the worker's Program does before it reports to the host.</summary>
    public Task LoadContentAsync() => _host.Services.LoadContentAsync(CancellationToken.None);

    public async Task<Answer> SendAsync(string method, string pathAndQuery, IReadOnlyDictionary<string, string>? headers = null)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var request = context.Request;
        var queryAt = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Method = method;
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        request.Path = queryAt < 0 ? pathAndQuery : pathAndQuery[..queryAt];
        request.QueryString = queryAt < 0 ? QueryString.Empty : new QueryString(pathAndQuery[queryAt..]);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        var matches = _functions.Where(f => f.Metadata.Methods.Contains(method) && f.Matcher.TryMatch(request.Path, new RouteValueDictionary())).ToList();
        if (matches.Count != 1)
        {
            throw new InvalidOperationException($"{matches.Count} functions in functions.metadata answer {method} {pathAndQuery}.");
        }

        var (_, matcher, function) = matches[0];
        var values = new RouteValueDictionary();
        matcher.TryMatch(request.Path, values);
        request.RouteValues = values;
        var instance = function.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.DeclaringType!);
        var result = await (Task<IResult>)function.Invoke(instance, [request])!;
        await result.ExecuteAsync(context);

        var response = context.Response;
        var answerHeaders = response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", (IEnumerable<string?>)h.Value), StringComparer.Ordinal);
        return new Answer(response.StatusCode, answerHeaders, body.ToArray());
    }

    public void Dispose() => _host.Dispose();
}
