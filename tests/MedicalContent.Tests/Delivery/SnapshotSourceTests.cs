using MedicalContent.Delivery;
using MedicalContent.Rendering;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Delivery;

public sealed class SnapshotSourceTests : IDisposable
{
    private readonly TempContentFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FailingStore _store;
    private readonly SnapshotSource _source;

    public SnapshotSourceTests()
    {
        _store = new FailingStore(new FileContentStore(_folder.Path));
        _source = new SnapshotSource(
            _store, new ContentCacheOptions { RefreshIntervalSeconds = 5, StaleWindowSeconds = 60 }, _clock, NullLogger.Instance, new ContentCounters());
    }

    public void Dispose()
    {
        _source.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task WithNothingToServeAFailingStoreIsUnavailableAndIsNotAskedAgainAtOnce()
    {
        _store.Failure = new StoreUnavailableException("The index could not be read.");

        Assert.Equal("The index could not be read.", (await UnavailableAsync()).Detail);
        Assert.Equal("The index could not be read.", (await UnavailableAsync()).Detail);
        Assert.Equal(1, _store.IndexReads);

        _store.Failure = null;
        _clock.Advance(TimeSpan.FromSeconds(5));
        await SnapshotAsync();
    }

    [Fact]
    public async Task AnUnexpectedStoreErrorIsUnavailableWithoutItsDetails()
    {
        _store.Failure = new IOException("/var/secret/content is not mounted");

        Assert.Equal("The content store cannot be read.", (await UnavailableAsync()).Detail);
    }

    [Fact]
    public async Task AFailingRecheckServesTheLastGoodSnapshotUntilTheStaleWindowCloses()
    {
        var good = await SnapshotAsync();
        _store.Failure = new StoreUnavailableException("The index could not be read.");
        _clock.Advance(TimeSpan.FromSeconds(6));

        Assert.Same(good, await SnapshotAsync());
        Assert.Equal("The index could not be read.", _source.Failure);

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Contains("stale window", (await UnavailableAsync()).Detail, StringComparison.Ordinal);

        _store.Failure = null;
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Same(good, await SnapshotAsync());
        Assert.Null(_source.Failure);
    }

    [Fact]
    public async Task InvalidContentWithNothingToServeFailsLoudly()
    {
        _folder.Write("articles/metformin/v1.json", "{ broken");

        await Assert.ThrowsAsync<InvalidContentException>(() => _source.CurrentAsync(CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task HealthIsHealthyThenDegradedWhileServingFromMemoryThenUnhealthy()
    {
        Assert.Equal(HealthReport.Healthy, (await ContentHealth.CheckAsync(_source, CancellationToken.None)).Status);

        _store.Failure = new StoreUnavailableException("The index could not be read.");
        _clock.Advance(TimeSpan.FromSeconds(6));
        var degraded = await ContentHealth.CheckAsync(_source, CancellationToken.None);
        Assert.Equal((HealthReport.Degraded, "The index could not be read."), (degraded.Status, degraded.Error));
        Assert.True(degraded.Articles > 0);

        _clock.Advance(TimeSpan.FromSeconds(60));
        var unhealthy = await ContentHealth.CheckAsync(_source, CancellationToken.None);
        Assert.Equal(HealthReport.Unhealthy, unhealthy.Status);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-66), unhealthy.LastStoreSuccessAt);
    }

    private async Task<Snapshot> SnapshotAsync()
    {
        Assert.True((await _source.CurrentAsync(CancellationToken.None)).TryGet(out var snapshot, out var unavailable), unavailable?.Detail);
        return snapshot;
    }

    private async Task<Unavailable> UnavailableAsync()
    {
        Assert.False((await _source.CurrentAsync(CancellationToken.None)).TryGet(out _, out var unavailable));
        return unavailable;
    }

    /// <summary>A real store that fails its index reads while <see cref="Failure"/> is set.</summary>
    private sealed class FailingStore(IContentStore inner) : IContentStore
    {
        private int _indexReads;

        public Exception? Failure { get; set; }

        public int IndexReads => Volatile.Read(ref _indexReads);

        public string Description => inner.Description;

        public Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _indexReads);
            return Failure is { } failure ? Task.FromException<IndexSnapshot?>(failure) : inner.ReadIndexAsync(knownETag, cancellationToken);
        }

        public Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken) =>
            inner.ReadVersionAsync(slug, version, cancellationToken);
    }
}
