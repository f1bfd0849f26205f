using MedicalContent.Model;

namespace MedicalContent.Delivery;

internal enum CacheEntryKind
{
    Version,
    Latest,
    Audiences,
    IndexPage,
    VersionList,
    PreviewLatest,
    PreviewVersionList,
    Changes,
    Search,
    Infobutton,
}

/// <summary>Who is asking: the public, or an editor with a preview key (who may read unapproved versions).</summary>
public enum ContentScope
{
    Public,
    Preview,
}

/// <summary>
/// Identifies one cached representation: everything its bytes depend on. Version renditions are keyed by the SHA-256
/// of the version's bytes, the syndication terms of its index entry and the article's <c>datePublished</c>
/// (generation 0): they change exactly when those do. Everything derived from the index carries the generation of the
/// snapshot it was rendered from; what is also computed against the clock carries what the clock decides: the latest
/// article its <see cref="ReviewState"/>, an index page the <see cref="ReviewEpoch"/> (how many review-state
/// transitions of the published articles have passed, see <see cref="ReviewCalendar"/>). A filtered listing also
/// carries its <see cref="Filter"/>, the filter's canonical query (<see cref="IndexFilter.Query"/>, <see cref="ChangeFilter.Query"/>).
/// </summary>
internal readonly record struct CacheKey(
    CacheEntryKind Kind, string Slug, int Number, string Audience, string? Cursor, long Generation, ArticleFormat Format = ArticleFormat.Json, string? ContentSha256 = null,
    SyndicationTerms? Syndication = null, DateOnly? DatePublished = null, ReviewState? ReviewState = null, int ReviewEpoch = 0, string? Filter = null);

/// <summary>The renditions of an article: the API's JSON and schema.org JSON-LD, each at its own URL.</summary>
public enum ArticleFormat
{
    Json,
    JsonLd,
}
