using MedicalContent.Api.Http;
using MedicalContent.Storage;

namespace MedicalContent.Api.Endpoints;

internal static class ContentEndpoints
{
    public static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>The conventions every public content route shares: GET and HEAD, problem+json, 503 when the store is down.</summary>
    public static RouteGroupBuilder MapContentGroup(this IEndpointRouteBuilder endpoints, string prefix, string tag)
    {
        var group = endpoints.MapGroup(prefix).WithTags(tag).WithBrowserAccess();
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (StoreUnavailableException e)
            {
                return Problems.ServiceUnavailable(context.HttpContext, e.Message);
            }
        });
        group.ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }
}
