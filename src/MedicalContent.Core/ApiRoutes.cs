using System.Globalization;

namespace MedicalContent;

/// <summary>The public URL space: route templates for the endpoints and the links representations carry.</summary>
public static class ApiRoutes
{
    public const string Prefix = "/api/v1";
    public const string Audiences = Prefix + "/audiences";
    public const string Articles = Prefix + "/articles";
    public const string Article = Articles + "/{slug}";
    public const string ArticleVersions = Article + "/versions";
    public const string ArticleVersion = ArticleVersions + "/{version}";
    public const string ArticleJsonLd = Article + "/jsonld";
    public const string ArticleVersionJsonLd = ArticleVersion + "/jsonld";
    public const string Schemas = Prefix + "/schemas";
    public const string Changes = Prefix + "/changes";
    public const string Preview = Prefix + "/preview";
    public const string PreviewArticles = Preview + "/articles";
    public const string Health = "/api/health";

    /// <summary>The query parameters that select a representation; CDNs key their caches on exactly these.</summary>
    public static readonly IReadOnlyList<string> QueryParameters = ["audience", "cursor", "limit", "since"];

    public static string LatestUrl(string slug, string audience) => $"{Articles}/{slug}?audience={audience}";

    public static string LatestUrl(string slug) => $"{Articles}/{slug}";

    public static string VersionsUrl(string slug) => $"{Articles}/{slug}/versions";

    public static string VersionUrl(string slug, int version) =>
        $"{Articles}/{slug}/versions/{version.ToString(CultureInfo.InvariantCulture)}";

    public static string VersionUrl(string slug, int version, string audience) => $"{VersionUrl(slug, version)}?audience={audience}";

    public static string PreviewVersionUrl(string slug, int version) =>
        $"{PreviewArticles}/{slug}/versions/{version.ToString(CultureInfo.InvariantCulture)}";

    public static string LatestJsonLdUrl(string slug, string audience) => $"{Articles}/{slug}/jsonld?audience={audience}";

    public static string VersionJsonLdUrl(string slug, int version, string audience) => $"{VersionUrl(slug, version)}/jsonld?audience={audience}";
}
