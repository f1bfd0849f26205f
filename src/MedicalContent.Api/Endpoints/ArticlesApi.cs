using MedicalContent.Api.Http;
using MedicalContent.Delivery;
using MedicalContent.Rendering;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedicalContent.Api.Endpoints;

internal static class ArticlesApi
{
    public static RouteGroupBuilder MapArticles(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapContentGroup(ApiRoutes.Articles, "Articles");
        group.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        group.MapMethods("", ContentEndpoints.ReadMethods, GetIndex)
            .WithName("ListArticles")
            .WithSummary("The article index: one page, in slug order, titles in the audience's language.")
            .Produces<ArticleIndexRepresentation>();
        group.MapMethods("/{slug}", ContentEndpoints.ReadMethods, GetLatest)
            .WithName("GetLatestArticle")
            .WithSummary("The latest publicly served version of an article, rendered for the audience.")
            .Produces<ArticleRepresentation>();
        group.MapMethods("/{slug}/versions", ContentEndpoints.ReadMethods, GetVersions)
            .WithName("ListArticleVersions")
            .WithSummary("The public version history of an article, newest first, retractions included.")
            .Produces<VersionListRepresentation>();
        group.MapMethods("/{slug}/versions/{version}", ContentEndpoints.ReadMethods, GetVersion)
            .WithName("GetArticleVersion")
            .WithSummary("One exact version of an article, rendered for the audience (immutable).")
            .Produces<ArticleRepresentation>()
            .ProducesProblem(StatusCodes.Status410Gone);
        group.MapMethods("/{slug}/jsonld", ContentEndpoints.ReadMethods, GetLatestJsonLd)
            .WithName("GetLatestArticleJsonLd")
            .WithSummary("The latest version as a schema.org MedicalWebPage (JSON-LD).")
            .Produces<MedicalWebPage>(contentType: "application/ld+json");
        group.MapMethods("/{slug}/versions/{version}/jsonld", ContentEndpoints.ReadMethods, GetVersionJsonLd)
            .WithName("GetArticleVersionJsonLd")
            .WithSummary("One exact version as a schema.org MedicalWebPage (JSON-LD).")
            .Produces<MedicalWebPage>(contentType: "application/ld+json")
            .ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetIndex(
        string? audience, string? limit, string? cursor, ContentService content, HttpContext context) =>
        (await content.GetArticleIndexAsync(audience, limit, cursor, context.RequestAborted)).ToResult(context);

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetLatest(
        string slug, string? audience, ContentService content, HttpContext context) =>
        (await content.GetLatestAsync(slug, audience, context.RequestAborted)).ToResult(context);

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetVersions(
        string slug, ContentService content, HttpContext context) =>
        (await content.GetVersionsAsync(slug, context.RequestAborted)).ToResult(context);

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetVersion(
        string slug, string version, string? audience, ContentService content, HttpContext context) =>
        (await content.GetVersionAsync(slug, version, audience, context.RequestAborted)).ToResult(context);

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetLatestJsonLd(
        string slug, string? audience, ContentService content, HttpContext context) =>
        (await content.GetLatestAsync(slug, audience, context.RequestAborted, ArticleFormat.JsonLd)).ToResult(context);

    public static async Task<Results<RepresentationResult, ProblemHttpResult>> GetVersionJsonLd(
        string slug, string version, string? audience, ContentService content, HttpContext context) =>
        (await content.GetVersionAsync(slug, version, audience, context.RequestAborted, ArticleFormat.JsonLd)).ToResult(context);
}
