using System.Globalization;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Routing;
using MedicalContent.Storage;
using Microsoft.Extensions.Logging;

namespace MedicalContent.Delivery;

/// <summary>
/// Answers every read of the API: checks the request's values, takes the current snapshot of the store's index and
/// serves rendered bytes from memory, rendering them on a miss. An unreadable store is an <see cref="Unavailable"/>
/// answer, never an exception.
/// </summary>
public sealed class ContentService : IDisposable
{
    private readonly ContentCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly SnapshotSource _snapshots;
    private readonly SharedVersionReader _versions;
    private readonly RenditionCache _renditions;

    /// <param name="reviewCycle">The due-soon window of the review states the latest articles and the index report.</param>
    public ContentService(
        IContentStore store, ContentCacheOptions options, TimeProvider time, ILogger<ContentService> logger, ContentCounters? counters = null,
        ReviewCycleOptions? reviewCycle = null)
    {
        Counters = counters ?? new ContentCounters();
        _options = options;
        _time = time;
        _snapshots = new SnapshotSource(store, options, time, logger, Counters, (reviewCycle ?? new ReviewCycleOptions()).DueSoonDays);
        _versions = new SharedVersionReader(store, options, time, logger, Counters);
        _renditions = new RenditionCache(options.MaxBytes, Counters);
    }

    public ContentCounters Counters { get; }

    /// <summary>Bytes of rendered representations held in memory (bounded by <see cref="ContentCacheOptions.MaxBytes"/>).</summary>
    public long CachedBytes => _renditions.Bytes;

    public void Dispose() => _snapshots.Dispose();

    /// <summary>
    /// Loads the index before the first request: null once it is read, or why the store could not be read (requests
    /// answer 503 until it can). Invalid content throws <see cref="InvalidContentException"/>, so it fails the start-up.
    /// </summary>
    public async Task<Unavailable?> InitializeAsync(CancellationToken cancellationToken) =>
        (await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out _, out var unavailable) ? null : unavailable;

    /// <summary>The audience vocabulary of the current snapshot, or null while the store cannot be read.</summary>
    public async Task<AudienceVocabulary?> GetVocabularyAsync(CancellationToken cancellationToken) =>
        (await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out _) ? snapshot.Index.Audiences : null;

