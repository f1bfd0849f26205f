using System.Text.Json;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Serialization;

namespace MedicalContent.Delivery;

/// <summary>One immutable view of the store's index, with the lookups and listings derived from it.</summary>
internal sealed class Snapshot
{
    private readonly Dictionary<string, ArticleEntry> _articles;
    private readonly Dictionary<string, VersionEntry> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateOnly> _datePublished = new(StringComparer.Ordinal);
    private long _checkedAtTicks;
    private long _lastSuccessTicks;
    private readonly Lazy<List<ChangeEvent>> _changes;
    private readonly Lazy<SearchIndex> _search;

    public Snapshot(
        ContentIndex index, string storeETag, long generation, DateTimeOffset checkedAt, IReadOnlyList<ReviewStatus> publicStatuses,
        int dueSoonDays = ReviewCycleOptions.DefaultDueSoonDays)
    {
        index = WithoutUnlistedSummaries(index, publicStatuses);
        Index = index;
        Generation = generation;
        StoreETag = storeETag;
        _checkedAtTicks = checkedAt.UtcTicks;
        _lastSuccessTicks = checkedAt.UtcTicks;
        _articles = index.Articles.ToDictionary(a => a.Slug, StringComparer.Ordinal);
        foreach (var article in index.Articles)
        {
            var latest = LatestOf(article, publicStatuses);
            if (latest is not null)
            {
                _latest[article.Slug] = latest;
            }

            if (FirstPublished(article) is { } first)
            {
                _datePublished[article.Slug] = first;
            }
        }

        Published = index.Articles
            .Where(a => _latest.ContainsKey(a.Slug))
            .Select(a => (a.Slug, _latest[a.Slug]))
            .ToList();
        LastModified = index.Articles
            .SelectMany(a => a.Versions)
            .Select(v => Dates.Later(v.LastUpdated.AtMidnightUtc(), v.Retraction?.RetractedAt))
            .DefaultIfEmpty(DateTimeOffset.UnixEpoch)
            .Max();
        _changes = new Lazy<List<ChangeEvent>>(() => ChangeFeed.Build(index, publicStatuses));
        Reviews = new ReviewCalendar(Published.Select(p => p.Latest), dueSoonDays);
        // Built off the start-up path (at 100,000 articles it takes seconds): a search that comes before it is ready
        // waits for it, so no answer is ever given from a partial index.
        var published = Published;
        var audiences = index.Audiences.Audiences.Select(a => a.Id).ToList();
        _search = new Lazy<SearchIndex>(() => new SearchIndex(published, audiences), LazyThreadSafetyMode.ExecutionAndPublication);
        _ = Task.Run(() => _search.Value);
    }

    public ContentIndex Index { get; }

    public string StoreETag { get; }

    /// <summary>Increases with every index change; listings cached under an older generation are never served.</summary>
    public long Generation { get; }

    public DateTimeOffset CheckedAt => new(Interlocked.Read(ref _checkedAtTicks), TimeSpan.Zero);

    /// <summary>Articles with a publicly served version, in slug order.</summary>
    public List<(string Slug, VersionEntry Latest)> Published { get; }

    /// <summary>The newest date anywhere in the index: the Last-Modified of listings.</summary>
    public DateTimeOffset LastModified { get; }

    /// <summary>When the review states of the published articles change (their latest versions' transition dates).</summary>
    public ReviewCalendar Reviews { get; }

    /// <summary>Search and the Infobutton code lookup over the published articles, built in the background with the snapshot.</summary>
    public SearchIndex Search => _search.Value;

    /// <summary>The public change feed of this index, built on first use.</summary>
    public List<ChangeEvent> Changes => _changes.Value;

    /// <summary>When the store last answered (with this index or "not modified").</summary>
    public DateTimeOffset LastSuccessAt => new(Interlocked.Read(ref _lastSuccessTicks), TimeSpan.Zero);

