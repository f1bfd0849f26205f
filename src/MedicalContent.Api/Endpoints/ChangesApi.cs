using MedicalContent.Api.Http;
using MedicalContent.Delivery;
using MedicalContent.Rendering;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedicalContent.Api.Endpoints;

/// <summary>The change feed partners poll to stay in sync: publishes, moves of "latest", retractions, in order.</summary>
internal static class ChangesApi
{
    public static RouteGroupBuilder MapChanges(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapContentGroup(ApiRoutes.Changes, "Changes");
        group.MapMethods("", ContentEndpoints.ReadMethods, GetChanges)
            .WithName("ListChanges")
            .WithSummary("Changes after the `since` cursor, oldest first; an empty page still returns the cursor to poll with.")
            .Produces<ChangeFeedPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetChanges(
        string? since, string? limit, ContentService content, HttpContext context) =>
        (await content.GetChangesAsync(since, limit, context.RequestAborted)).ToResult(context);
}
