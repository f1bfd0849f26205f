using System.Globalization;
using System.Text;
using System.Text.Json;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Routing;
using MedicalContent.Serialization;

namespace MedicalContent.Rendering;

/// <summary>
/// The listings: audiences, a page of the article index, an article's versions, a page of the change feed. Pure: the
/// same index gives the same bytes.
/// </summary>
public static class ListingRenderer
{
    public static Representation Audiences(AudienceVocabulary vocabulary, DateTimeOffset lastModified)
    {
        var body = new AudienceListRepresentation(vocabulary.Prompt, vocabulary.Hint, vocabulary.Default, vocabulary.Audiences);
        return new Representation(
            JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Readable.AudienceListRepresentation), lastModified, CacheKind.Mutable, [SurrogateKeys.Audiences]);
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> of the published articles (in slug order) after the slug <paramref name="after"/>,
    /// each with where its latest version stands in its review cycle on <paramref name="today"/> (the only input that
    /// is not the index: the page is cached by how many review-state transitions have passed).
    /// </summary>
    public static Representation IndexPage(
        IReadOnlyList<(string Slug, VersionEntry Latest)> published, DateTimeOffset lastModified, string audience, int pageSize, string? after,
        DateOnly today, int dueSoonDays)
    {
        var start = 0;
        while (after is not null && start < published.Count && string.CompareOrdinal(published[start].Slug, after) <= 0)
        {
            start++;
        }

        var page = published.Skip(start).Take(pageSize).ToList();
        var next = start + page.Count < published.Count ? PageCursor.Encode(page[^1].Slug) : null;
        var body = new ArticleIndexRepresentation
        {
            Audience = audience,
            Items = page.Select(p => new ArticleSummary
            {
                Slug = p.Slug,
                Title = p.Latest.Title.For(audience) ?? p.Latest.Title.For(p.Latest.DefaultAudience) ?? p.Slug,
                LatestVersion = p.Latest.Number,
                ReviewStatus = p.Latest.ReviewStatus,
                ReviewState = ReviewStates.On(today, p.Latest.NextReviewDue, dueSoonDays),
                LastUpdated = p.Latest.LastUpdated,
                ReviewedOn = p.Latest.ReviewedOn,
                NextReviewDue = p.Latest.NextReviewDue,
                Audiences = p.Latest.Audiences,
                DefaultAudience = p.Latest.DefaultAudience,
                Href = RouteTable.LatestUrl(p.Slug, p.Latest.Audiences.Contains(audience) ? audience : p.Latest.DefaultAudience),
            }).ToList(),
            NextCursor = next,
            Links = new PageLinks(
                PageUrl(audience, pageSize, after is null ? null : PageCursor.Encode(after)),
                next is null ? null : PageUrl(audience, pageSize, next)),
        };
        return new Representation(
            JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Readable.ArticleIndexRepresentation), lastModified, CacheKind.Mutable, [SurrogateKeys.Index]);
    }

    /// <summary>The <paramref name="visible"/> versions of an article, newest first.</summary>
    public static Representation Versions(string slug, VersionEntry? latest, IReadOnlyList<VersionEntry> visible, ContentScope scope)
    {
        var body = new VersionListRepresentation(slug, latest?.Number, visible
            .OrderByDescending(v => v.Number)
            .Select(v => new VersionSummary
            {
                Number = v.Number,
                ReviewStatus = v.ReviewStatus,
                LastUpdated = v.LastUpdated,
                IsLatest = v == latest,
                Href = scope == ContentScope.Preview ? RouteTable.PreviewVersionUrl(slug, v.Number) : RouteTable.VersionUrl(slug, v.Number),
                Retraction = v.Retraction,
            })
            .ToList());
        return new Representation(
            JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Readable.VersionListRepresentation),
            visible.Max(v => Dates.Later(v.LastUpdated.AtMidnightUtc(), v.Retraction?.RetractedAt)),
            scope == ContentScope.Preview ? CacheKind.Private : CacheKind.Mutable,
            [SurrogateKeys.Article(slug)]);
    }

    /// <summary>Up to <paramref name="pageSize"/> events from <paramref name="position"/>, with the cursor that resumes after them.</summary>
    public static Representation ChangesPage(IReadOnlyList<ChangeEvent> events, DateTimeOffset lastModifiedWhenEmpty, int position, int pageSize)
    {
        var page = events.Skip(position).Take(pageSize).ToList();
        var cursor = PageCursor.EncodeFeed(position + page.Count);
        var body = new ChangeFeedPage(page, cursor, position + page.Count < events.Count, new ChangeFeedLinks($"{RouteTable.ChangesUrl}?{QueryParameter.Since}={cursor}"));
        var lastModified = events.Count == 0 ? lastModifiedWhenEmpty : events.Max(e => e.At);
        return new Representation(JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Readable.ChangeFeedPage), lastModified, CacheKind.Mutable, [SurrogateKeys.Changes]);
    }

    private static string PageUrl(string audience, int pageSize, string? cursor)
    {
        var url = new StringBuilder(RouteTable.IndexUrl).Append($"?{QueryParameter.Audience}=").Append(audience);
        if (pageSize != QueryParser.DefaultPageSize)
        {
            url.Append($"&{QueryParameter.Limit}=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        }

        return cursor is null ? url.ToString() : url.Append($"&{QueryParameter.Cursor}=").Append(cursor).ToString();
    }
}