    public void MarkChecked(DateTimeOffset now, bool succeeded)
    {
        Interlocked.Exchange(ref _checkedAtTicks, now.UtcTicks);
        if (succeeded)
        {
            Interlocked.Exchange(ref _lastSuccessTicks, now.UtcTicks);
        }
    }

    public ArticleEntry? Find(string slug) => _articles.GetValueOrDefault(slug);

    public VersionEntry? Latest(string slug) => _latest.GetValueOrDefault(slug);

    /// <summary>For preview: the newest version that is not retracted, whatever its review status.</summary>
    public VersionEntry? Newest(string slug) => Find(slug)?.Versions.Where(v => v.Retraction is null).MaxBy(v => v.Number);

    /// <summary>When "latest" last moved: a newer version's retraction moves it back, which is a change too.</summary>
    public DateTimeOffset LatestChangedAt(string slug)
    {
        var latest = Latest(slug);
        return Find(slug)?.Versions
            .Where(v => latest is null || v.Number > latest.Number)
            .Select(v => v.Retraction?.RetractedAt ?? DateTimeOffset.MinValue)
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max() ?? DateTimeOffset.MinValue;
    }

    /// <summary>
    /// The article's <c>datePublished</c>: the day (UTC) of its first publication, the earliest
    /// <see cref="VersionEntry.PublishedAt"/> among all its versions, whatever their status and retracted or not, so it
    /// is fixed once the first version is in the store and never depends on configuration. A version that records no
    /// publish time (a content folder, or an index written before publish times were kept) counts from its
    /// <see cref="VersionEntry.LastUpdated"/>.
    /// </summary>
    public DateOnly? DatePublished(string slug) => _datePublished.TryGetValue(slug, out var date) ? date : null;

    /// <summary>The title the latest version of <paramref name="slug"/> gives <paramref name="audience"/> (else its default audience's); null when it has none.</summary>
    public string? LatestTitle(string slug, string audience) =>
        Latest(slug) is { } latest ? latest.Title.For(audience) ?? latest.Title.For(latest.DefaultAudience) : null;

    /// <summary>When the latest title of <paramref name="slug"/> last changed: its latest version's date, or a retraction that moved "latest".</summary>
    public DateTimeOffset LatestTitleChangedAt(string slug) =>
        Latest(slug) is { } latest ? Dates.Later(latest.LastUpdated.AtMidnightUtc(), LatestChangedAt(slug)) : LatestChangedAt(slug);

    /// <summary>"Latest" is the newest publicly served version that is not retracted.</summary>
    private static VersionEntry? LatestOf(ArticleEntry article, IReadOnlyList<ReviewStatus> publicStatuses) => article.Versions
        .Where(v => publicStatuses.Contains(v.ReviewStatus) && v.Retraction is null)
        .MaxBy(v => v.Number);

    /// <summary>
    /// The index without the summaries of versions that are not "latest": only a latest version's summary is ever
    /// listed (index pages, search, Infobutton), and at 100,000 articles the others would be most of the index's memory.
    /// </summary>
    private static ContentIndex WithoutUnlistedSummaries(ContentIndex index, IReadOnlyList<ReviewStatus> publicStatuses)
    {
        if (!index.Articles.Any(a => a.Versions.Count > 1))
        {
            return index;
        }

        return index with
        {
            Articles = index.Articles.Select(article =>
            {
                var latest = LatestOf(article, publicStatuses);
                return article.Versions.Any(v => !ReferenceEquals(v, latest) && v.Summary is not null)
                    ? article with { Versions = article.Versions.Select(v => ReferenceEquals(v, latest) || v.Summary is null ? v : v with { Summary = null }).ToList() }
                    : article;
            }).ToList(),
        };
    }

    private static DateOnly? FirstPublished(ArticleEntry article) => article.Versions
        .Select(v => (DateOnly?)DateOnly.FromDateTime((v.PublishedAt ?? v.LastUpdated.AtMidnightUtc()).UtcDateTime))
        .Min();
}
