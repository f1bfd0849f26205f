using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Validation;

/// <summary>
/// The schema files as an independent, complete draft 2020-12 implementation (JsonSchema.Net) reads them, unchanged.
/// Each file is built once: building registers the schema's $id, which may only be registered once per process.
/// </summary>
public static class IndependentSchema
{
    private static readonly ConcurrentDictionary<string, Lazy<Json.Schema.JsonSchema>> Built = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    public static Json.Schema.JsonSchema For(string file) => Built.GetOrAdd(
        file,
        name => new Lazy<Json.Schema.JsonSchema>(() => Json.Schema.JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Schemas, name))))).Value;

    public static bool IsValid(string file, JsonElement instance) => For(file).Evaluate(instance).IsValid;

    /// <summary>Every error the independent implementation reports, as "instance location: message" lines.</summary>
    public static IReadOnlyList<string> Errors(string file, JsonElement instance)
    {
        var results = For(file).Evaluate(instance, ListOutput);
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
    }
}
