using System.Diagnostics.Metrics;
using MedicalContent.Telemetry;
using static MedicalContent.Telemetry.ContentTelemetry;

namespace MedicalContent.Delivery;

/// <summary>
/// What the content service did, counted: store reads, renders (JSON serialisations), cache hits, index refreshes and
/// answers from a stale snapshot. Published as observable instruments (meter <see cref="ContentTelemetry.MeterName"/>,
/// names in <see cref="ContentTelemetry.Instruments"/>), so a request costs an interlocked increment whether or not
/// anything listens; read directly by tests and benchmarks.
/// </summary>
public sealed class ContentCounters
{
    public const string MeterName = ContentTelemetry.MeterName;

    private long _indexReads;
    private long _indexNotModified;
    private long _indexRefreshFailures;
    private long _versionReads;
    private long _renders;
    private long _cacheHits;
    private long _cacheHitBytes;
    private long _cacheMisses;
    private long _staleServes;
    private long _storeCallsCancelled;
    private long _indexFailures;
    private long _versionFailures;
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

    /// <summary>Body bytes of the representations served from memory.</summary>
    public long CacheHitBytes => Interlocked.Read(ref _cacheHitBytes);

    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    /// <summary>Answers from a snapshot kept while the store fails (within the stale window).</summary>
    public long StaleServes => Interlocked.Read(ref _staleServes);

    /// <summary>Store calls abandoned because every request waiting on them went away.</summary>
    public long StoreCallsCancelled => Interlocked.Read(ref _storeCallsCancelled);

    /// <summary>Store reads that failed after their retries.</summary>
    public long StoreFailures => Interlocked.Read(ref _indexFailures) + Interlocked.Read(ref _versionFailures);

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

    /// <summary>A read of the index failed after its retries: the refresh failed too.</summary>
    internal void IndexReadFailed()
    {
        Interlocked.Increment(ref _indexFailures);
        Interlocked.Increment(ref _indexRefreshFailures);
    }

    internal void VersionReadFailed() => Interlocked.Increment(ref _versionFailures);

    internal void IntegrityFailed() => Interlocked.Increment(ref _integrityFailures);

    internal void Hit(int bytes)
    {
        Interlocked.Increment(ref _cacheHits);
        Interlocked.Add(ref _cacheHitBytes, bytes);
    }

    internal void Miss() => Interlocked.Increment(ref _cacheMisses);

    internal void StaleServed() => Interlocked.Increment(ref _staleServes);

    /// <summary>
    /// Publishes the counters as observable instruments on <paramref name="meter"/>; <paramref name="cachedBytes"/>
    /// reports the bytes the rendition cache holds. Measurements are taken only when a listener collects them.
    /// </summary>
    public void Publish(Meter meter, Func<long>? cachedBytes = null)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableCounter(Instruments.CacheHits, () => CacheHits, "{hit}", "Representations served from memory");
        meter.CreateObservableCounter(Instruments.CacheMisses, () => CacheMisses, "{miss}", "Representations not in memory: rendered, after a store read when needed");
        meter.CreateObservableCounter(Instruments.CacheHitBytes, () => CacheHitBytes, "By", "Body bytes served from memory");
        if (cachedBytes is not null)
        {
            meter.CreateObservableUpDownCounter(Instruments.CacheSize, cachedBytes, "By", "Bytes of rendered representations held in memory");
        }

        meter.CreateObservableCounter(Instruments.Renders, () => Renders, "{representation}", "Representations serialised to JSON");
        meter.CreateObservableCounter(Instruments.IndexRefreshes, RefreshMeasurements, "{refresh}", "Re-checks of the store's index, by outcome");
        meter.CreateObservableCounter(Instruments.StaleServes, () => StaleServes, "{response}", "Answers from content kept while the store fails");
        meter.CreateObservableCounter(Instruments.StoreIndexReads, () => IndexReads, "{read}", "Conditional reads of the store's index");
        meter.CreateObservableCounter(Instruments.StoreVersionReads, () => VersionReads, "{read}", "Reads of version documents from the store");
        meter.CreateObservableCounter(Instruments.StoreFailures, FailureMeasurements, "{failure}", "Store reads that failed after retries, by operation");
        meter.CreateObservableCounter(Instruments.StoreIntegrityFailures, () => IntegrityFailures, "{failure}", "Version reads that failed the hash or validation check");
        meter.CreateObservableCounter(Instruments.StoreCancelled, () => StoreCallsCancelled, "{call}", "Store calls cancelled because their clients went away");
    }

    private Measurement<long>[] RefreshMeasurements() =>
    [
        new(IndexReads - IndexNotModified, new KeyValuePair<string, object?>(Attributes.RefreshOutcome, "changed")),
        new(IndexNotModified, new KeyValuePair<string, object?>(Attributes.RefreshOutcome, "unchanged")),
        new(Interlocked.Read(ref _indexRefreshFailures), new KeyValuePair<string, object?>(Attributes.RefreshOutcome, "failed")),
    ];

    private Measurement<long>[] FailureMeasurements() =>
    [
        new(Interlocked.Read(ref _indexFailures), new KeyValuePair<string, object?>(Attributes.StoreOperation, "index")),
        new(Interlocked.Read(ref _versionFailures), new KeyValuePair<string, object?>(Attributes.StoreOperation, "version")),
    ];
}
