using System.Globalization;
using System.Text;
using System.Text.Json;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Routing;
using MedicalContent.Serialization;

namespace MedicalContent.Rendering;

/// <summary>Search result pages and Infobutton feeds, from the snapshot's search index. Pure: same input, same bytes.</summary>
internal static class SearchRenderer
{
    public static Representation Results(
        List<SearchHit> ranked, SearchPage page, DateTimeOffset lastModified, DateOnly today, int dueSoonDays)
    {
        var start = 0;
        if (page.After is { } after)
        {
            while (start < ranked.Count && !after.Precedes(ranked[start]))
            {
                start++;
            }
        }

        var hits = ranked.Skip(start).Take(page.Size).ToList();
        var next = start + hits.Count < ranked.Count ? new SearchCursor(hits[^1].Score, hits[^1].Slug).Encode() : null;
        var body = new SearchResultsRepresentation
        {
            Query = page.Query,
            Audience = page.Audience,
            Items = hits.Select(h => new SearchResult
            {
                Slug = h.Slug,
                Title = h.Latest.Title.For(page.Audience) ?? h.Latest.Title.For(h.Latest.DefaultAudience) ?? h.Slug,
                Summary = h.Latest.Summary?.For(page.Audience) ?? h.Latest.Summary?.For(h.Latest.DefaultAudience),
                Score = h.Score,
                LatestVersion = h.Latest.Number,
                ReviewStatus = h.Latest.ReviewStatus,
                ReviewState = ReviewStates.On(today, h.Latest.NextReviewDue, dueSoonDays),
                LastUpdated = h.Latest.LastUpdated,
                ReviewedOn = h.Latest.ReviewedOn,
                NextReviewDue = h.Latest.NextReviewDue,
                Audiences = h.Latest.Audiences,
                DefaultAudience = h.Latest.DefaultAudience,
                Href = RouteTable.LatestUrl(h.Slug, h.Latest.Audiences.Contains(page.Audience) ? page.Audience : h.Latest.DefaultAudience),
            }).ToList(),
            NextCursor = next,
            Links = new PageLinks(PageUrl(page, page.After?.Encode()), next is null ? null : PageUrl(page, next)),
        };
        return new Representation(
            JsonSerializer.SerializeToUtf8Bytes(body, CoreJsonContext.Readable.SearchResultsRepresentation), lastModified, CacheKind.Mutable, [SurrogateKeys.Index]);
    }

    public static Representation Feed(
        List<(string Slug, VersionEntry Latest)> matches, InfobuttonRequest request, DateTimeOffset lastModified, DateOnly today, int dueSoonDays)
    {
        var audience = request.Audience;
        var updated = lastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var feed = new InfobuttonFeed
        {
            Title = new InfobuttonText("Medical content API"),
            Subtitle = new InfobuttonText(
                $"Articles for {ValidationName(request.System)} {request.Code}" + (request.DisplayName is { } dn ? $" ({dn})" : "") + $", for the {audience} audience"),
            Updated = new InfobuttonValue(updated),
            Category =
            [
                new(QueryParameter.MainSearchCriteriaCode, request.Code),
                new(QueryParameter.MainSearchCriteriaCodeSystem, request.Oid),
                new(QueryParameter.MainSearchCriteriaDisplayName, request.DisplayName ?? ""),
                new(QueryParameter.InformationRecipient, request.Recipient),
            ],
            Audience = audience,
            Entry = matches.Select(m =>
            {
                var title = m.Latest.Title.For(audience) ?? m.Latest.Title.For(m.Latest.DefaultAudience) ?? m.Slug;
                var summary = m.Latest.Summary?.For(audience) ?? m.Latest.Summary?.For(m.Latest.DefaultAudience);
                var href = RouteTable.LatestUrl(m.Slug, m.Latest.Audiences.Contains(audience) ? audience : m.Latest.DefaultAudience);
                return new InfobuttonEntry
                {
                    Title = new InfobuttonText(title),
                    Link = [new InfobuttonLink(title, href)],
                    Id = new InfobuttonValue(href),
                    Updated = new InfobuttonValue(m.Latest.LastUpdated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    Summary = summary is null ? null : new InfobuttonText(summary),
                    ReviewedOn = m.Latest.ReviewedOn,
                    NextReviewDue = m.Latest.NextReviewDue,
                    ReviewState = ReviewStates.On(today, m.Latest.NextReviewDue, dueSoonDays),
                };
            }).ToList(),
        };
        return new Representation(
            JsonSerializer.SerializeToUtf8Bytes(new InfobuttonResponse(feed), CoreJsonContext.Readable.InfobuttonResponse), lastModified, CacheKind.Mutable, [SurrogateKeys.Index]);
    }

    private static string ValidationName(CodeSystem system) => Validation.ClinicalCodes.Name(system);

    private static string PageUrl(SearchPage page, string? cursor)
    {
        var url = new StringBuilder(RouteTable.SearchUrl)
            .Append($"?{QueryParameter.Q}=").Append(Uri.EscapeDataString(page.Query))
            .Append($"&{QueryParameter.Audience}=").Append(page.Audience);
        if (page.Size != QueryParser.DefaultPageSize)
        {
            url.Append($"&{QueryParameter.Limit}=").Append(page.Size.ToString(CultureInfo.InvariantCulture));
        }

        return cursor is null ? url.ToString() : url.Append($"&{QueryParameter.Cursor}=").Append(cursor).ToString();
    }
}
