using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedicalContent.Tests.Delivery;

public sealed class SharedVersionReaderTests : IDisposable
{
    private readonly TempContentFolder _folder = new();
    private readonly ContentCounters _counters = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AVersionIsReadAndCheckedAgainstTheIndex()
    {
        var (entry, vocabulary) = await EntryAsync("metformin", 1);
        var reader = Reader(new FileContentStore(_folder.Path));

        Assert.True((await reader.ReadAsync("metformin", entry, vocabulary, TimeProvider.System.GetTimestamp(), CancellationToken.None)).TryGet(out var document, out _));
        Assert.Equal(("metformin", 1), (document.Slug, document.Version));
    }

    [Fact]
    public async Task BytesThatDoNotMatchTheIndexAreUnavailable()
    {
        var (entry, vocabulary) = await EntryAsync("metformin", 1);
        var reader = Reader(new FileContentStore(_folder.Path));

        var read = await reader.ReadAsync("metformin", entry with { Sha256 = new string('0', 64) }, vocabulary, TimeProvider.System.GetTimestamp(), CancellationToken.None);

        Assert.False(read.TryGet(out _, out var unavailable));
        Assert.Contains("failed its integrity check", unavailable.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _counters.IntegrityFailures);
    }

    [Fact]
    public async Task AStoreErrorIsUnavailableWithoutItsDetails()
    {
        var (entry, vocabulary) = await EntryAsync("metformin", 1);
        var reader = Reader(new StalledStore(new IOException("/var/secret is not mounted")));

        var read = await reader.ReadAsync("metformin", entry, vocabulary, TimeProvider.System.GetTimestamp(), CancellationToken.None);

        Assert.False(read.TryGet(out _, out var unavailable));
        Assert.Equal("Version 1 of 'metformin' cannot be read from the content store.", unavailable.Detail);
        Assert.Equal(1, _counters.StoreFailures);
    }

    [Fact]
    public async Task AReadPastTheRequestsBudgetIsUnavailableAndTheAbandonedStoreCallIsCancelled()
    {
        var (entry, vocabulary) = await EntryAsync("metformin", 1);
        var store = new StalledStore();
        var reader = Reader(store, new ContentCacheOptions { StoreBudgetSeconds = 0 });

        var read = await reader.ReadAsync("metformin", entry, vocabulary, TimeProvider.System.GetTimestamp(), CancellationToken.None);

        Assert.False(read.TryGet(out _, out var unavailable));
        Assert.Contains("within the request's 0 s budget", unavailable.Detail, StringComparison.Ordinal);
        await store.Cancelled.Task;
    }

    private SharedVersionReader Reader(IContentStore store, ContentCacheOptions? options = null) =>
        new(store, options ?? new ContentCacheOptions(), TimeProvider.System, NullLogger.Instance, _counters);

    private async Task<(VersionEntry Entry, AudienceVocabulary Vocabulary)> EntryAsync(string slug, int version)
    {
        var read = await new FileContentStore(_folder.Path).ReadIndexAsync(null, CancellationToken.None);
        return (read!.Index.Articles.Single(a => a.Slug == slug).Versions.Single(v => v.Number == version), read.Index.Audiences);
    }

    /// <summary>A store whose version reads fail with <paramref name="failure"/>, or never answer until cancelled.</summary>
    private sealed class StalledStore(Exception? failure = null) : IContentStore
    {
        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Description => "stalled store";

        public Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken)
        {
            if (failure is not null)
            {
                throw failure;
            }

            using var registration = cancellationToken.Register(() => Cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
