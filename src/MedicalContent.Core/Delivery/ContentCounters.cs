using System.Diagnostics.Metrics;

namespace MedicalContent.Delivery;

/// <summary>
/// What the content service did, counted: store reads, renders (JSON serialisations) and cache hits. Published as
/// metrics (meter <c>MedicalContent.Content</c>) and read directly by tests and benchmarks.
/// </summary>
public sealed class ContentCounters
{
    public const string MeterName = "MedicalContent.Content";

    private long _indexReads;
    private long _indexNotModified;
    private long _versionReads;
    private long _renders;
    private long _cacheHits;
    private long _cacheMisses;
    private long _storeCallsCancelled;
    private long _storeFailures;
    private long _integrityFailures;

    public long IndexReads => Interlocked.Read(ref _indexReads);

    /// <summary>Index re-checks the store answered with "not modified".</summary>
    public long IndexNotModified => Interlocked.Read(ref _indexNotModified);

    public long VersionReads => Interlocked.Read(ref _versionReads);

    /// <summary>Store calls of any kind: conditional index checks and version reads.</summary>
    public long StoreReads => IndexReads + VersionReads;

    /// <summary>Representations serialised to JSON.</summary>
    public long Renders => Interlocked.Read(ref _renders);

    public long CacheHits => Interlocked.Read(ref _cacheHits);

    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    /// <summary>Store calls abandoned because every request waiting on them went away.</summary>
    public long StoreCallsCancelled => Interlocked.Read(ref _storeCallsCancelled);

    /// <summary>Store reads that failed after their retries.</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>Version reads whose bytes did not match the index's SHA-256 or did not validate (never served).</summary>
    public long IntegrityFailures => Interlocked.Read(ref _integrityFailures);

    internal void IndexRead(bool modified)
    {
        Interlocked.Increment(ref _indexReads);
        if (!modified)
        {
            Interlocked.Increment(ref _indexNotModified);
        }
    }

    internal void VersionRead() => Interlocked.Increment(ref _versionReads);

    internal void Rendered(int count) => Interlocked.Add(ref _renders, count);

    public void StoreCallCancelled() => Interlocked.Increment(ref _storeCallsCancelled);

    internal void StoreFailed() => Interlocked.Increment(ref _storeFailures);

    internal void IntegrityFailed() => Interlocked.Increment(ref _integrityFailures);

    internal void Hit() => Interlocked.Increment(ref _cacheHits);

    internal void Miss() => Interlocked.Increment(ref _cacheMisses);

    /// <summary>Publishes the counters as observable instruments on <paramref name="meter"/>.</summary>
    public void Publish(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableCounter("content.store.index_reads", () => IndexReads, description: "Conditional reads of the store's index");
        meter.CreateObservableCounter("content.store.version_reads", () => VersionReads, description: "Reads of version documents from the store");
        meter.CreateObservableCounter("content.renders", () => Renders, description: "Representations serialised to JSON");
        meter.CreateObservableCounter("content.cache.hits", () => CacheHits);
        meter.CreateObservableCounter("content.cache.misses", () => CacheMisses);
        meter.CreateObservableCounter("content.store.failures", () => StoreFailures, description: "Store reads that failed after retries");
        meter.CreateObservableCounter("content.store.integrity_failures", () => IntegrityFailures, description: "Version reads that failed the hash or validation check");
        meter.CreateObservableCounter("content.store.cancelled", () => StoreCallsCancelled, description: "Store calls cancelled because their clients went away");
    }
}
