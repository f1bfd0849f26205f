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
        DateOnly today, int dueSoonDays) =>
        IndexPage(published, lastModified, audience, pageSize, after, today, dueSoonDays, IndexFilter.None);

    /// <summary>The same, of the articles that pass <paramref name="filter"/>; its links keep the filter.</summary>
    public static Representation IndexPage(
        IReadOnlyList<(string Slug, VersionEntry Latest)> published, DateTimeOffset lastModified, string audience, int pageSize, string? after,
        DateOnly today, int dueSoonDays, IndexFilter filter)
    {
        if (!filter.IsEmpty)
        {
            published = published.Where(p => filter.Matches(p.Latest, today, dueSoonDays)).ToList();
        }

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
            Items = page.Select(p => Item(p.Slug, p.Latest, audience, today, dueSoonDays)).ToList(),
            NextCursor = next,
            Links = new PageLinks(
                PageUrl(audience, pageSize, after is null ? null : PageCursor.Encode(after), filter),
                next is null ? null : PageUrl(audience, pageSize, next, filter)),
        };
        return new Representation(
            JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Readable.ArticleIndexRepresentation), lastModified, CacheKind.Mutable, [SurrogateKeys.Index]);
    }

    /// <summary>
    /// The index item of <paramref name="slug"/> for <paramref name="audience"/> (its texts in the audience's words, else
    /// the article's default audience's), as the index and search results list it.
    /// </summary>
    internal static ArticleSummary Item(string slug, VersionEntry latest, string audience, DateOnly today, int dueSoonDays)
    {
        var served = ServedAudience(latest, audience);
        return new ArticleSummary
        {
            Slug = slug,
            Title = latest.Title.For(audience) ?? latest.Title.For(latest.DefaultAudience) ?? slug,
            Summary = latest.Summary?.For(served),
            About = latest.About,
            ReadingTimeMinutes = latest.ReadingTimeMinutes?.TryGetValue(served, out var minutes) == true ? minutes : null,
            LatestVersion = latest.Number,
            ReviewStatus = latest.ReviewStatus,
            ReviewState = ReviewStates.On(today, latest.NextReviewDue, dueSoonDays),
            LastUpdated = latest.LastUpdated,
            ReviewedOn = latest.ReviewedOn,
            NextReviewDue = latest.NextReviewDue,
            Audiences = latest.Audiences,
            DefaultAudience = latest.DefaultAudience,
            Href = RouteTable.LatestUrl(slug, served),
        };
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

    /// <summary>
    /// Up to <paramref name="pageSize"/> events from <paramref name="position"/> that pass <paramref name="filter"/>,
    /// with the cursor that resumes after them under the same filter.
    /// </summary>
    public static Representation ChangesPage(IReadOnlyList<ChangeEvent> events, DateTimeOffset lastModifiedWhenEmpty, int position, int pageSize, ChangeFilter filter)
    {
        if (filter.IsEmpty)
        {
            return ChangesPage(events, lastModifiedWhenEmpty, position, pageSize);
        }

        // Positions stay those of the whole feed: the cursor is where the scan stopped (after the page's last event,
        // or at the end of the feed when fewer matched), so it resumes the same filter where it left off and is also
        // a valid cursor of the unfiltered feed (and of any other filter).
        var page = new List<ChangeEvent>(Math.Min(pageSize, 64));
        var scanned = position;
        for (; scanned < events.Count && page.Count < pageSize; scanned++)
        {
            if (filter.Matches(events[scanned]))
            {
                page.Add(events[scanned]);
            }
        }

        var hasMore = false;
        for (var i = scanned; i < events.Count && !hasMore; i++)
        {
            hasMore = filter.Matches(events[i]);
        }

        var resume = hasMore ? scanned : events.Count;
        var cursor = PageCursor.EncodeFeed(resume);
        var body = new ChangeFeedPage(page, cursor, hasMore, new ChangeFeedLinks($"{RouteTable.ChangesUrl}?{QueryParameter.Since}={cursor}{filter.Query()}"));
        var lastModified = events.Count == 0 ? lastModifiedWhenEmpty : events.Max(e => e.At);
        return new Representation(JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Readable.ChangeFeedPage), lastModified, CacheKind.Mutable, [SurrogateKeys.Changes]);
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

    /// <summary>The audience whose text an item links to and shows: the one asked for, else the article's default.</summary>
    private static string ServedAudience(VersionEntry latest, string audience) => latest.Audiences.Contains(audience) ? audience : latest.DefaultAudience;

    private static string PageUrl(string audience, int pageSize, string? cursor, IndexFilter filter)
    {
        var url = new StringBuilder(RouteTable.IndexUrl).Append($"?{QueryParameter.Audience}=").Append(audience).Append(filter.Query());
        if (pageSize != QueryParser.DefaultPageSize)
        {
            url.Append($"&{QueryParameter.Limit}=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        }

        return cursor is null ? url.ToString() : url.Append($"&{QueryParameter.Cursor}=").Append(cursor).ToString();
    }
}
