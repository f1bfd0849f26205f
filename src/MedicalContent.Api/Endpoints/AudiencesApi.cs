using MedicalContent.Api.Http;
using MedicalContent.Delivery;
using MedicalContent.Rendering;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedicalContent.Api.Endpoints;

internal static class AudiencesApi
{
    public static RouteGroupBuilder MapAudiences(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapContentGroup(ApiRoutes.Audiences, "Audiences");
        group.MapMethods("", ContentEndpoints.ReadMethods, GetAudiences)
            .WithName("ListAudiences")
            .WithSummary("The audience vocabulary and the labels of the \"Which best describes you?\" picker.")
            .Produces<AudienceListRepresentation>();
        return group;
    }

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetAudiences(ContentService content, HttpContext context) =>
        (await content.GetAudiencesAsync(context.RequestAborted)).ToResult(context);
}
