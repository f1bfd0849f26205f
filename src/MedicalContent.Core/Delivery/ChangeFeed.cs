using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Routing;

namespace MedicalContent.Delivery;

/// <summary>
/// The public history of an index, derived by replaying its publishes and retractions in sequence order: a version
/// became public, "latest" moved, a version was retracted. Only publicly served versions appear, so drafts never
/// leak. The history only grows at its end, so a position in it is a stable cursor.
/// </summary>
internal static class ChangeFeed
{
    public const string VersionPublished = "version-published";
    public const string LatestChanged = "latest-changed";
    public const string VersionRetracted = "version-retracted";

    public static List<ChangeEvent> Build(ContentIndex index, IReadOnlyList<ReviewStatus> publicStatuses)
    {
        var changes = index.Articles
            .SelectMany(a => a.Versions.Where(v => publicStatuses.Contains(v.ReviewStatus)).SelectMany(v => Points(a.Slug, v)))
            .OrderBy(p => p.Sequence)
            .ThenBy(p => p.Slug, StringComparer.Ordinal)
            .ThenBy(p => p.Version.Number)
            .ToList();

        var events = new List<ChangeEvent>(changes.Count * 2);
        var articles = index.Articles.ToDictionary(a => a.Slug, StringComparer.Ordinal);
        var served = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (!served.TryGetValue(change.Slug, out var versions))
            {
                served[change.Slug] = versions = [];
            }

            var before = versions.Count == 0 ? (int?)null : versions.Max;
            if (change.Retraction is { } retraction)
            {
                versions.Remove(change.Version.Number);
                events.Add(Event(events.Count, VersionRetracted, change.Slug, change.Version, retraction.RetractedAt, retraction.Reason));
            }
            else
            {
                versions.Add(change.Version.Number);
                events.Add(Event(events.Count, VersionPublished, change.Slug, change.Version, change.At, null));
            }

            var after = versions.Count == 0 ? (int?)null : versions.Max;
            if (after != before)
            {
                var latest = after is { } number ? articles[change.Slug].Versions.First(v => v.Number == number) : null;
                events.Add(Event(events.Count, LatestChanged, change.Slug, latest, change.At, null, latestVersion: after));
            }
        }

        return events;
    }

    private static IEnumerable<Point> Points(string slug, VersionEntry version)
    {
        var publishedAt = version.PublishedAt ?? version.LastUpdated.AtMidnightUtc();
        yield return new Point(version.Sequence, slug, version, null, publishedAt);
        if (version.Retraction is { } retraction)
        {
            yield return new Point(retraction.Sequence, slug, version, retraction, retraction.RetractedAt);
        }
    }

    private static ChangeEvent Event(int position, string type, string slug, VersionEntry? version, DateTimeOffset at, string? reason, int? latestVersion = null) => new()
    {
        Id = position + 1,
        Type = type,
        Slug = slug,
        Version = type == LatestChanged ? latestVersion : version?.Number,
        ReviewStatus = version?.ReviewStatus,
        At = at,
        Reason = reason,
        Links = new ChangeLinks(
            (type == LatestChanged ? latestVersion : version?.Number) is { } number ? RouteTable.VersionUrl(slug, number) : null,
            RouteTable.LatestUrl(slug)),
    };

    private sealed record Point(long Sequence, string Slug, VersionEntry Version, Retraction? Retraction, DateTimeOffset At);
}
