using MedicalContent.Api.Http;
using MedicalContent.Delivery;
using MedicalContent.Rendering;
using MedicalContent.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedicalContent.Api.Endpoints;

internal static class HealthApi
{
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(ApiRoutes.Health, ContentEndpoints.ReadMethods, GetHealth)
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Liveness and readiness: 200 while content can be served (status healthy, or degraded when answering from memory because the store is failing), 503 (same body) otherwise.")
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);

    /// <summary>Liveness and readiness in one: 200 while the store can be read, 503 otherwise.</summary>
    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealth(ContentService content, HttpContext context)
    {
        context.Response.Headers.CacheControl = HttpCachingOptions.NotStored;
        var report = await content.CheckHealthAsync(context.RequestAborted);
        return report.Status != HealthReport.Unhealthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, CoreJsonContext.Default.HealthReport, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
