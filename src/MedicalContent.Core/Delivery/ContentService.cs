using System.Globalization;
using System.Text;
using System.Text.Json;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Serialization;
using MedicalContent.Storage;
using MedicalContent.Validation;
using Microsoft.Extensions.Logging;
using MedicalContent.Routing;

namespace MedicalContent.Delivery;

/// <summary>
/// Answers every read of the API from a snapshot of the store's index and a cache of rendered bytes. The index is
/// re-checked at most once per refresh interval; version documents are immutable, so each is read and rendered once.
/// </summary>
public sealed partial class ContentService : IDisposable
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    private readonly IContentStore _store;
    private readonly ContentCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly LruCache<CacheKey, Representation> _cache;

    // Index and change-feed pages have their own budget: however many pages clients ask for, they cannot evict
    // the article renditions that most requests need.
    private readonly LruCache<CacheKey, Representation> _listings;
    private readonly Dictionary<(string Slug, int Version, string Sha256), Flight> _flights = [];
    private volatile Snapshot? _snapshot;
    private volatile StoreFailure? _failure;
    private long _generation;

    public ContentService(
        IContentStore store, ContentCacheOptions options, TimeProvider time, ILogger<ContentService> logger, ContentCounters? counters = null)
    {
        Counters = counters ?? new ContentCounters();
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _cache = new LruCache<CacheKey, Representation>(options.MaxBytes, r => r.Body.Length + EntryOverheadBytes);
        _listings = new LruCache<CacheKey, Representation>(Math.Max(options.MaxBytes / ListingsShare, 1), r => r.Body.Length + EntryOverheadBytes);
    }

    /// <summary>Approximate bookkeeping cost of one cache entry beyond its body.</summary>
    private const int EntryOverheadBytes = 512;

    /// <summary>Listing pages may use this fraction (1/N) of the cache budget, on top of it.</summary>
    private const int ListingsShare = 8;

    public ContentCounters Counters { get; }

    /// <summary>Bytes of rendered representations held in memory (bounded by <see cref="ContentCacheOptions.MaxBytes"/>).</summary>
    public long CachedBytes => _cache.Size + _listings.Size;

    public void Dispose() => _refreshGate.Dispose();

    /// <summary>Loads the index once; a start-up with unreadable or invalid content fails here, not on a request.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken) => await CurrentAsync(cancellationToken).ConfigureAwait(false);

    public async Task<Outcome> GetAudiencesAsync(CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        return new Found(Cached(new CacheKey(CacheEntryKind.Audiences, "", 0, "", null, snapshot.Generation), () =>
        {
            var vocabulary = snapshot.Index.Audiences;
            var body = new AudienceListRepresentation(vocabulary.Prompt, vocabulary.Hint, vocabulary.Default, vocabulary.Audiences);
            return new Representation(Serialize(body, CoreJsonContext.Default.AudienceListRepresentation), snapshot.LastModified, CacheKind.Mutable, [SurrogateKeys.Audiences]);
        }));
    }

    public async Task<Outcome> GetArticleIndexAsync(string? audience, string? limit, string? cursor, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        var vocabulary = snapshot.Index.Audiences;
        audience ??= vocabulary.Default;
        if (!vocabulary.Contains(audience))
        {
            return UnknownAudience(audience, vocabulary.Audiences.Select(a => a.Id).ToList());
        }

        var pageSize = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return new Invalid(QueryParameter.Limit, $"limit must be a whole number from 1 to {MaxPageSize}; it was '{Truncate(limit)}'.");
        }

        string? after = null;
        if (cursor is not null && ((after = PageCursor.Decode(cursor)) is null || snapshot.Latest(after) is null))
        {
            return new Invalid(QueryParameter.Cursor, "cursor is not one this API issued; use the nextCursor of a previous page, or omit it to start from the beginning.");
        }

        return new Found(Cached(
            new CacheKey(CacheEntryKind.IndexPage, after ?? "", pageSize, audience, null, snapshot.Generation),
            () => RenderIndexPage(snapshot, audience, pageSize, after),
            _listings));
    }

    public async Task<Outcome> GetLatestAsync(
        string slug, string? audience, CancellationToken cancellationToken, ArticleFormat format = ArticleFormat.Json, ContentScope scope = ContentScope.Public)
    {
        var started = _time.GetTimestamp();
        if (!ArticleValidator.SlugPattern().IsMatch(slug))
        {
            return BadSlug(slug);
        }

        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        if ((scope == ContentScope.Preview ? snapshot.Newest(slug) : snapshot.Latest(slug)) is not { } latest)
        {
            return new Missing($"There is no published article '{slug}'.");
        }

        audience ??= latest.DefaultAudience;
        var key = new CacheKey(scope == ContentScope.Preview ? CacheEntryKind.PreviewLatest : CacheEntryKind.Latest, slug, latest.Number, audience, null, snapshot.Generation, format);
        if (_cache.TryGet(key, out var cached))
        {
            Counters.Hit();
            return new Found(cached);
        }

        var outcome = await GetRenderedAsync(snapshot, slug, latest, audience, format, started, cancellationToken).ConfigureAwait(false);
        if (outcome is not Found found)
        {
            return outcome;
        }

        // The latest URL moves: same bytes as the version URL, but mutable caching and a Last-Modified that also
        // moves forward when a newer version is retracted and latest falls back.
        var representation = found.Representation.Reuse(
            scope == ContentScope.Preview ? CacheKind.Private : CacheKind.Mutable,
            Max(found.Representation.LastModified, snapshot.LatestChangedAt(slug)),
            [.. found.Representation.SurrogateKeys, SurrogateKeys.Latest(slug)]);
        _cache.Set(key, representation);
        return new Found(representation);
    }

    public async Task<Outcome> GetVersionAsync(
        string slug, string version, string? audience, CancellationToken cancellationToken, ArticleFormat format = ArticleFormat.Json, ContentScope scope = ContentScope.Public)
    {
        var started = _time.GetTimestamp();
        if (!ArticleValidator.SlugPattern().IsMatch(slug))
        {
            return BadSlug(slug);
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return new Invalid("version", $"version must be a positive whole number; it was '{Truncate(version)}'.");
        }

        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        var entry = snapshot.Find(slug)?.Versions.FirstOrDefault(v => v.Number == number);
        if (entry is null || (scope == ContentScope.Public && !IsPublic(entry)))
        {
            return new Missing($"Version {number} of '{slug}' is not published.");
        }

        if (entry.Retraction is { } retraction)
        {
            var latest = snapshot.Latest(slug);
            return new Retracted(
                $"Version {number} of '{slug}' was retracted on {retraction.RetractedAt:yyyy-MM-dd}: {retraction.Reason}",
                retraction.Reason,
                retraction.RetractedAt,
                latest is null ? null : RouteTable.LatestUrl(slug, audience ?? latest.DefaultAudience),
                [SurrogateKeys.Article(slug), SurrogateKeys.Version(slug, number)]);
        }

        var outcome = await GetRenderedAsync(snapshot, slug, entry, audience, format, started, cancellationToken).ConfigureAwait(false);
        return scope == ContentScope.Preview && outcome is Found found
            ? new Found(found.Representation.Reuse(CacheKind.Private, found.Representation.LastModified, found.Representation.SurrogateKeys))
            : outcome;
    }

    public async Task<Outcome> GetVersionsAsync(string slug, CancellationToken cancellationToken, ContentScope scope = ContentScope.Public)
    {
        if (!ArticleValidator.SlugPattern().IsMatch(slug))
        {
            return BadSlug(slug);
        }

        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        var article = snapshot.Find(slug);
        var visible = article?.Versions.Where(v => scope == ContentScope.Preview || IsPublic(v)).ToList() ?? [];
        if (visible.Count == 0)
        {
            return new Missing($"There is no published article '{slug}'.");
        }

        var kind = scope == ContentScope.Preview ? CacheEntryKind.PreviewVersionList : CacheEntryKind.VersionList;
        return new Found(Cached(new CacheKey(kind, slug, 0, "", null, snapshot.Generation), () =>
        {
            var latest = snapshot.Latest(slug);
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
            var lastModified = visible.Select(ChangedAt).Max();
            return new Representation(
                Serialize(body, CoreJsonContext.Default.VersionListRepresentation),
                lastModified,
                scope == ContentScope.Preview ? CacheKind.Private : CacheKind.Mutable,
                [SurrogateKeys.Article(slug)]);
        }));
    }

    public const int DefaultFeedPageSize = 100;
    public const int MaxFeedPageSize = 500;

    /// <summary>One page of the change feed after <paramref name="since"/> (a cursor from a previous page).</summary>
    public async Task<Outcome> GetChangesAsync(string? since, string? limit, CancellationToken cancellationToken)
    {
        var pageSize = DefaultFeedPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxFeedPageSize))
        {
            return new Invalid(QueryParameter.Limit, $"limit must be a whole number from 1 to {MaxFeedPageSize}; it was '{Truncate(limit)}'.");
        }

        var position = 0;
        if (since is not null)
        {
            if (PageCursor.DecodeFeed(since) is not { } decoded)
            {
                return new Invalid(QueryParameter.Since, "since is not a cursor this feed issued; use the cursor of a previous page, or omit it to read from the beginning.");
            }

            position = decoded;
        }

        var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
        var events = snapshot.Changes;
        if (position > events.Count)
        {
            return new Invalid(QueryParameter.Since, $"since points past the end of the feed ({events.Count} events); read it again from the beginning.");
        }

        return new Found(Cached(new CacheKey(CacheEntryKind.Changes, "", position, "", pageSize.ToString(CultureInfo.InvariantCulture), snapshot.Generation), () =>
        {
            var page = events.Skip(position).Take(pageSize).ToList();
            var cursor = PageCursor.EncodeFeed(position + page.Count);
            var body = new ChangeFeedPage(page, cursor, position + page.Count < events.Count, new ChangeFeedLinks($"{RouteTable.ChangesUrl}?{QueryParameter.Since}={cursor}"));
            var lastModified = events.Count == 0 ? snapshot.LastModified : events.Max(e => e.At);
            return new Representation(Serialize(body, CoreJsonContext.Default.ChangeFeedPage), lastModified, CacheKind.Mutable, [SurrogateKeys.Changes]);
        },
        _listings));
    }

    public async Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await CurrentAsync(cancellationToken).ConfigureAwait(false);
            return _failure is { } failure
                ? new HealthReport(HealthReport.Degraded, snapshot.LastSuccessAt, _store.Description, snapshot.Index.Articles.Count, failure.Message)
                : new HealthReport(HealthReport.Healthy, snapshot.LastSuccessAt, _store.Description, snapshot.Index.Articles.Count);
        }
        catch (StoreUnavailableException e)
        {
            return new HealthReport(HealthReport.Unhealthy, _snapshot?.LastSuccessAt, _store.Description, 0, e.Message);
        }
    }

    private async Task<Outcome> GetRenderedAsync(
        Snapshot snapshot, string slug, VersionEntry entry, string? audience, ArticleFormat format, long started, CancellationToken cancellationToken)
    {
        audience ??= entry.DefaultAudience;
        if (!entry.Audiences.Contains(audience))
        {
            var known = snapshot.Index.Audiences.Contains(audience);
            return new Invalid(
                QueryParameter.Audience,
                known
                    ? $"'{slug}' is not written for audience '{audience}'."
                    : $"'{Truncate(audience)}' is not an audience.",
                entry.Audiences);
        }

        // Keyed by what the bytes depend on, the document's hash and the entry's syndication terms: a file edited in
        // place (a new hash in the index), or a file store's changed syndication.json, is rendered afresh, never stale.
        var key = new CacheKey(CacheEntryKind.Version, slug, entry.Number, audience, null, 0, format, entry.Sha256, entry.Syndication);
        if (_cache.TryGet(key, out var cached))
        {
            Counters.Hit();
            return new Found(cached);
        }

        Counters.Miss();

        // Concurrent misses on one version share one store read; the document is rendered for every audience at once.
        // The request's whole store budget includes any index re-check it already waited for.
        var remaining = _options.StoreBudget - _time.GetElapsedTime(started);
        var document = await LoadSharedAsync(slug, entry, snapshot.Index.Audiences, remaining, cancellationToken).ConfigureAwait(false);

        Representation? requested = null;
        foreach (var each in document.Audiences)
        {
            var article = ArticleRenderer.Render(document, each, entry.Syndication);
            string[] keys = [SurrogateKeys.Article(slug), SurrogateKeys.Version(slug, entry.Number)];
            (ArticleFormat, Representation)[] renditions =
            [
                (ArticleFormat.Json, new Representation(
                    Serialize(article, CoreJsonContext.Default.ArticleRepresentation), ChangedAt(document), CacheKind.Immutable, keys,
                    RouteTable.VersionUrl(slug, entry.Number, each))),
                (ArticleFormat.JsonLd, new Representation(
                    Serialize(JsonLdRenderer.Render(article), CoreJsonContext.Default.MedicalWebPage), ChangedAt(document), CacheKind.Immutable, keys,
                    RouteTable.VersionJsonLdUrl(slug, entry.Number, each), Representation.JsonLdContentType)),
            ];

            foreach (var (rendition, representation) in renditions)
            {
                _cache.Set(key with { Audience = each, Format = rendition }, representation);
                if (each == audience && rendition == format)
                {
                    requested = representation;
                }
            }
        }

        return requested is null ? new Missing($"Version {entry.Number} of '{slug}' has no {format} rendition for '{audience}'.") : new Found(requested);
    }

    private Representation Cached(CacheKey key, Func<Representation> render, LruCache<CacheKey, Representation>? cache = null)
    {
        cache ??= _cache;
        if (cache.TryGet(key, out var cached))
        {
            Counters.Hit();
            return cached;
        }

        Counters.Miss();
        var representation = render();
        cache.Set(key, representation);
        return representation;
    }

    /// <summary>
    /// Joins (or starts) the one store read of a version. The read is cancelled only when every request waiting
    /// for it has gone away, so one client's abort never fails another's request.
    /// </summary>
    private async Task<ArticleDocument> LoadSharedAsync(
        string slug, VersionEntry entry, AudienceVocabulary vocabulary, TimeSpan budget, CancellationToken cancellationToken)
    {
        var version = entry.Number;
        var flightKey = (slug, version, entry.Sha256);
        Flight flight;
        lock (_flights)
        {
            if (!_flights.TryGetValue(flightKey, out flight!))
            {
                flight = new Flight();
                flight.Task = Task.Run(() => LoadAsync(slug, entry, vocabulary, flight.Cancellation.Token), CancellationToken.None);
                _flights[flightKey] = flight;
            }

            flight.Waiters++;
        }

        try
        {
            return await flight.Task.WaitAsync(budget > TimeSpan.Zero ? budget : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new StoreUnavailableException($"Version {version} of '{slug}' could not be read from the content store within the request's {_options.StoreBudgetSeconds:0.##} s budget.", e);
        }
        finally
        {
            lock (_flights)
            {
                if (--flight.Waiters == 0)
                {
                    _flights.Remove(flightKey);
                    if (!flight.Task.IsCompleted)
                    {
                        flight.Cancellation.Cancel();
                    }
                }
            }
        }
    }

    private async Task<ArticleDocument> LoadAsync(string slug, VersionEntry entry, AudienceVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var version = entry.Number;
        Counters.VersionRead();
        byte[] bytes;
        try
        {
            bytes = await _store.ReadVersionAsync(slug, version, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (StoreUnavailableException)
        {
            Counters.StoreFailed();
            throw;
        }
        catch (Exception e)
        {
            Counters.StoreFailed();
            throw new StoreUnavailableException($"Version {version} of '{slug}' cannot be read from the content store.", e);
        }

        // Corrupt or hand-edited bytes are never rendered, cached or served: the request answers 503 and the next
        // read tries the store again, so a repaired blob is served as soon as it is back.
        var check = VersionIntegrity.Check(slug, entry, bytes, vocabulary);
        if (check.Document is { } document)
        {
            return document;
        }

        Counters.IntegrityFailed();
        if (check.HashMismatch)
        {
            LogHashMismatch(_logger, slug, version, entry.Sha256, check.ActualSha256, _store.Description);
        }
        else
        {
            LogInvalidVersion(_logger, slug, version, check.ActualSha256, _store.Description, check.Problems.Count, string.Join("; ", check.Problems.Take(5)));
        }

        throw new StoreUnavailableException($"Version {version} of '{slug}' failed its integrity check in the content store; try again shortly.");
    }

    private sealed class Flight
    {
        public Task<ArticleDocument> Task { get; set; } = null!;

        public CancellationTokenSource Cancellation { get; } = new();

        public int Waiters { get; set; }
    }

    /// <summary>The last failed re-check of the store, while it keeps failing.</summary>
    private sealed record StoreFailure(string Message, DateTimeOffset At);

    private bool IsPublic(VersionEntry version) => _options.PublicStatuses.Contains(version.ReviewStatus);

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        var now = _time.GetUtcNow();
        if (snapshot is not null && now - snapshot.CheckedAt < _options.RefreshInterval)
        {
            return _failure is null ? snapshot : WithinStaleWindow(snapshot, now);
        }

        // Nothing to serve and the store failed a moment ago: answer at once rather than queue behind it.
        if (snapshot is null && _failure is { } failure && now - failure.At < FailFastInterval)
        {
            throw new StoreUnavailableException(failure.Message);
        }

        // One caller re-checks the store; while it does, everyone else keeps reading the current snapshot.
        if (snapshot is not null)
        {
            if (!await _refreshGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
            {
                return _failure is null ? snapshot : WithinStaleWindow(snapshot, now);
            }
        }
        else if (!await _refreshGate.WaitAsync(_options.StoreBudget, cancellationToken).ConfigureAwait(false))
        {
            throw new StoreUnavailableException("The content store is being read by another request; try again shortly.");
        }

        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && _time.GetUtcNow() - snapshot.CheckedAt < _options.RefreshInterval)
            {
                return _failure is null ? snapshot : WithinStaleWindow(snapshot, now);
            }

            snapshot = _snapshot = await RefreshAsync(snapshot, cancellationToken).ConfigureAwait(false);
            return _failure is null ? snapshot : WithinStaleWindow(snapshot, _time.GetUtcNow());
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private TimeSpan FailFastInterval => TimeSpan.FromSeconds(Math.Max(1, Math.Min(_options.RefreshIntervalSeconds, 5)));

    /// <summary>While the store is failing, content in memory is served only until the stale window closes.</summary>
    private Snapshot WithinStaleWindow(Snapshot snapshot, DateTimeOffset now) =>
        now - snapshot.LastSuccessAt <= _options.StaleWindow
            ? snapshot
            : throw new StoreUnavailableException(
                $"The content store has not been readable since {snapshot.LastSuccessAt:u}, longer than the {_options.StaleWindowSeconds} s stale window.");

    private async Task<Snapshot> RefreshAsync(Snapshot? current, CancellationToken cancellationToken)
    {
        try
        {
            var read = await _store.ReadIndexAsync(current?.StoreETag, cancellationToken).ConfigureAwait(false);
            Counters.IndexRead(modified: read is not null);
            _failure = null;
            if (read is null)
            {
                current!.MarkChecked(_time.GetUtcNow(), succeeded: true);
                return current;
            }

            LogIndexLoaded(_logger, read.Index.Articles.Count, _store.Description);
            var next = new Snapshot(read.Index, read.ETag, Interlocked.Increment(ref _generation), _time.GetUtcNow(), _options.PublicStatuses);
            return next;
        }
        catch (Exception e) when (current is null && e is not OperationCanceledException and not InvalidContentException)
        {
            Counters.StoreFailed();
            var message = e is StoreUnavailableException ? e.Message : "The content store cannot be read.";
            _failure = new StoreFailure(message, _time.GetUtcNow());
            throw new StoreUnavailableException(message, e);
        }
        catch (Exception e) when (current is not null && e is not OperationCanceledException)
        {
            // Keep serving what we have; try again after the next interval.
            LogRefreshFailed(_logger, e, _store.Description);
            Counters.StoreFailed();
            _failure = new StoreFailure(e.Message, _time.GetUtcNow());
            current.MarkChecked(_time.GetUtcNow(), succeeded: false);
            return current;
        }
    }

    private static Invalid UnknownAudience(string audience, IReadOnlyList<string> valid) =>
        new(QueryParameter.Audience, $"'{Truncate(audience)}' is not an audience.", valid);

    private static Invalid BadSlug(string slug) =>
        new("slug", $"'{Truncate(slug)}' is not a valid article slug: slugs are lowercase letters, digits and single hyphens.");

    public static string Truncate(string value) => value.Length <= 64 ? value : value[..61] + "...";

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset AtMidnight(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset ChangedAt(ArticleDocument document) =>
        AtMidnight(document.Review.ReviewedOn is { } reviewed && reviewed > document.LastUpdated ? reviewed : document.LastUpdated);

    private static DateTimeOffset ChangedAt(VersionEntry version) =>
        Max(AtMidnight(version.LastUpdated), version.Retraction?.RetractedAt ?? DateTimeOffset.MinValue);

    private byte[] Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        Counters.Rendered();
        return JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
    }

    private Representation RenderIndexPage(Snapshot snapshot, string audience, int pageSize, string? after)
    {
        var published = snapshot.Published;
        var start = after is null ? 0 : published.FindIndex(p => string.CompareOrdinal(p.Slug, after) > 0);
        if (start < 0)
        {
            start = published.Count;
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
                LastUpdated = p.Latest.LastUpdated,
                Audiences = p.Latest.Audiences,
                DefaultAudience = p.Latest.DefaultAudience,
                Href = RouteTable.LatestUrl(p.Slug, p.Latest.Audiences.Contains(audience) ? audience : p.Latest.DefaultAudience),
            }).ToList(),
            NextCursor = next,
            Links = new PageLinks(
                PageUrl(audience, pageSize, after is null ? null : PageCursor.Encode(after)),
                next is null ? null : PageUrl(audience, pageSize, next)),
        };
        return new Representation(Serialize(body, CoreJsonContext.Default.ArticleIndexRepresentation), snapshot.LastModified, CacheKind.Mutable, [SurrogateKeys.Index]);
    }

    private static string PageUrl(string audience, int pageSize, string? cursor)
    {
        var url = new StringBuilder(RouteTable.IndexUrl).Append($"?{QueryParameter.Audience}=").Append(audience);
        if (pageSize != DefaultPageSize)
        {
            url.Append($"&{QueryParameter.Limit}=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        }

        return cursor is null ? url.ToString() : url.Append($"&{QueryParameter.Cursor}=").Append(cursor).ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the content index: {Articles} article(s) from {Store}")]
    private static partial void LogIndexLoaded(ILogger logger, int articles, string store);

    [LoggerMessage(Level = LogLevel.Error, Message = "Version {Version} of '{Slug}' in {Store} does not match the index: expected SHA-256 {ExpectedSha256}, read {ActualSha256}; answering 503")]
    private static partial void LogHashMismatch(ILogger logger, string slug, int version, string expectedSha256, string actualSha256, string store);

    [LoggerMessage(Level = LogLevel.Error, Message = "Version {Version} of '{Slug}' in {Store} (SHA-256 {ActualSha256}) is not a valid article, {ProblemCount} problem(s): {Problems}; answering 503")]
    private static partial void LogInvalidVersion(ILogger logger, string slug, int version, string actualSha256, string store, int problemCount, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-check the content index in {Store}; serving the last good snapshot")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string store);
}
