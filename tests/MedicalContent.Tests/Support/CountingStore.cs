using MedicalContent.Storage;

namespace MedicalContent.Tests.Support;

/// <summary>Wraps a real store to count its reads and, when asked, hold version reads until released.</summary>
public sealed class CountingStore(IContentStore inner) : IContentStore
{
    private int _indexReads;
    private int _versionReads;

    public TaskCompletionSource? VersionGate { get; set; }

    public int IndexReads => Volatile.Read(ref _indexReads);

    public int VersionReads => Volatile.Read(ref _versionReads);

    public string Description => inner.Description;

    public Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _indexReads);
        return inner.ReadIndexAsync(knownETag, cancellationToken);
    }

    public async Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _versionReads);
        if (VersionGate is { } gate)
        {
            await gate.Task;
        }

        return await inner.ReadVersionAsync(slug, version, cancellationToken);
    }
}
