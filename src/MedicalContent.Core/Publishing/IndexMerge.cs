using System.Text.Json;
using MedicalContent.Model;
using MedicalContent.Serialization;
using MedicalContent.Storage;
using MedicalContent.Validation;

namespace MedicalContent.Publishing;

/// <summary>
/// Merges a folder into the published index: versions already published (including ones no longer in the folder)
/// keep their entry, retraction and syndication terms; the folder adds its new versions, each stamped with the
/// folder's syndication terms, and replaces the audience vocabulary.
/// </summary>
internal static class IndexMerge
{
    /// <param name="now">When new versions are published: their <see cref="VersionEntry.PublishedAt"/>.</param>
    /// <param name="syndication">The terms new versions are published under: their <see cref="VersionEntry.Syndication"/>.</param>
    public static ContentIndex Merge(
        ContentIndex? current, AudienceVocabulary vocabulary, SyndicationTerms syndication, IEnumerable<LoadedVersion> versions, DateTimeOffset now)
    {
        var sequence = current?.LastSequence() ?? 0;
        var articles = new SortedDictionary<string, SortedDictionary<int, VersionEntry>>(StringComparer.Ordinal);
        foreach (var article in current?.Articles ?? [])
        {
            articles[article.Slug] = new(article.Versions.ToDictionary(v => v.Number));
        }

        foreach (var version in versions.OrderBy(v => v.Document.Slug, StringComparer.Ordinal).ThenBy(v => v.Document.Version))
        {
            var document = version.Document;
            if (!articles.TryGetValue(document.Slug, out var entries))
            {
                articles[document.Slug] = entries = [];
            }

            if (entries.TryGetValue(document.Version, out var published))
            {
                if (published.Sha256 != version.Sha256)
                {
                    throw new VersionConflictException(Conflict(version, NextVersion(entries.Keys, document.Version)));
                }

                continue;
            }

            entries[document.Version] = VersionEntry.For(document, version.Sha256) with { Sequence = ++sequence, PublishedAt = now, Syndication = syndication };
        }

        return new ContentIndex
        {
            Audiences = vocabulary,
            Articles = articles.Select(a => new ArticleEntry { Slug = a.Key, Versions = a.Value.Values.ToList() }).ToList(),
        };
    }

    public static bool Same(ContentIndex a, ContentIndex? b) =>
        b is not null && Bytes(a).AsSpan().SequenceEqual(Bytes(b));

    public static bool SameVocabulary(AudienceVocabulary a, AudienceVocabulary b) =>
        JsonSerializer.SerializeToUtf8Bytes(a, CoreJsonContext.Default.AudienceVocabulary).AsSpan()
            .SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(b, CoreJsonContext.Default.AudienceVocabulary));

    public static ValidationProblem Conflict(LoadedVersion version, int nextVersion) => new(
        version.File,
        "",
        $"version {version.Document.Version} of '{version.Document.Slug}' is already published with different bytes, " +
        $"and a published version is never changed: save your edit as v{nextVersion}.json (bump \"version\" to {nextVersion})");

    public static int NextVersion(IEnumerable<int> published, int version) => Math.Max(version, published.DefaultIfEmpty(0).Max()) + 1;

    private static byte[] Bytes(ContentIndex index) => JsonSerializer.SerializeToUtf8Bytes(index, CoreJsonContext.Default.ContentIndex);
}
