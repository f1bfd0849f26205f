using System.Text.Json;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Routing;
using MedicalContent.Serialization;

namespace MedicalContent.Rendering;

/// <summary>
/// Every rendition of one article version: for each of its audiences, the API's JSON and schema.org JSON-LD, each at
/// its own URL. The bytes never change, so they are rendered once, together.
/// </summary>
public static class ArticleRenditions
{
    /// <param name="datePublished">
    /// The article's first publication (<c>datePublished</c>): fixed once its first version is published, so it is
    /// part of every version's bytes without ever changing them.
    /// </param>
    public static IReadOnlyList<(string Audience, ArticleFormat Format, Representation Representation)> Render(
        string slug, VersionEntry entry, ArticleDocument document, DateOnly? datePublished = null)
    {
        var changedAt = ChangedAt(document);
        string[] keys = [SurrogateKeys.Article(slug), SurrogateKeys.Version(slug, entry.Number)];
        var renditions = new List<(string, ArticleFormat, Representation)>(document.Audiences.Count * 2);
        foreach (var audience in document.Audiences)
        {
            var article = ArticleRenderer.Render(document, audience, entry.Syndication, datePublished);
            renditions.Add((audience, ArticleFormat.Json, new Representation(
                JsonSerializer.SerializeToUtf8Bytes(article, CoreJsonContext.Readable.ArticleRepresentation), changedAt, CacheKind.Immutable, keys,
                RouteTable.VersionUrl(slug, entry.Number, audience))));
            renditions.Add((audience, ArticleFormat.JsonLd, new Representation(
                JsonSerializer.SerializeToUtf8Bytes(JsonLdRenderer.Render(article), CoreJsonContext.Readable.MedicalWebPage), changedAt, CacheKind.Immutable, keys,
                RouteTable.VersionJsonLdUrl(slug, entry.Number, audience), Representation.JsonLdContentType)));
        }

        return renditions;
    }

    /// <summary>A version's bytes change when it is written or reviewed, whichever was later.</summary>
    private static DateTimeOffset ChangedAt(ArticleDocument document) =>
        (document.Review.ReviewedOn is { } reviewed && reviewed > document.LastUpdated ? reviewed : document.LastUpdated).AtMidnightUtc();
}
