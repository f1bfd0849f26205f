using System.Globalization;
using MedicalContent.Rendering;
using MedicalContent.Validation;

namespace MedicalContent.Routing;

/// <summary>The query parameters operations read: exact names (lowercase, or camelCase like the JSON fields they filter on).</summary>
public static class QueryParameter
{
    public const string Audience = "audience";
    public const string Limit = "limit";
    public const string Cursor = "cursor";
    public const string Since = "since";
    public const string Code = "code";
    public const string Kind = "kind";
    public const string ReviewState = "reviewState";
    public const string Slug = "slug";
    public const string Type = "type";

    /// <summary>
    /// The parameters a request may give more than once (each value widens the filter); every other parameter may
    /// appear only once. Answers do not depend on the order of the values (see <see cref="Delivery.IndexFilter"/>).
    /// </summary>
    public static readonly IReadOnlySet<string> Repeatable = new HashSet<string>(StringComparer.Ordinal) { Code, Slug, Type };

    /// <summary>Search: the words to search for.</summary>
    public const string Q = "q";

    // HL7 Infobutton URL-based parameters, spelled as the implementation guide and MedlinePlus Connect spell them.
    public const string MainSearchCriteriaCode = "mainSearchCriteria.v.c";
    public const string MainSearchCriteriaCodeSystem = "mainSearchCriteria.v.cs";
    public const string MainSearchCriteriaDisplayName = "mainSearchCriteria.v.dn";
    public const string InformationRecipient = "informationRecipient";
    public const string KnowledgeResponseType = "knowledgeResponseType";
}

/// <summary>The parameters route templates capture.</summary>
public static class RouteParameter
{
    public const string Slug = "slug";
    public const string Version = "version";
    public const string Name = "name";
    public const string Asset = "asset";
}

/// <summary>Who may call an operation, which decides the conventions its handler applies.</summary>
public enum OperationAccess
{
    /// <summary>Anyone; answers are cacheable by browsers and CDN edges.</summary>
    Public,

    /// <summary>Editors holding a preview key; answers are never stored by any cache.</summary>
    Preview,

    /// <summary>Probes and documentation: answered outside the content conventions.</summary>
    Service,
}

/// <summary>One operation of the API: its name, route template, the query parameters it reads and what it answers.</summary>
/// <param name="Name">Operation name: the OpenAPI operationId, the endpoint name and the function name.</param>
/// <param name="Route">Route template without a leading slash (the Functions host's route prefix is empty).</param>
/// <param name="Query">The exact, lowercase query parameters the operation reads: with the path, the cache key.</param>
/// <param name="Body">The 200 body's type, for documentation; null for answers that are not content JSON.</param>
/// <param name="Problems">The problem statuses the operation can answer besides 503.</param>
public sealed record ApiOperation(
    string Name,
    string Route,
    string Tag,
    string Summary,
    OperationAccess Access,
    IReadOnlyList<string> Query,
    Type? Body,
    string ContentType,
    IReadOnlyList<int> Problems)
{
    /// <summary>The template as a path (leading slash), as ASP.NET Core maps it.</summary>
    public string Pattern => "/" + Route;

    /// <summary>Every operation answers GET and HEAD; content operations also answer browsers' CORS preflight.</summary>
    public IReadOnlyList<string> Methods => Access == OperationAccess.Service ? RouteTable.ReadMethods : RouteTable.ContentMethods;
}

/// <summary>
/// The API's URL space, spelled once. Every host (the self-hosted app, the Functions worker), the OpenAPI document,
/// the CDN's cache key and the links inside representations derive from this table. Templates are constants
/// because function triggers take their route in an attribute; each template's field name is its operation name.
/// </summary>
public static class RouteTable
{
    public const string Version = "v1";

    /// <summary>The methods of probes and documentation.</summary>
    public static readonly IReadOnlyList<string> ReadMethods = ["GET", "HEAD"];

    /// <summary>The methods of content operations: reads, and the CORS preflight browsers send before them.</summary>
    public static readonly IReadOnlyList<string> ContentMethods = ["GET", "HEAD", "OPTIONS"];

    private const string Api = "api/" + Version;
    private const string Preview = Api + "/preview";

    public const string ListAudiences = Api + "/audiences";
    public const string ListArticles = Api + "/articles";
    public const string GetLatestArticle = ListArticles + "/{" + RouteParameter.Slug + "}";
    public const string ListArticleVersions = GetLatestArticle + "/versions";
    public const string GetArticleVersion = ListArticleVersions + "/{" + RouteParameter.Version + "}";
    public const string GetLatestArticleJsonLd = GetLatestArticle + "/jsonld";
    public const string GetArticleVersionJsonLd = GetArticleVersion + "/jsonld";
    public const string ListChanges = Api + "/changes";
    public const string SearchArticles = Api + "/search";
    public const string Infobutton = Api + "/infobutton";
    public const string GetSchema = Api + "/schemas/{" + RouteParameter.Name + "}";
    public const string PreviewNewestArticle = Preview + "/articles/{" + RouteParameter.Slug + "}";
    public const string PreviewArticleVersions = PreviewNewestArticle + "/versions";
    public const string PreviewArticleVersion = PreviewArticleVersions + "/{" + RouteParameter.Version + "}";
    public const string GetHealth = "api/health";
    public const string GetOpenApiDocument = "api/openapi/" + Version + ".json";

