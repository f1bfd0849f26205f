using System.Text.Json;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Serialization;

namespace MedicalContent.Delivery;

/// <summary>
/// The latest article's JSON: its version's representation plus what only a mutable URL may carry, today's review
/// state and the related articles' current titles. Made from the version's rendered bytes (parsed back), so a review
/// state that changes at midnight re-renders from memory, without reading the store.
/// </summary>
internal static class LatestArticle
{
    /// <param name="version">The version rendition the latest URL currently serves.</param>
    /// <param name="lastModified">When "latest" last moved to or from this version.</param>
    public static Representation Render(
        Representation version, Snapshot snapshot, VersionEntry entry, string audience, DateOnly today, DateTimeOffset lastModified, IReadOnlyList<string> surrogateKeys)
    {
        var representation = JsonSerializer.Deserialize(version.Body, RenditionJsonContext.Default.ArticleRepresentation)
            ?? throw new InvalidOperationException($"The rendition of version {entry.Number} is not an article.");

        var latest = ArticleRenderer.AsLatest(representation, snapshot.Reviews.StateOf(entry, today), slug => snapshot.LatestTitle(slug, audience));

        // The bytes change when the version does, when the review state does and when a related title does: so does
        // Last-Modified, or a client revalidating with If-Modified-Since alone would keep the old state or title.
        var changedAt = Dates.Later(lastModified, snapshot.Reviews.LastPassed(entry, today));
        foreach (var slug in RelatedSlugs(latest))
        {
            changedAt = Dates.Later(changedAt, snapshot.LatestTitleChangedAt(slug));
        }

        return new Representation(
            JsonSerializer.SerializeToUtf8Bytes(latest, CoreJsonContext.Readable.ArticleRepresentation), changedAt, CacheKind.Mutable, surrogateKeys, version.ContentLocation);
    }

    private static IEnumerable<string> RelatedSlugs(ArticleRepresentation article) =>
        (article.Related ?? []).Select(r => r.Slug)
            .Concat((article.RelatedQuestions ?? []).Select(q => q.AnsweredBy?.Slug).OfType<string>())
            .Distinct(StringComparer.Ordinal);
}
