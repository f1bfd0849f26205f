using MedicalContent.Api.Http;
using MedicalContent.Delivery;
using MedicalContent.Rendering;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedicalContent.Api.Endpoints;

/// <summary>
/// Editors read submitted and under-review versions before approval. Same representations as the public API,
/// behind a preview key, never cacheable by anyone.
/// </summary>
internal static class PreviewApi
{
    public static RouteGroupBuilder MapPreview(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapContentGroup(ApiRoutes.PreviewArticles, "Preview").RequirePreviewKey();
        group.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapMethods("/{slug}", ContentEndpoints.ReadMethods, GetNewest)
            .WithName("PreviewNewestArticle")
            .WithSummary("The newest version of an article whatever its review status (not retracted), for editors.")
            .Produces<ArticleRepresentation>();
        group.MapMethods("/{slug}/versions", ContentEndpoints.ReadMethods, GetVersions)
            .WithName("PreviewArticleVersions")
            .WithSummary("Every version of an article with its review status, for editors.")
            .Produces<VersionListRepresentation>();
        group.MapMethods("/{slug}/versions/{version}", ContentEndpoints.ReadMethods, GetVersion)
            .WithName("PreviewArticleVersion")
            .WithSummary("One exact version whatever its review status, for editors.")
            .Produces<ArticleRepresentation>()
            .ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetNewest(
        string slug, string? audience, ContentService content, HttpContext context) =>
        (await content.GetLatestAsync(slug, audience, context.RequestAborted, ArticleFormat.Json, ContentScope.Preview)).ToResult(context);

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetVersions(
        string slug, ContentService content, HttpContext context) =>
        (await content.GetVersionsAsync(slug, context.RequestAborted, ContentScope.Preview)).ToResult(context);

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetVersion(
        string slug, string version, string? audience, ContentService content, HttpContext context) =>
        (await content.GetVersionAsync(slug, version, audience, context.RequestAborted, ArticleFormat.Json, ContentScope.Preview)).ToResult(context);
}