    /// <summary>The reference page and its assets (the page itself when <c>asset</c> is absent).</summary>
    public const string GetApiReference = ApiReference + "/{" + RouteParameter.Asset + "?}";

    /// <summary>Where the reference page lives; its assets are served beneath.</summary>
    public const string ApiReference = "api/reference";

    public const string JsonContentType = "application/json";
    public const string JsonLdContentType = "application/ld+json";
    public const string SchemaContentType = "application/schema+json";

    private static readonly int[] BadRequestOrMissing = [400, 404];
    private static readonly int[] BadRequestMissingOrGone = [400, 404, 410];

    public static readonly IReadOnlyList<ApiOperation> Operations =
    [
        new(nameof(ListAudiences), ListAudiences, "Audiences",
            "The audience vocabulary: the prompt, hint and labels of the \"Which best describes you?\" picker, by audience id. " +
            "Article representations carry only the ids and links; frontends take the wording from here (it may change at any time).",
            OperationAccess.Public, [], typeof(AudienceListRepresentation), JsonContentType, []),
        new(nameof(ListArticles), ListArticles, "Articles",
            "The article index: one page, in slug order, in the audience's words (title, summary, reading time), with what each article is about " +
            "and where it stands in its review cycle; filtered by `code` (any of several), `kind` and `reviewState`.",
            OperationAccess.Public,
            [QueryParameter.Audience, QueryParameter.Limit, QueryParameter.Cursor, QueryParameter.Code, QueryParameter.Kind, QueryParameter.ReviewState], typeof(ArticleIndexRepresentation), JsonContentType, BadRequestOrMissing),
        new(nameof(GetLatestArticle), GetLatestArticle, "Articles",
            "The latest publicly served version of an article, rendered for the audience: the exact bytes (and ETag) of that version's URL.",
            OperationAccess.Public, [QueryParameter.Audience], typeof(ArticleRepresentation), JsonContentType, BadRequestOrMissing),
        new(nameof(ListArticleVersions), ListArticleVersions, "Articles",
            "The public version history of an article, newest first, retractions included.",
            OperationAccess.Public, [], typeof(VersionListRepresentation), JsonContentType, BadRequestOrMissing),
        new(nameof(GetArticleVersion), GetArticleVersion, "Articles",
            "One exact version of an article, rendered for the audience. Immutable: the bytes depend only on the published version " +
            "(its document and the attribution it was published under), never on configuration or audience labels.",
            OperationAccess.Public, [QueryParameter.Audience], typeof(ArticleRepresentation), JsonContentType, BadRequestMissingOrGone),
        new(nameof(GetLatestArticleJsonLd), GetLatestArticleJsonLd, "Articles",
            "The latest version as a schema.org MedicalWebPage (JSON-LD).",
            OperationAccess.Public, [QueryParameter.Audience], typeof(MedicalWebPage), JsonLdContentType, BadRequestOrMissing),
        new(nameof(GetArticleVersionJsonLd), GetArticleVersionJsonLd, "Articles",
            "One exact version as a schema.org MedicalWebPage (JSON-LD).",
            OperationAccess.Public, [QueryParameter.Audience], typeof(MedicalWebPage), JsonLdContentType, BadRequestMissingOrGone),
        new(nameof(ListChanges), ListChanges, "Changes",
            "Changes after the `since` cursor, oldest first, optionally only of some articles (`slug`) and types (`type`); an empty page still returns the cursor to poll with.",
            OperationAccess.Public, [QueryParameter.Since, QueryParameter.Limit, QueryParameter.Slug, QueryParameter.Type], typeof(ChangeFeedPage), JsonContentType, [400]),
        new(nameof(SearchArticles), SearchArticles, "Search",
            "Articles matching every word of `q` in the audience's title, summary, subject name, synonyms and code displays, best first " +
            "(title 4, name, synonyms and code displays 2, summary 1 per word, doubled for a whole word; ties by slug), cursor-paginated.",
            OperationAccess.Public, [QueryParameter.Q, QueryParameter.Audience, QueryParameter.Limit, QueryParameter.Cursor], typeof(SearchResultsRepresentation), JsonContentType, [400]),
        new(nameof(Infobutton), Infobutton, "Search",
            "HL7 Infobutton (URL-based) knowledge request, as MedlinePlus Connect accepts it: the articles whose subject carries the code, " +
            "for the patient (PAT) or clinician (PROV), as a JSON feed shaped like MedlinePlus Connect's. No match is an empty feed.",
            OperationAccess.Public,
            [
                QueryParameter.MainSearchCriteriaCode, QueryParameter.MainSearchCriteriaCodeSystem, QueryParameter.MainSearchCriteriaDisplayName,
                QueryParameter.InformationRecipient, QueryParameter.KnowledgeResponseType,
            ],
            typeof(InfobuttonResponse), JsonContentType, [400]),
        new(nameof(GetSchema), GetSchema, "Schemas",
            "A JSON Schema (draft 2020-12) of the content model: " + string.Join(", ", JsonSchema.Names) + ".",
            OperationAccess.Public, [], typeof(string), SchemaContentType, [404]),
        new(nameof(PreviewNewestArticle), PreviewNewestArticle, "Preview",
            "The newest version of an article whatever its review status (not retracted), for editors.",
            OperationAccess.Preview, [QueryParameter.Audience], typeof(ArticleRepresentation), JsonContentType, [400, 401, 404]),
        new(nameof(PreviewArticleVersions), PreviewArticleVersions, "Preview",
            "Every version of an article with its review status, for editors.",
            OperationAccess.Preview, [], typeof(VersionListRepresentation), JsonContentType, [400, 401, 404]),
        new(nameof(PreviewArticleVersion), PreviewArticleVersion, "Preview",
            "One exact version whatever its review status, for editors.",
            OperationAccess.Preview, [QueryParameter.Audience], typeof(ArticleRepresentation), JsonContentType, [400, 401, 404, 410]),
        new(nameof(GetHealth), GetHealth, "Health",
            "Liveness and readiness: 200 while content can be served (status healthy, or degraded when answering from memory because the store is failing), 503 (same body) otherwise.",
            OperationAccess.Service, [], typeof(HealthReport), JsonContentType, []),
        new(nameof(GetOpenApiDocument), GetOpenApiDocument, "Documentation",
            "This OpenAPI 3.1 document.",
            OperationAccess.Service, [], null, JsonContentType, []),
        new(nameof(GetApiReference), GetApiReference, "Documentation",
            "A human-readable reference page over the OpenAPI document.",
            OperationAccess.Service, [], null, "text/html", []),
    ];