    public async Task<Outcome> GetAudiencesAsync(CancellationToken cancellationToken)
    {
        if (!(await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return unavailable;
        }

        return await _renditions.GetOrRenderAsync(
            new CacheKey(CacheEntryKind.Audiences, "", 0, "", null, snapshot.Generation),
            snapshot,
            static s => ListingRenderer.Audiences(s.Index.Audiences, s.LastModified)).ConfigureAwait(false);
    }

    public Task<Outcome> GetArticleIndexAsync(string? audience, string? limit, string? cursor, CancellationToken cancellationToken) =>
        GetArticleIndexAsync(audience, limit, cursor, null, null, null, cancellationToken);

    /// <summary>A page of the article index, of the articles with any of <paramref name="codes"/> (<c>system|code</c>), of <paramref name="kind"/> and in <paramref name="reviewState"/> (each when given).</summary>
    public async Task<Outcome> GetArticleIndexAsync(
        string? audience, string? limit, string? cursor, IReadOnlyList<string>? codes, string? kind, string? reviewState, CancellationToken cancellationToken)
    {
        if (IndexFilter.Parse(codes, kind, reviewState, out var filter) is { } badFilter)
        {
            return badFilter;
        }

        if (!(await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return unavailable;
        }

        if (QueryParser.ParseIndexPage(audience, limit, cursor, snapshot, out var page) is { } invalid)
        {
            return invalid;
        }

        // Items carry their review state: the page is rendered again when a state may have changed (a new review
        // epoch), and its Last-Modified moves with the last state change.
        var today = ReviewCalendar.Today(_time);
        return await _renditions.GetOrRenderAsync(
            new CacheKey(
                CacheEntryKind.IndexPage, page.After ?? "", page.Size, page.Audience, null, snapshot.Generation, ReviewEpoch: snapshot.Reviews.Epoch(today),
                Filter: filter.IsEmpty ? null : filter.Query()),
            (snapshot, page, today, filter),
            static s => ListingRenderer.IndexPage(
                s.snapshot.Published,
                Dates.Later(s.snapshot.LastModified, s.snapshot.Reviews.LastPassed(s.today)),
                s.page.Audience,
                s.page.Size,
                s.page.After,
                s.today,
                s.snapshot.Reviews.DueSoonDays,
                s.filter)).ConfigureAwait(false);
    }

    public async Task<Outcome> GetLatestAsync(
        string slug, string? audience, CancellationToken cancellationToken, ArticleFormat format = ArticleFormat.Json, ContentScope scope = ContentScope.Public)
    {
        var started = _time.GetTimestamp();
        if (QueryParser.CheckSlug(slug) is { } badSlug)
        {
            return badSlug;
        }

        if (!(await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return unavailable;
        }

        if ((scope == ContentScope.Preview ? snapshot.Newest(slug) : snapshot.Latest(slug)) is not { } latest)
        {
            return new Missing($"There is no published article '{slug}'.");
        }

        // The public latest JSON is the one mutable article representation: it also says where the text stands in
        // its review cycle today and what its related articles are called now, so it is keyed by the review state
        // (the related titles are the snapshot's, keyed by its generation). JSON-LD and preview keep the version's bytes.
        var kind = scope == ContentScope.Preview ? CacheEntryKind.PreviewLatest : CacheEntryKind.Latest;
        var today = ReviewCalendar.Today(_time);
        var mutable = scope == ContentScope.Public && format == ArticleFormat.Json;
        return await _renditions.GetOrRenderAsync(
            new CacheKey(
                kind, slug, latest.Number, audience ?? latest.DefaultAudience, null, snapshot.Generation, format,
                ReviewState: mutable ? snapshot.Reviews.StateOf(latest, today) : null),
            (Service: this, snapshot, latest, scope, mutable, today, started, cancellationToken),
            static async (key, s) =>
            {
                var outcome = await s.Service.GetVersionRenditionAsync(s.snapshot, key.Slug, s.latest, key.Audience, key.Format, s.started, s.cancellationToken)
                    .ConfigureAwait(false);
                if (outcome is not Found found)
                {
                    return Rendered.Nothing(outcome);
                }

                // The latest URL moves: mutable caching and a Last-Modified that also moves forward when a newer
                // version is retracted and latest falls back.
                var version = found.Representation;
                var lastModified = Dates.Later(version.LastModified, s.snapshot.LatestChangedAt(key.Slug));
                IReadOnlyList<string> keys = [.. version.SurrogateKeys, SurrogateKeys.Latest(key.Slug)];
                return s.mutable
                    ? Rendered.One(key, LatestArticle.Render(version, s.snapshot, s.latest, key.Audience, s.today, lastModified, keys))
                    : Rendered.One(key, version.Reuse(s.scope == ContentScope.Preview ? CacheKind.Private : CacheKind.Mutable, lastModified, keys), serialised: 0);
            }).ConfigureAwait(false);
    }

    public async Task<Outcome> GetVersionAsync(
        string slug, string version, string? audience, CancellationToken cancellationToken, ArticleFormat format = ArticleFormat.Json, ContentScope scope = ContentScope.Public)
    {
        var started = _time.GetTimestamp();
        if (QueryParser.ParseVersion(slug, version, out var number) is { } invalid)
        {
            return invalid;
        }

        if (!(await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return unavailable;
        }

        var entry = FindVersion(snapshot.Find(slug), number);
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

        var outcome = await GetVersionRenditionAsync(snapshot, slug, entry, audience, format, started, cancellationToken).ConfigureAwait(false);
        return scope == ContentScope.Preview && outcome is Found found
            ? new Found(found.Representation.Reuse(CacheKind.Private, found.Representation.LastModified, found.Representation.SurrogateKeys))
            : outcome;
    }

    public async Task<Outcome> GetVersionsAsync(string slug, CancellationToken cancellationToken, ContentScope scope = ContentScope.Public)
    {
        if (QueryParser.CheckSlug(slug) is { } badSlug)
        {
            return badSlug;
        }

        if (!(await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return unavailable;
        }

        var visible = snapshot.Find(slug)?.Versions.Where(v => scope == ContentScope.Preview || IsPublic(v)).ToList() ?? [];
        if (visible.Count == 0)
        {
            return new Missing($"There is no published article '{slug}'.");
        }

        var kind = scope == ContentScope.Preview ? CacheEntryKind.PreviewVersionList : CacheEntryKind.VersionList;
        return await _renditions.GetOrRenderAsync(
            new CacheKey(kind, slug, 0, "", null, snapshot.Generation),
            (snapshot, slug, visible, scope),
            static s => ListingRenderer.Versions(s.slug, s.snapshot.Latest(s.slug), s.visible, s.scope)).ConfigureAwait(false);
    }

    /// <summary>One page of the change feed after <paramref name="since"/> (a cursor from a previous page).</summary>
    public Task<Outcome> GetChangesAsync(string? since, string? limit, CancellationToken cancellationToken) =>
        GetChangesAsync(since, limit, null, null, cancellationToken);

    /// <summary>One page of the change feed after <paramref name="since"/>, of the events of any of <paramref name="slugs"/> and <paramref name="types"/> (each when given).</summary>
    public async Task<Outcome> GetChangesAsync(
        string? since, string? limit, IReadOnlyList<string>? slugs, IReadOnlyList<string>? types, CancellationToken cancellationToken)
    {
        if (QueryParser.ParseFeedPage(since, limit, out var position, out var pageSize) is { } invalid)
        {
            return invalid;
        }

        if (ChangeFilter.Parse(slugs, types, out var filter) is { } badFilter)
        {
            return badFilter;
        }

        if (!(await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return unavailable;
        }

        if (QueryParser.CheckFeedPosition(position, snapshot.Changes.Count) is { } pastTheEnd)
        {
            return pastTheEnd;
        }

        return await _renditions.GetOrRenderAsync(
            new CacheKey(
                CacheEntryKind.Changes, "", position, "", pageSize.ToString(CultureInfo.InvariantCulture), snapshot.Generation,
                Filter: filter.IsEmpty ? null : filter.Query()),
            (snapshot, position, pageSize, filter),
            static s => ListingRenderer.ChangesPage(s.snapshot.Changes, s.snapshot.LastModified, s.position, s.pageSize, s.filter)).ConfigureAwait(false);
    }

    /// <summary>
    /// One page of search results for <paramref name="q"/>, ranked by <see cref="SearchIndex"/> in the audience's text.
    /// Cached by the query's words, audience, page size, cursor, snapshot generation and review epoch.
    /// </summary>
    public async Task<Outcome> SearchAsync(string? q, string? audience, string? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!(await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return unavailable;
        }

        if (SearchQuery.ParseSearch(q, audience, limit, cursor, snapshot.Index.Audiences, out var page) is { } invalid)
        {
            return invalid;
        }

        var today = ReviewCalendar.Today(_time);
        return await _renditions.GetOrRenderAsync(
            new CacheKey(CacheEntryKind.Search, page.Query, page.Size, page.Audience, cursor, snapshot.Generation, ReviewEpoch: snapshot.Reviews.Epoch(today)),
            (snapshot, page, today),
            static s => SearchRenderer.Results(
                s.snapshot.Search.Search(s.page.Terms, s.page.Audience),
                s.page,
                Dates.Later(s.snapshot.LastModified, s.snapshot.Reviews.LastPassed(s.today)),
                s.today,
                s.snapshot.Reviews.DueSoonDays)).ConfigureAwait(false);
    }

    /// <summary>
    /// The HL7 Infobutton lookup: the articles whose latest version's subject carries the code (else, when none does
    /// and a display name is given, whose subject name or a synonym is that name), as a feed for the recipient's audience.
    /// </summary>
    public async Task<Outcome> InfobuttonAsync(
        string? code, string? codeSystem, string? displayName, string? recipient, string? responseType, CancellationToken cancellationToken)
    {
        if (!(await _snapshots.CurrentAsync(cancellationToken).ConfigureAwait(false)).TryGet(out var snapshot, out var unavailable))
        {
            return unavailable;
        }

        if (SearchQuery.ParseInfobutton(code, codeSystem, displayName, recipient, responseType, snapshot.Index.Audiences, out var request) is { } invalid)
        {
            return invalid;
        }

        var today = ReviewCalendar.Today(_time);
        return await _renditions.GetOrRenderAsync(
            new CacheKey(
                CacheEntryKind.Infobutton, request.Oid + "|" + request.Code, 0, request.Audience, request.Recipient + "|" + request.DisplayName, snapshot.Generation,
                ReviewEpoch: snapshot.Reviews.Epoch(today)),
            (snapshot, request, today),
            static s =>
            {
                var matches = s.snapshot.Search.ByCode(s.request.System, s.request.Code);
                if (matches.Count == 0 && s.request.DisplayName is { } name)
                {
                    matches = s.snapshot.Search.ByName(name);
                }

                return SearchRenderer.Feed(
                    matches, s.request, Dates.Later(s.snapshot.LastModified, s.snapshot.Reviews.LastPassed(s.today)), s.today, s.snapshot.Reviews.DueSoonDays);
            }).ConfigureAwait(false);
    }

    public Task<HealthReport> CheckHealthAsync(CancellationToken cancellationToken) => ContentHealth.CheckAsync(_snapshots, cancellationToken);

    /// <summary>One rendition of a version, read and rendered (for every audience and format at once) on a miss.</summary>
    private async ValueTask<Outcome> GetVersionRenditionAsync(
        Snapshot snapshot, string slug, VersionEntry entry, string? audience, ArticleFormat format, long started, CancellationToken cancellationToken)
    {
        audience ??= entry.DefaultAudience;
        if (QueryParser.CheckArticleAudience(slug, entry, audience, snapshot.Index.Audiences) is { } badAudience)
        {
            return badAudience;
        }

        // Concurrent misses on one version share one store read; the document is rendered for every audience at once.
        // Keyed by what the bytes depend on, the document's hash, the entry's syndication terms and the article's
        // first publication: a file edited in place (a new hash in the index), or a file store's changed
        // syndication.json, is rendered afresh, never stale.
        var datePublished = snapshot.DatePublished(slug);
        return await _renditions.GetOrRenderAsync(
            new CacheKey(CacheEntryKind.Version, slug, entry.Number, audience, null, 0, format, entry.Sha256, entry.Syndication, datePublished),
            (Versions: _versions, snapshot, entry, started, cancellationToken),
            static async (key, s) =>
            {
                var read = await s.Versions.ReadAsync(key.Slug, s.entry, s.snapshot.Index.Audiences, s.started, s.cancellationToken).ConfigureAwait(false);
                return read.TryGet(out var document, out var unavailable)
                    ? Rendered.Article(key, ArticleRenditions.Render(key.Slug, s.entry, document, key.DatePublished))
                    : Rendered.Nothing(unavailable);
            }).ConfigureAwait(false);
    }

    /// <summary>The entry of version <paramref name="number"/> (a loop: a warm request allocates nothing here).</summary>
    private static VersionEntry? FindVersion(ArticleEntry? article, int number)
    {
        if (article is null)
        {
            return null;
        }

        var versions = article.Versions;
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i].Number == number)
            {
                return versions[i];
            }
        }

        return null;
    }

    private bool IsPublic(VersionEntry version) => _options.PublicStatuses.Contains(version.ReviewStatus);
}
