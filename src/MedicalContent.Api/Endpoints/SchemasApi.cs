using System.Collections.Frozen;
using MedicalContent.Api.Http;
using MedicalContent.Delivery;
using MedicalContent.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedicalContent.Api.Endpoints;

/// <summary>The JSON Schemas of the content model, served so editors' tools and frontends can generate types.</summary>
internal static class SchemasApi
{
    public const string ContentType = "application/schema+json";

    private static readonly FrozenDictionary<string, Representation> Schemas = new[] { "article.schema.json", "audiences.schema.json" }
        .ToFrozenDictionary(name => name, name => new Representation(
            JsonSchema.ReadEmbeddedBytes(name),
            JsonSchema.EmbeddedAt,
            CacheKind.Mutable,
            ["schemas"],
            $"{ApiRoutes.Schemas}/{name}",
            $"{ContentType}; charset=utf-8"));

    public static RouteGroupBuilder MapSchemas(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapContentGroup(ApiRoutes.Schemas, "Schemas");
        group.MapMethods("/{name}", ContentEndpoints.ReadMethods, GetSchema)
            .WithName("GetSchema")
            .WithSummary("A JSON Schema (draft 2020-12) of the content model: article.schema.json or audiences.schema.json.")
            .Produces<string>(contentType: ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static Results<RepresentationResult, ProblemHttpResult> GetSchema(string name, HttpContext context) =>
        (Schemas.TryGetValue(name, out var schema)
            ? new Found(schema)
            : (Outcome)new Missing($"There is no schema '{ContentService.Truncate(name)}'; there are {string.Join(", ", Schemas.Keys.Order(StringComparer.Ordinal))}."))
        .ToResult(context);
}
