using System.Text.Json.Nodes;
using MedicalContent.Delivery;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Delivery;

public sealed class ContentServiceTests : IDisposable
{
    private readonly TempContentFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CountingStore _store;
    private readonly ContentService _service;

    public ContentServiceTests()
    {
        _store = new CountingStore(new FileContentStore(_folder.Path));
        _service = Create(new ContentCacheOptions { RefreshIntervalSeconds = 5 });
    }

    private ContentService Create(ContentCacheOptions options) => new(_store, options, _clock, NullLogger<ContentService>.Instance);

    public void Dispose()
    {
        _service.Dispose();
        _folder.Dispose();
    }

    private async Task<Representation> LatestAsync(string slug = "insulin-resistance", string? audience = "patient") =>
        Assert.IsType<Found>(await _service.GetLatestAsync(slug, audience, CancellationToken.None)).Representation;

    [Fact]
    public async Task ACursorThatNamesNoArticleIsRejected()
    {
        var invalid = Assert.IsType<Invalid>(await _service.GetArticleIndexAsync("patient", null, PageCursor.Encode("no-such-article"), CancellationToken.None));

        Assert.Equal("cursor", invalid.Parameter);
        Assert.IsType<Found>(await _service.GetArticleIndexAsync("patient", null, PageCursor.Encode("metformin"), CancellationToken.None));
    }

    [Fact]
    public async Task AFloodOfListingPagesDoesNotEvictArticles()
    {
        using var service = Create(new ContentCacheOptions { RefreshIntervalSeconds = 5, MaxBytes = 64 * 1024 });
        Assert.IsType<Found>(await service.GetVersionAsync("insulin-resistance", "2", "clinician", CancellationToken.None));
        var reads = _store.VersionReads;

        string[] slugs = ["insulin-resistance", "metabolic-syndrome", "metformin", "polycystic-ovary-syndrome", "prediabetes"];
        foreach (var audience in new[] { "patient", "clinician" })
        {
            for (var limit = 1; limit <= QueryParser.MaxPageSize; limit++)
            {
                foreach (var cursor in slugs.Select(PageCursor.Encode).Prepend(null))
                {
                    Assert.IsType<Found>(await service.GetArticleIndexAsync(audience, limit.ToString(System.Globalization.CultureInfo.InvariantCulture), cursor, CancellationToken.None));
                }
            }
        }

        Assert.IsType<Found>(await service.GetVersionAsync("insulin-resistance", "2", "clinician", CancellationToken.None));
        Assert.Equal(reads, _store.VersionReads);
    }

    [Fact]
    public async Task WarmRequestsReadNothingFromTheStoreAndSerialiseNothing()
    {
        string[] slugs = ["insulin-resistance", "metformin", "prediabetes"];
        async Task RequestAsync(int i)
        {
            var slug = slugs[i % slugs.Length];
            await LatestAsync(slug, i % 2 == 0 ? "patient" : "clinician");
            Assert.IsType<Found>(await _service.GetVersionAsync(slug, "1", "clinician", CancellationToken.None));
            Assert.IsType<Found>(await _service.GetVersionsAsync(slug, CancellationToken.None));
            Assert.IsType<Found>(await _service.GetArticleIndexAsync("patient", null, null, CancellationToken.None));
        }

        for (var i = 0; i < 6; i++)
        {
            await RequestAsync(i);
        }

        var storeReads = _store.IndexReads + _store.VersionReads;
        var renders = _service.Counters.Renders;

        for (var i = 0; i < 1000; i++)
        {
            await RequestAsync(i);
        }

        Assert.Equal(storeReads, _store.IndexReads + _store.VersionReads);
        Assert.Equal(renders, _service.Counters.Renders);
    }

    [Fact]
    public async Task RechecksTheIndexAtMostOncePerInterval()
    {
        await LatestAsync();
        var reads = _store.IndexReads;

        _clock.Advance(TimeSpan.FromSeconds(4));
        for (var i = 0; i < 50; i++)
        {
            await LatestAsync();
        }

        Assert.Equal(reads, _store.IndexReads);

        _clock.Advance(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 50; i++)
        {
            await LatestAsync();
        }

        Assert.Equal(reads + 1, _store.IndexReads);
        Assert.Equal(1, _service.Counters.IndexNotModified);
    }

    [Fact]
    public async Task ConcurrentMissesOnOneVersionCauseOneStoreRead()
    {
        await _service.InitializeAsync(CancellationToken.None);
        _store.VersionGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var requests = Enumerable.Range(0, 32)
            .Select(i => Task.Run(() => _service.GetVersionAsync("insulin-resistance", "2", i % 2 == 0 ? "patient" : "clinician", CancellationToken.None)))
            .ToList();
        while (_store.VersionReads == 0)
        {
            await Task.Delay(10);
        }

        _store.VersionGate.SetResult();
        var outcomes = await Task.WhenAll(requests);

        Assert.All(outcomes, o => Assert.IsType<Found>(o));
        Assert.Equal(1, _store.VersionReads);
    }

