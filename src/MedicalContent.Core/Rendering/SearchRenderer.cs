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
            Items = hits.Select(h => new SearchResult(ListingRenderer.Item(h.Slug, h.Latest, page.Audience, today, dueSoonDays), h.Score)).ToList(),
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
                var item = ListingRenderer.Item(m.Slug, m.Latest, audience, today, dueSoonDays);
                return new InfobuttonEntry
                {
                    Title = new InfobuttonText(item.Title),
                    Link = [new InfobuttonLink(item.Title, item.Href)],
                    Id = new InfobuttonValue(item.Href),
                    Updated = new InfobuttonValue(item.LastUpdated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    Summary = item.Summary is null ? null : new InfobuttonText(item.Summary),
                    ReviewedOn = item.ReviewedOn,
                    NextReviewDue = item.NextReviewDue,
                    ReviewState = item.ReviewState,
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