    private static readonly Dictionary<string, ApiOperation> ByName = Operations.ToDictionary(o => o.Name, StringComparer.Ordinal);

    public static ApiOperation Operation(string name) =>
        ByName.TryGetValue(name, out var operation) ? operation : throw new ArgumentException($"There is no operation '{name}'.", nameof(name));

    /// <summary>
    /// Every query parameter any operation reads, in order: what CDN edges must key their caches on
    /// (all other query parameters are ignored by the API, so edges may ignore them too).
    /// </summary>
    public static IReadOnlyList<string> CacheKeyQueryParameters { get; } =
        Operations.SelectMany(o => o.Query).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    // Links that representations carry, expanded from the templates above.

    public static string LatestUrl(string slug) => Expand(GetLatestArticle, slug);

    public static string LatestUrl(string slug, string audience) => WithAudience(LatestUrl(slug), audience);

    public static string VersionsUrl(string slug) => Expand(ListArticleVersions, slug);

    public static string VersionUrl(string slug, int version) => Expand(GetArticleVersion, slug, version);

    public static string VersionUrl(string slug, int version, string audience) => WithAudience(VersionUrl(slug, version), audience);

    public static string PreviewVersionUrl(string slug, int version) => Expand(PreviewArticleVersion, slug, version);

    public static string LatestJsonLdUrl(string slug) => Expand(GetLatestArticleJsonLd, slug);

    public static string LatestJsonLdUrl(string slug, string audience) => WithAudience(LatestJsonLdUrl(slug), audience);

    public static string VersionJsonLdUrl(string slug, int version) => Expand(GetArticleVersionJsonLd, slug, version);

    public static string VersionJsonLdUrl(string slug, int version, string audience) => WithAudience(VersionJsonLdUrl(slug, version), audience);

    public static string IndexUrl => "/" + ListArticles;

    public static string AudiencesUrl => "/" + ListAudiences;

    public static string ChangesUrl => "/" + ListChanges;

    public static string SearchUrl => "/" + SearchArticles;

    public static string InfobuttonUrl => "/" + Infobutton;

    public static string SchemaUrl(string name) => Expand(GetSchema, name: name);

    private static string WithAudience(string url, string audience) => $"{url}?{QueryParameter.Audience}={audience}";

    private static string Expand(string template, string? slug = null, int? version = null, string? name = null)
    {
        var path = "/" + template;
        if (slug is not null)
        {
            path = path.Replace("{" + RouteParameter.Slug + "}", slug, StringComparison.Ordinal);
        }

        if (version is { } number)
        {
            path = path.Replace("{" + RouteParameter.Version + "}", number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        if (name is not null)
        {
            path = path.Replace("{" + RouteParameter.Name + "}", name, StringComparison.Ordinal);
        }

        return path;
    }
}
