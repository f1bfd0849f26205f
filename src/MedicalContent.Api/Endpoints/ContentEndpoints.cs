using MedicalContent.Http;
using MedicalContent.Rendering;
using MedicalContent.Routing;
using Microsoft.AspNetCore.Mvc;

namespace MedicalContent.Api.Endpoints;

/// <summary>Maps the route table's content operations to the shared handlers, with what OpenAPI should say of them.</summary>
internal static class ContentEndpoints
{
    private const string ProblemContentType = "application/problem+json";

    public static IEndpointRouteBuilder MapContent(this IEndpointRouteBuilder endpoints)
    {
        foreach (var operation in RouteTable.Operations.Where(o => ContentHandlers.ByOperation.ContainsKey(o.Name)))
        {
            var handler = ContentHandlers.ByOperation[operation.Name];
            // A typed handler (not a RequestDelegate) so the endpoint appears in the OpenAPI document.
            var reads = operation.Methods.Where(m => !HttpMethods.IsOptions(m)).ToArray();
            var endpoint = endpoints.MapMethods(operation.Pattern, reads, Task<IResult> (HttpContext context) => handler(context))
                .WithName(operation.Name)
                .WithTags(operation.Tag)
                .WithSummary(operation.Summary)
                .WithMetadata(operation);
            if (reads.Length < operation.Methods.Count)
            {
                // Browsers' CORS preflight: answered by the same handler, left out of the API description.
                endpoints.MapMethods(operation.Pattern, [HttpMethods.Options], Task<IResult> (HttpContext context) => handler(context))
                    .ExcludeFromDescription();
            }

            endpoint.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, operation.Body, [operation.ContentType]));
            if (operation.Name == nameof(RouteTable.GetHealth))
            {
                endpoint.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(HealthReport), [operation.ContentType]));
                continue;
            }

            foreach (var status in operation.Problems.Append(StatusCodes.Status503ServiceUnavailable))
            {
                endpoint.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemContentType]));
            }
        }

        return endpoints;
    }
}
