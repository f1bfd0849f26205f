using System.Collections.Frozen;
using MedicalContent.Delivery;
using MedicalContent.Rendering;
using MedicalContent.Routing;
using MedicalContent.Serialization;
using MedicalContent.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedicalContent.Http;

/// <summary>
/// One handler per operation of the route table, shared by both hosts: the self-hosted app maps them as endpoints,
/// the Functions worker calls them from its triggers. Everything an answer depends on happens here (security
/// headers, the preview key, the 503 of an unreadable store), because the worker runs no ASP.NET Core middleware.
/// </summary>
public static class ContentHandlers
{
    public static Task<IResult> ListAudiences(HttpContext context) =>
        Public(context, nameof(RouteTable.ListAudiences), static (content, _, cancel) => content.GetAudiencesAsync(cancel));

    public static Task<IResult> ListArticles(HttpContext context) =>
        Public(context, nameof(RouteTable.ListArticles), static (content, request, cancel) => content.GetArticleIndexAsync(
            Query(request, QueryParameter.Audience), Query(request, QueryParameter.Limit), Query(request, QueryParameter.Cursor),
            Values(request, QueryParameter.Code), Query(request, QueryParameter.Kind), Query(request, QueryParameter.ReviewState), cancel));

    public static Task<IResult> GetLatestArticle(HttpContext context) =>
        Public(context, nameof(RouteTable.GetLatestArticle), static (content, request, cancel) => content.GetLatestAsync(
            Route(request, RouteParameter.Slug), Query(request, QueryParameter.Audience), cancel));

    public static Task<IResult> ListArticleVersions(HttpContext context) =>
        Public(context, nameof(RouteTable.ListArticleVersions), static (content, request, cancel) => content.GetVersionsAsync(Route(request, RouteParameter.Slug), cancel));

    public static Task<IResult> GetArticleVersion(HttpContext context) =>
        Public(context, nameof(RouteTable.GetArticleVersion), static (content, request, cancel) => content.GetVersionAsync(
            Route(request, RouteParameter.Slug), Route(request, RouteParameter.Version), Query(request, QueryParameter.Audience), cancel));

    public static Task<IResult> GetLatestArticleJsonLd(HttpContext context) =>
        Public(context, nameof(RouteTable.GetLatestArticleJsonLd), static (content, request, cancel) => content.GetLatestAsync(
            Route(request, RouteParameter.Slug), Query(request, QueryParameter.Audience), cancel, ArticleFormat.JsonLd));

    public static Task<IResult> GetArticleVersionJsonLd(HttpContext context) =>
        Public(context, nameof(RouteTable.GetArticleVersionJsonLd), static (content, request, cancel) => content.GetVersionAsync(
            Route(request, RouteParameter.Slug), Route(request, RouteParameter.Version), Query(request, QueryParameter.Audience), cancel, ArticleFormat.JsonLd));

    public static Task<IResult> ListChanges(HttpContext context) =>
        Public(context, nameof(RouteTable.ListChanges), static (content, request, cancel) => content.GetChangesAsync(
            Query(request, QueryParameter.Since), Query(request, QueryParameter.Limit),
            Values(request, QueryParameter.Slug), Values(request, QueryParameter.Type), cancel));

    public static Task<IResult> SearchArticles(HttpContext context) =>
        Public(context, nameof(RouteTable.SearchArticles), static (content, request, cancel) => content.SearchAsync(
            Query(request, QueryParameter.Q), Query(request, QueryParameter.Audience), Query(request, QueryParameter.Limit), Query(request, QueryParameter.Cursor), cancel));

    public static Task<IResult> Infobutton(HttpContext context) =>
        Public(context, nameof(RouteTable.Infobutton), static (content, request, cancel) => content.InfobuttonAsync(
            Query(request, QueryParameter.MainSearchCriteriaCode), Query(request, QueryParameter.MainSearchCriteriaCodeSystem),
            Query(request, QueryParameter.MainSearchCriteriaDisplayName), Query(request, QueryParameter.InformationRecipient),
            Query(request, QueryParameter.KnowledgeResponseType), cancel));

    public static Task<IResult> GetSchema(HttpContext context) =>
        Public(context, nameof(RouteTable.GetSchema), static (_, request, _) => Task.FromResult(Schemas.Find(Route(request, RouteParameter.Name))));

    public static Task<IResult> PreviewNewestArticle(HttpContext context) =>
        Preview(context, nameof(RouteTable.PreviewNewestArticle), static (content, request, cancel) => content.GetLatestAsync(
            Route(request, RouteParameter.Slug), Query(request, QueryParameter.Audience), cancel, ArticleFormat.Json, ContentScope.Preview));

    public static Task<IResult> PreviewArticleVersions(HttpContext context) =>
        Preview(context, nameof(RouteTable.PreviewArticleVersions), static (content, request, cancel) => content.GetVersionsAsync(Route(request, RouteParameter.Slug), cancel, ContentScope.Preview));

    public static Task<IResult> PreviewArticleVersion(HttpContext context) =>
        Preview(context, nameof(RouteTable.PreviewArticleVersion), static (content, request, cancel) => content.GetVersionAsync(
            Route(request, RouteParameter.Slug), Route(request, RouteParameter.Version), Query(request, QueryParameter.Audience), cancel,
            ArticleFormat.Json, ContentScope.Preview));

