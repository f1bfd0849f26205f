using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Publishing;
using MedicalContent.Serialization;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Publishing;

/// <summary>
/// The index's change log (docs/decisions/0013-index-change-log.md): an API instance picks up a publish by reading
/// the change, not the index, and ends with exactly the index a whole read gives; races and interrupted publishers
/// lose nothing; an index written without a log is still read.
/// </summary>
[Integration]
[Collection(UsesAzurite.Name)]
public sealed class IndexChangeLogTests(AzuriteFixture azurite) : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<IDisposable> _disposables = [];

    public void Dispose() => _disposables.ForEach(d => d.Dispose());

    [Fact]
    public async Task AnInstancePicksUpOneNewVersionByDownloadingOnlyItsChange()
    {
        var container = await azurite.CreateContainerAsync();
        var baseline = Folder();
        for (var i = 1; i <= 50; i++)
        {
            BlobTestContent.AddArticle(baseline, $"extra-{i:D2}");
        }

        await new Publisher(container).PublishAsync(baseline.Path, null, CancellationToken.None);
        var (instance, traffic) = Instance(container);
        await CurrentAsync(instance);

        var next = Folder(baseline.Path);
        var added = BlobTestContent.AddVersion(next, "prediabetes", 2, 3);
        Assert.True((await new Publisher(container).PublishAsync(next.Path, null, CancellationToken.None)).IndexWritten);
        var before = traffic.BodyBytes;
        _clock.Advance(TimeSpan.FromSeconds(5));
        var snapshot = await CurrentAsync(instance);

        // What the instance downloaded is the logged change, byte for byte: a small fraction of the index.
        var indexBlob = (await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync()).Value;
        var log = IndexChangeLog.Position(indexBlob.Metadata)!;
        var change = (await container.GetBlobClient(IndexChangeLog.BlobName(log.Log, log.Number)).GetPropertiesAsync()).Value;
        Assert.Equal(change.ContentLength, traffic.BodyBytes - before);
        Assert.True(change.ContentLength * 10 < indexBlob.ContentLength, $"change {change.ContentLength} B, index {indexBlob.ContentLength} B");

        // And it serves exactly the new version, from exactly the index a whole read gives.
        Assert.Equal(3, snapshot.Find("prediabetes")!.Versions.Max(v => v.Number));
        Assert.Contains(added, BlobTestContent.VersionNames(snapshot.Index));
        Assert.Equal(snapshot.StoreETag, indexBlob.ETag.ToString());
        await AssertSameAsStoreAsync(container, snapshot);
    }

    [Fact]
    public async Task AnInstanceFollowingTheLogEndsWithEveryVersionOfConcurrentPublishers()
    {
        const int Publishers = 4;
        var container = await azurite.CreateContainerAsync();
        var baseline = Folder();
        await new Publisher(container).PublishAsync(baseline.Path, null, CancellationToken.None);
        var (instance, _) = Instance(container);
        await CurrentAsync(instance);

        var folders = Enumerable.Range(1, Publishers).Select(_ => Folder()).ToList();
        var added = folders.Select((f, i) => BlobTestContent.AddArticle(f, $"concurrent-{i}")).ToList();
        var results = await BlobTestContent.PublishRacingAsync(container, folders);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var snapshot = await CurrentAsync(instance);

        Assert.All(results, r => Assert.True(r.IndexWritten));
        Assert.All(added, name => Assert.Contains(name, BlobTestContent.VersionNames(snapshot.Index)));
        Assert.Equal(Publishers, IndexChangeLog.Position((await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync()).Value.Metadata)!.Number);
        await AssertSameAsStoreAsync(container, snapshot);
    }

    [Fact]
    public async Task AChangeLoggedByAPublisherThatStoppedIsInvisibleUntilTheNextPublisherCompletesIt()
    {
        var container = await azurite.CreateContainerAsync();
        var baseline = Folder();
        await new Publisher(container).PublishAsync(baseline.Path, null, CancellationToken.None);
        var (instance, _) = Instance(container);
        await CurrentAsync(instance);

        // A publisher logs change 1 (a new article), then stops before writing the index.
        var stopped = Folder();
        var stoppedArticle = BlobTestContent.AddArticle(stopped, "stopped");
        var halfDone = new Publisher(container)
        {
            MaxIndexAttempts = 1,
            BeforeIndexWrite = async token =>
            {
                var current = await BlobContentStore.ReadCurrentIndexAsync(container, token);
                var load = ContentFolder.Load(stopped.Path, linksWithinFolder: false);
                var next = IndexMerge.Merge(current!.Index, load.Vocabulary!, load.Syndication!, load.Versions, _clock.GetUtcNow());
                var change = IndexChange.Between(current.Index, next, current.ETag, audiencesChanged: false)!;
                Assert.True(await IndexChangeLog.TryCreateAsync(container, current.Log!.Log, current.Log.Number + 1, change, token));
                throw new OperationCanceledException("the publisher stopped");
            },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => halfDone.PublishAsync(stopped.Path, null, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(stoppedArticle, BlobTestContent.VersionNames((await CurrentAsync(instance)).Index));

        // The next publisher finds the number taken by a change based on the index it read: it completes that one, then its own.
        var next = Folder();
        var nextArticle = BlobTestContent.AddArticle(next, "next");
        var result = await new Publisher(container).PublishAsync(next.Path, null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var snapshot = await CurrentAsync(instance);

        Assert.Equal(2, result.IndexAttempts);
        Assert.Contains(stoppedArticle, BlobTestContent.VersionNames(snapshot.Index));
        Assert.Contains(nextArticle, BlobTestContent.VersionNames(snapshot.Index));
        await AssertSameAsStoreAsync(container, snapshot);
    }

    [Fact]
    public async Task AnIndexWrittenWithoutALogIsReadWholeAndTheNextPublishStartsOne()
    {
        var container = await azurite.CreateContainerAsync();
        var baseline = Folder();
        var load = ContentFolder.Load(baseline.Path);
        foreach (var version in load.Versions)
        {
            await container.GetBlobClient(version.File).UploadAsync(BinaryData.FromBytes(version.Bytes));
        }

        // An index as publishers before the change log wrote it: no log position in its metadata.
        var old = IndexMerge.Merge(null, load.Vocabulary!, load.Syndication!, load.Versions, _clock.GetUtcNow());
        await BlobContentStore.WriteIndexAsync(container, old, null, CancellationToken.None);
        var (instance, traffic) = Instance(container);
        Assert.Equal(old.Articles.Count, (await CurrentAsync(instance)).Index.Articles.Count);

        var next = Folder();
        var first = BlobTestContent.AddArticle(next, "first-logged");
        await new Publisher(container).PublishAsync(next.Path, null, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Contains(first, BlobTestContent.VersionNames((await CurrentAsync(instance)).Index));

        var then = Folder();
        var second = BlobTestContent.AddArticle(then, "second-logged");
        await new Publisher(container).PublishAsync(then.Path, null, CancellationToken.None);
        var before = traffic.BodyBytes;
        _clock.Advance(TimeSpan.FromSeconds(5));
        var snapshot = await CurrentAsync(instance);

        Assert.Contains(second, BlobTestContent.VersionNames(snapshot.Index));
        var indexBytes = (await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync()).Value.ContentLength;
        Assert.True(traffic.BodyBytes - before < indexBytes / 2, "the second publish is read from the log");
        await AssertSameAsStoreAsync(container, snapshot);
    }

    [Fact]
    public async Task ARetractionReachesAnInstanceThroughTheLog()
    {
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(Folder().Path, null, CancellationToken.None);
        var (instance, _) = Instance(container);
        var latest = (await CurrentAsync(instance)).Latest("metformin")!.Number;

        await new Retractor(container, _clock).RetractAsync("metformin", latest, "Dosing table error", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var snapshot = await CurrentAsync(instance);

        Assert.NotNull(snapshot.Find("metformin")!.Versions.Single(v => v.Number == latest).Retraction);
        Assert.NotEqual(latest, snapshot.Latest("metformin")?.Number);
        Assert.Equal(1, IndexChangeLog.Position((await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync()).Value.Metadata)!.Number);
        await AssertSameAsStoreAsync(container, snapshot);
    }

    private TempContentFolder Folder(string? source = null)
    {
        var folder = new TempContentFolder(source);
        _disposables.Add(folder);
        return folder;
    }

    /// <summary>An API instance: the snapshot source over the blob store (as the API wraps it), with a counting client.</summary>
    private (SnapshotSource Source, Traffic Traffic) Instance(BlobContainerClient container)
    {
        var traffic = new Traffic();
        var options = new BlobClientOptions();
        options.AddPolicy(traffic, HttpPipelinePosition.PerRetry);
        var client = new BlobServiceClient(azurite.ConnectionString, options).GetBlobContainerClient(container.Name);
        var cacheOptions = new ContentCacheOptions { RefreshIntervalSeconds = 5 };
        var store = new ResilientContentStore(new BlobContentStore(client), cacheOptions, time: _clock);
        var source = new SnapshotSource(store, cacheOptions, _clock, NullLogger.Instance, new ContentCounters());
        _disposables.Add(source);
        return (source, traffic);
    }

    private static async Task<Snapshot> CurrentAsync(SnapshotSource source) =>
        (await source.CurrentAsync(CancellationToken.None)).TryGet(out var snapshot, out var unavailable)
            ? snapshot
            : throw new InvalidOperationException(unavailable.Detail);

    /// <summary>
    /// The instance's index, built by applying changes, is exactly what a full read of the index blob gives: the same
    /// bytes once both keep what a snapshot keeps (a snapshot drops the summaries of versions that are not latest).
    /// </summary>
    private static async Task AssertSameAsStoreAsync(BlobContainerClient container, Snapshot snapshot)
    {
        var stored = (await container.GetBlobClient(BlobContentStore.IndexBlobName).DownloadContentAsync()).Value.Content.ToArray();
        var fullRead = new Snapshot(JsonSerializer.Deserialize(stored, CoreJsonContext.Default.ContentIndex)!, "full read", 0, snapshot.CheckedAt, new ContentCacheOptions().PublicStatuses);
        Assert.Equal(
            JsonSerializer.SerializeToUtf8Bytes(fullRead.Index, CoreJsonContext.Default.ContentIndex),
            JsonSerializer.SerializeToUtf8Bytes(snapshot.Index, CoreJsonContext.Default.ContentIndex));
    }

    /// <summary>Counts the response body bytes a client receives (a HEAD response has none).</summary>
    private sealed class Traffic : HttpPipelinePolicy
    {
        private long _bodyBytes;

        public long BodyBytes => Interlocked.Read(ref _bodyBytes);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Count(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Count(message);
        }

        private void Count(HttpMessage message)
        {
            if (message.Request.Method != RequestMethod.Head && message.Response.Headers.ContentLength is { } length)
            {
                Interlocked.Add(ref _bodyBytes, length);
            }
        }
    }
}
