using MedicalContent.Delivery;

namespace MedicalContent.Tests.Delivery;

public sealed class RenditionCacheTests
{
    private readonly ContentCounters _counters = new();

    private static CacheKey Key(string slug, CacheEntryKind kind = CacheEntryKind.Version, string audience = "patient", ArticleFormat format = ArticleFormat.Json) =>
        new(kind, slug, 1, audience, null, 0, format);

    private static Representation Bytes(int length) => new(new byte[length], DateTimeOffset.UnixEpoch, CacheKind.Immutable, []);

    [Fact]
    public async Task AHitIsServedWithoutRenderingAgain()
    {
        var cache = new RenditionCache(1024 * 1024, _counters);
        var renders = 0;
        Representation Render(int length)
        {
            renders++;
            return Bytes(length);
        }

        var first = Assert.IsType<Found>(await cache.GetOrRenderAsync(Key("metformin"), 10, Render));
        var second = Assert.IsType<Found>(await cache.GetOrRenderAsync(Key("metformin"), 10, Render));

        Assert.Same(first.Representation, second.Representation);
        Assert.Equal(1, renders);
        Assert.Equal((1, 1, 1), (_counters.CacheHits, _counters.CacheMisses, _counters.Renders));
    }

    [Fact]
    public async Task AMissKeepsEveryRenditionOfTheArticleItMade()
    {
        var cache = new RenditionCache(1024 * 1024, _counters);
        (string, ArticleFormat, Representation)[] renditions =
        [
            ("patient", ArticleFormat.Json, Bytes(1)), ("patient", ArticleFormat.JsonLd, Bytes(2)),
            ("clinician", ArticleFormat.Json, Bytes(3)), ("clinician", ArticleFormat.JsonLd, Bytes(4)),
        ];

        var asked = Assert.IsType<Found>(await cache.GetOrRenderAsync(
            Key("metformin", audience: "clinician"), renditions, static (key, all) => ValueTask.FromResult(Rendered.Article(key, all))));
        var sibling = Assert.IsType<Found>(await cache.GetOrRenderAsync(
            Key("metformin", format: ArticleFormat.JsonLd), 0, static (_, _) => throw new InvalidOperationException("a kept rendition is not rendered again")));

        Assert.Same(renditions[2].Item3, asked.Representation);
        Assert.Same(renditions[1].Item3, sibling.Representation);
        Assert.Equal(4, _counters.Renders);
    }

    [Fact]
    public async Task AnArticleWithoutTheAskedRenditionIsMissingAndItsOthersAreKept()
    {
        var cache = new RenditionCache(1024 * 1024, _counters);
        (string, ArticleFormat, Representation)[] renditions = [("patient", ArticleFormat.Json, Bytes(1))];

        var missing = Assert.IsType<Missing>(await cache.GetOrRenderAsync(
            Key("metformin", audience: "clinician"), renditions, static (key, all) => ValueTask.FromResult(Rendered.Article(key, all))));

        Assert.Contains("no Json rendition for 'clinician'", missing.Detail, StringComparison.Ordinal);
        Assert.IsType<Found>(await cache.GetOrRenderAsync(Key("metformin"), 0, static (_, _) => throw new InvalidOperationException("kept")));
    }

    [Fact]
    public async Task AnUnavailableStoreKeepsNothingSoTheNextRequestTriesAgain()
    {
        var cache = new RenditionCache(1024 * 1024, _counters);
        var attempts = 0;

        for (var i = 0; i < 2; i++)
        {
            Assert.IsType<Unavailable>(await cache.GetOrRenderAsync(Key("metformin"), 0, (_, _) =>
            {
                attempts++;
                return ValueTask.FromResult(Rendered.Nothing(new Unavailable("The store is down.")));
            }));
        }

        Assert.Equal(2, attempts);
        Assert.Equal((0, 2, 0), (_counters.CacheHits, _counters.CacheMisses, _counters.Renders));
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public async Task ReusedBytesAreKeptButNotCountedAsRenders()
    {
        var cache = new RenditionCache(1024 * 1024, _counters);
        var latest = Key("metformin", CacheEntryKind.Latest);

        await cache.GetOrRenderAsync(latest, Bytes(10), static (key, version) => ValueTask.FromResult(Rendered.One(key, version, serialised: 0)));

        Assert.Equal(0, _counters.Renders);
        Assert.IsType<Found>(await cache.GetOrRenderAsync(latest, 0, static (_, _) => throw new InvalidOperationException("kept")));
    }

    [Fact]
    public async Task ListingPagesCannotEvictArticles()
    {
        var cache = new RenditionCache(16 * 1024, _counters);
        await cache.GetOrRenderAsync(Key("metformin"), 4 * 1024, Bytes);

        for (var page = 0; page < 100; page++)
        {
            await cache.GetOrRenderAsync(new CacheKey(CacheEntryKind.IndexPage, "", page, "patient", null, 1), 100, Bytes);
        }

        Assert.IsType<Found>(await cache.GetOrRenderAsync(Key("metformin"), 0, static (_, _) => throw new InvalidOperationException("evicted")));
        Assert.InRange(cache.Bytes, 1, 16 * 1024 + (16 * 1024 / 8));
    }
}