    /// <summary>
    /// Liveness and readiness in one: 200 while content can be served, 503 (same body) otherwise. Anyone sees the
    /// status and when the store last answered; the store, the article count and the last error need a preview key.
    /// </summary>
    public static async Task<IResult> GetHealth(HttpContext context)
    {
        SecurityHeaders.Apply(context.Response);
        var operators = context.RequestServices.GetRequiredService<PreviewKeyring>().Accepts(context.Request.Headers[PreviewOptions.HeaderName]);
        context.Response.Headers.CacheControl = operators ? HttpCachingOptions.PrivateNoStore : HttpCachingOptions.NotStored;
        var report = await context.RequestServices.GetRequiredService<ContentService>().CheckHealthAsync(context.RequestAborted).ConfigureAwait(false);
        report = operators ? report : report.Public();
        return TypedResults.Json(
            report,
            CoreJsonContext.Readable.HealthReport,
            statusCode: report.Status != HealthReport.Unhealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The content operations' handlers by operation name (documentation is each host's own).</summary>
    public static readonly FrozenDictionary<string, Func<HttpContext, Task<IResult>>> ByOperation =
        new Dictionary<string, Func<HttpContext, Task<IResult>>>
        {
            [nameof(RouteTable.ListAudiences)] = ListAudiences,
            [nameof(RouteTable.ListArticles)] = ListArticles,
            [nameof(RouteTable.GetLatestArticle)] = GetLatestArticle,
            [nameof(RouteTable.ListArticleVersions)] = ListArticleVersions,
            [nameof(RouteTable.GetArticleVersion)] = GetArticleVersion,
            [nameof(RouteTable.GetLatestArticleJsonLd)] = GetLatestArticleJsonLd,
            [nameof(RouteTable.GetArticleVersionJsonLd)] = GetArticleVersionJsonLd,
            [nameof(RouteTable.ListChanges)] = ListChanges,
            [nameof(RouteTable.GetSchema)] = GetSchema,
            [nameof(RouteTable.PreviewNewestArticle)] = PreviewNewestArticle,
            [nameof(RouteTable.PreviewArticleVersions)] = PreviewArticleVersions,
            [nameof(RouteTable.PreviewArticleVersion)] = PreviewArticleVersion,
            [nameof(RouteTable.GetHealth)] = GetHealth,
            [nameof(RouteTable.SearchArticles)] = SearchArticles,
            [nameof(RouteTable.Infobutton)] = Infobutton,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private delegate Task<Outcome> Read(ContentService content, HttpRequest request, CancellationToken cancellationToken);

    private static Task<IResult> Public(HttpContext context, string operation, Read read) => Answer(context, operation, OperationAccess.Public, read);

    private static Task<IResult> Preview(HttpContext context, string operation, Read read) => Answer(context, operation, OperationAccess.Preview, read);

    private static async Task<IResult> Answer(HttpContext context, string operation, OperationAccess access, Read read)
    {
        SecurityHeaders.Apply(context.Response);
        if (BrowserAccess.IsPreflight(context.Request))
        {
            return BrowserAccess.Preflight(context, access);
        }

        BrowserAccess.Apply(context, access);

        // The preview key is checked before anything else is read (a preflight carries no key), so a 401 says nothing
        // about the article.
        var isPrivate = access == OperationAccess.Preview;
        if (isPrivate && PreviewAccess.Challenge(context) is { } challenge)
        {
            return challenge;
        }

        if (QueryNames.Check(context.Request.QueryString.Value, RouteTable.Operation(operation).Query) is { } misspelled)
        {
            return misspelled.ToResult(context, isPrivate);
        }

        var content = context.RequestServices.GetRequiredService<ContentService>();
        return (await read(content, context.Request, context.RequestAborted).ConfigureAwait(false)).ToResult(context, isPrivate);
    }

    private static string Route(HttpRequest request, string name) => request.RouteValues[name] as string ?? "";

    private static string? Query(HttpRequest request, string name) => request.Query[name];

    /// <summary>Every value of a parameter that may be repeated (<see cref="QueryParameter.Repeatable"/>), null when absent.</summary>
    private static string[]? Values(HttpRequest request, string name) => request.Query[name] is { Count: > 0 } values ? [.. values.Select(v => v ?? "")] : null;

    /// <summary>The JSON Schemas of the content model, served so editors' tools and frontends can generate types.</summary>
    private static class Schemas
    {
        private static readonly FrozenDictionary<string, Representation> ByName = JsonSchema.Names
            .ToFrozenDictionary(name => name, name => new Representation(
                JsonSchema.ReadEmbeddedBytes(name),
                JsonSchema.EmbeddedAt,
                CacheKind.Mutable,
                ["schemas"],
                RouteTable.SchemaUrl(name),
                $"{RouteTable.SchemaContentType}; charset=utf-8"));

        public static Outcome Find(string name) => ByName.TryGetValue(name, out var schema)
            ? new Found(schema)
            : new Missing($"There is no schema '{QueryParser.Truncate(name)}'; there are {string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal))}.");
    }
}
