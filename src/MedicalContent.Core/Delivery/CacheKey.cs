namespace MedicalContent.Delivery;

internal enum CacheEntryKind
{
    Version,
    Latest,
    Audiences,
    IndexPage,
    VersionList,
}

/// <summary>
/// Identifies one cached representation. Versions are immutable (generation 0); everything derived from the index
/// carries the generation of the snapshot it was rendered from.
/// </summary>
internal readonly record struct CacheKey(
    CacheEntryKind Kind, string Slug, int Number, string Audience, string? Cursor, long Generation, ArticleFormat Format = ArticleFormat.Json);

/// <summary>The renditions of an article: the API's JSON and schema.org JSON-LD, each at its own URL.</summary>
public enum ArticleFormat
{
    Json,
    JsonLd,
}
