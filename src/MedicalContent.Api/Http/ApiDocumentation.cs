using MedicalContent.Delivery;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace MedicalContent.Api.Http;

/// <summary>The OpenAPI 3.1 document generated from the endpoints, and a human-readable reference page over it.</summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentRoute = "/api/openapi/{documentName}.json";
    public const string DocumentUrl = "/api/openapi/v1.json";
    public const string ReferenceRoute = "/api/reference";

    private static readonly (string Name, string Description)[] RepresentationHeaders =
    [
        (HeaderNames.ETag, "Strong validator of these exact bytes; send it back in If-None-Match."),
        (HeaderNames.LastModified, "When the content last changed; If-Modified-Since is honoured when If-None-Match is absent."),
        (HeaderNames.CacheControl, "Caching policy for this kind of URL (see the README's caching table)."),
        (HeaderNames.ContentLocation, "Canonical URL of exactly this representation (explicit version and audience)."),
        (RepresentationResult.SurrogateKeyHeader, "Space-separated purge keys naming the article and version."),
        (RepresentationResult.CacheTagHeader, "The same purge keys, comma-separated."),
    ];

    private static readonly Dictionary<string, string> ProblemDescriptions = new()
    {
        ["400"] = $"Malformed input or unknown audience (problem types {Problems.InvalidParameter}, {Problems.UnknownAudience}); `allowed` lists valid audiences. Not cached.",
        ["401"] = $"Preview only: the {PreviewOptions.HeaderName} header is missing or wrong (problem type {Problems.PreviewKeyRequired}); says nothing about whether the article exists. Never cached.",
        ["404"] = $"No such article or publicly served version (problem type {Problems.NotFound}). Cached briefly by shared caches.",
        ["410"] = $"The version was retracted (problem type {Problems.Retracted}); `reason`, `retractedAt` and `latest` say why and where to go. Cached briefly.",
        ["503"] = $"The content store cannot be read and nothing is cached (problem type {Problems.Unavailable}); retry after `Retry-After` seconds.",
    };

    public static WebApplicationBuilder AddApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Medical content API",
                    Version = "v1",
                    Description = "Versioned medical explainer articles, rendered per audience, with strong ETags for browsers, partners and CDN edges. " +
                        "Every GET also answers HEAD and conditional requests (If-None-Match → 304).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeResponses);
        });
        return builder;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentRoute).WithTags("Documentation");
        app.MapScalarApiReference(ReferenceRoute, options => options
            .WithTitle("Medical content API reference")
            .DisableDefaultFonts()
            .WithOpenApiRoutePattern(DocumentRoute));
        return app;
    }

    private static Task DescribeResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RepresentationMetadata>().Any())
        {
            // ApiExplorer drops body-less responses; every representation can answer a conditional request with 304.
            operation.Responses.TryAdd("304", new OpenApiResponse());
        }

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (code is "200" or "304" && context.Description.ActionDescriptor.EndpointMetadata.OfType<RepresentationMetadata>().Any())
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                foreach (var (name, description) in RepresentationHeaders)
                {
                    concrete.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
                }

                concrete.Description = code == "200"
                    ? "The representation."
                    : "Not modified: the client's copy (If-None-Match / If-Modified-Since) is current; same validators and caching headers, no body.";
            }

            if (ProblemDescriptions.TryGetValue(code, out var problem))
            {
                concrete.Description = problem;
                if (code == "503")
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers[HeaderNames.RetryAfter] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before retrying.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    };
                }
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary>Marks endpoints that answer with a cached representation (validators, 304, caching headers).</summary>
internal sealed class RepresentationMetadata;