    [Fact]
    public async Task ANewlyPublishedVersionBecomesLatestWithinTheInterval()
    {
        Assert.Equal(2, await VersionOf(LatestAsync()));
        var v3 = JsonNode.Parse(_folder.Read("articles/insulin-resistance/v2.json"))!;
        v3["version"] = 3;
        v3["lastUpdated"] = "2025-12-01";
        v3["review"]!["reviewedOn"] = "2025-12-02";
        File.Delete(_folder.File("articles/insulin-resistance/v3.json"));
        _folder.Write("articles/insulin-resistance/v3.json", v3.ToJsonString());

        Assert.Equal(2, await VersionOf(LatestAsync()));

        _clock.Advance(TimeSpan.FromSeconds(5));

        var latest = await LatestAsync();
        Assert.Equal(3, await VersionOf(Task.FromResult(latest)));
        Assert.Equal("/api/v1/articles/insulin-resistance/versions/3?audience=patient", latest.ContentLocation);
    }

    [Fact]
    public async Task KeepsRenderedBytesWithinTheConfiguredBound()
    {
        using var bounded = new ContentService(_store, new ContentCacheOptions { MaxBytes = 40_000 }, _clock, NullLogger<ContentService>.Instance);
        foreach (var slug in new[] { "insulin-resistance", "metformin", "prediabetes", "metabolic-syndrome", "polycystic-ovary-syndrome" })
        {
            foreach (var audience in new[] { "patient", "clinician" })
            {
                Assert.IsType<Found>(await bounded.GetLatestAsync(slug, audience, CancellationToken.None));
                Assert.IsType<Found>(await bounded.GetVersionAsync(slug, "1", audience, CancellationToken.None));
            }
        }

        Assert.InRange(bounded.CachedBytes, 1, 40_000);
    }

    [Fact]
    public async Task TheSameBytesHaveTheSameETagAndDifferentBytesDifferentOnes()
    {
        var latest = await LatestAsync(audience: "patient");
        var version = Assert.IsType<Found>(await _service.GetVersionAsync("insulin-resistance", "2", "patient", CancellationToken.None)).Representation;
        var preview = Assert.IsType<Found>(await _service.GetVersionAsync("insulin-resistance", "2", "patient", CancellationToken.None, scope: ContentScope.Preview)).Representation;
        var clinician = await LatestAsync(audience: "clinician");
        var older = Assert.IsType<Found>(await _service.GetVersionAsync("insulin-resistance", "1", "patient", CancellationToken.None)).Representation;

        // The preview of a version is its bytes; the latest is its version's bytes plus today's review state and
        // related titles: the same ETag exactly when those add nothing.
        Assert.Equal(version.Body, preview.Body);
        Assert.Equal(version.ETag, preview.ETag);
        Assert.Equal(Representation.StrongETag(latest.Body), latest.ETag);
        Assert.Equal(latest.Body.AsSpan().SequenceEqual(version.Body), latest.ETag == version.ETag);
        Assert.Equal(CacheKind.Mutable, latest.CacheKind);
        Assert.Equal(CacheKind.Private, preview.CacheKind);
        Assert.Equal(CacheKind.Immutable, version.CacheKind);
        Assert.Equal(3, new[] { latest.ETag, clinician.ETag, older.ETag }.Distinct().Count());
        Assert.StartsWith("\"", latest.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepsServingTheLastGoodIndexWhenARecheckFails()
    {
        await LatestAsync();
        _folder.Write("articles/metformin/v1.json", "{ broken");
        _clock.Advance(TimeSpan.FromSeconds(6));

        var latest = await LatestAsync();

        Assert.Equal(2, await VersionOf(Task.FromResult(latest)));
    }

    [Fact]
    public async Task AVersionFileEditedInPlaceIsRenderedAfreshOnceTheIndexIsRechecked()
    {
        var before = Assert.IsType<Found>(await _service.GetVersionAsync("prediabetes", "2", "patient", CancellationToken.None)).Representation;
        EditPrediabetes();
        _clock.Advance(TimeSpan.FromSeconds(6));

        var after = Assert.IsType<Found>(await _service.GetVersionAsync("prediabetes", "2", "patient", CancellationToken.None)).Representation;

        Assert.Contains("It is an early warning sign", System.Text.Encoding.UTF8.GetString(after.Body), StringComparison.Ordinal);
        Assert.NotEqual(before.ETag, after.ETag);
    }

    [Fact]
    public async Task BytesThatNoLongerMatchTheIndexAreUnavailableAndNothingIsCached()
    {
        await LatestAsync();
        EditPrediabetes();

        var unavailable = Assert.IsType<Unavailable>(await _service.GetVersionAsync("prediabetes", "2", "patient", CancellationToken.None));
        Assert.Contains("failed its integrity check", unavailable.Detail, StringComparison.Ordinal);
        Assert.IsType<Unavailable>(await _service.GetVersionAsync("prediabetes", "2", "clinician", CancellationToken.None));
        Assert.Equal(2, _service.Counters.IntegrityFailures);

        _clock.Advance(TimeSpan.FromSeconds(6));
        var found = Assert.IsType<Found>(await _service.GetVersionAsync("prediabetes", "2", "patient", CancellationToken.None));
        Assert.Contains("It is an early warning sign", System.Text.Encoding.UTF8.GetString(found.Representation.Body), StringComparison.Ordinal);
    }

    private void EditPrediabetes()
    {
        const string file = "articles/prediabetes/v2.json";
        var text = _folder.Read(file);
        Assert.Contains("It is a warning sign", text, StringComparison.Ordinal);
        _folder.Write(file, text.Replace("It is a warning sign", "It is an early warning sign", StringComparison.Ordinal));
    }

    private static async Task<int> VersionOf(Task<Representation> representation) =>
        JsonNode.Parse((await representation).Body)!["version"]!.GetValue<int>();
}
