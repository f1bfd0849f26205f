namespace MedicalContent.Delivery;

/// <summary>
/// Rendered representations kept in memory within the configured byte budget. Index and change-feed pages have their
/// own budget: however many pages clients ask for, they cannot evict the article renditions that most requests need.
/// </summary>
internal sealed class RenditionCache(long maxBytes, ContentCounters counters)
{
    /// <summary>Approximate bookkeeping cost of one cache entry beyond its body.</summary>
    private const int EntryOverheadBytes = 512;

    /// <summary>Listing pages may use this fraction (1/N) of the cache budget, on top of it.</summary>
    private const int ListingsShare = 8;

    private readonly LruCache<CacheKey, Representation> _articles = new(maxBytes, SizeOf);
    private readonly LruCache<CacheKey, Representation> _listings = new(Math.Max(maxBytes / ListingsShare, 1), SizeOf);

    /// <summary>Bytes of rendered representations held (bounded by the budget and the listings' share).</summary>
    public long Bytes => _articles.Size + _listings.Size;

    /// <summary>
    /// The one way through the cache: a hit is served from memory; a miss calls <paramref name="render"/> (with
    /// <paramref name="state"/>, so a warm request allocates no closure), keeps every representation it made and
    /// answers what it answered.
    /// </summary>
    public async ValueTask<Outcome> GetOrRenderAsync<TState>(CacheKey key, TState state, Func<CacheKey, TState, ValueTask<Rendered>> render)
    {
        if (For(key).TryGet(key, out var cached))
        {
            counters.Hit(cached.Body.Length);
            return new Found(cached);
        }

        counters.Miss();
        var rendered = await render(key, state).ConfigureAwait(false);
        counters.Rendered(rendered.Serialised);
        foreach (var (each, representation) in rendered.Keep)
        {
            For(each).Set(each, representation);
        }

        return rendered.Answer;
    }

    /// <summary>The same, for a representation rendered (serialised) at once from what is in memory.</summary>
    public ValueTask<Outcome> GetOrRenderAsync<TState>(CacheKey key, TState state, Func<TState, Representation> render) =>
        GetOrRenderAsync(key, (state, render), static (key, s) => ValueTask.FromResult(Rendered.One(key, s.render(s.state))));

    private LruCache<CacheKey, Representation> For(CacheKey key) =>
        key.Kind is CacheEntryKind.IndexPage or CacheEntryKind.Changes or CacheEntryKind.Search or CacheEntryKind.Infobutton ? _listings : _articles;

    private static long SizeOf(Representation representation) => representation.Body.Length + EntryOverheadBytes;
}

/// <summary>What a cache miss produced: the answer, the representations to keep, and how many of them were serialised.</summary>
internal sealed record Rendered(Outcome Answer, IReadOnlyList<KeyValuePair<CacheKey, Representation>> Keep, int Serialised)
{
    /// <summary>One representation answering <paramref name="key"/>; <paramref name="serialised"/> is 0 when it reuses bytes.</summary>
    public static Rendered One(CacheKey key, Representation representation, int serialised = 1) =>
        new(new Found(representation), [KeyValuePair.Create(key, representation)], serialised);

    /// <summary>All renditions of an article version, made together; the answer is the one <paramref name="key"/> asks for.</summary>
    public static Rendered Article(CacheKey key, IReadOnlyList<(string Audience, ArticleFormat Format, Representation Representation)> renditions)
    {
        var keep = renditions.Select(r => KeyValuePair.Create(key with { Audience = r.Audience, Format = r.Format }, r.Representation)).ToList();
        Outcome answer = keep.Find(k => k.Key == key).Value is { } requested
            ? new Found(requested)
            : new Missing($"Version {key.Number} of '{key.Slug}' has no {key.Format} rendition for '{key.Audience}'.");
        return new(answer, keep, keep.Count);
    }

    /// <summary>An answer with nothing to keep (the store was unavailable, or there is nothing to render).</summary>
    public static Rendered Nothing(Outcome answer) => new(answer, [], 0);
}
