namespace MedicalContent.Telemetry;

/// <summary>
/// The names of everything the app emits besides the hosts' own request spans: its meter and instruments (written by
/// <see cref="Delivery.ContentCounters"/>), their attributes, and the Azure SDK's activity sources. Hosts, tests and
/// docs/operations.md read them from here.
/// </summary>
public static class ContentTelemetry
{
    /// <summary>The app's one meter: content cache and store counters.</summary>
    public const string MeterName = "MedicalContent.Content";

    /// <summary>The Azure SDK's activity sources (e.g. <c>Azure.Storage.Blobs.BlobBaseClient</c>, <c>Azure.Core.Http</c>): blob calls as dependencies.</summary>
    public const string AzureSdkSources = "Azure.*";

    /// <summary>
    /// The AppContext switch that makes Azure.Core (1.63 here) report through <c>ActivitySource</c>s at all; still
    /// experimental there, so it is set in the hosts' runtime configuration (Directory.Build.props) from process start:
    /// Azure.Core reads it once.
    /// </summary>
    public const string AzureSdkActivitySwitch = "Azure.Experimental.EnableActivitySource";

    /// <summary>Instrument names (meter <see cref="MeterName"/>), units in UCUM as OpenTelemetry spells them.</summary>
    public static class Instruments
    {
        public const string CacheHits = "content.cache.hits";
        public const string CacheMisses = "content.cache.misses";
        public const string CacheHitBytes = "content.cache.hit_bytes";
        public const string CacheSize = "content.cache.size";
        public const string Renders = "content.renders";
        public const string IndexRefreshes = "content.index.refreshes";
        public const string StaleServes = "content.stale_serves";
        public const string StoreIndexReads = "content.store.index_reads";
        public const string StoreVersionReads = "content.store.version_reads";
        public const string StoreFailures = "content.store.failures";
        public const string StoreIntegrityFailures = "content.store.integrity_failures";
        public const string StoreCancelled = "content.store.cancelled";
    }

    /// <summary>Attributes of the instruments that have any.</summary>
    public static class Attributes
    {
        /// <summary>Of <see cref="Instruments.IndexRefreshes"/>: <c>changed</c>, <c>unchanged</c> or <c>failed</c>.</summary>
        public const string RefreshOutcome = "content.refresh.outcome";

        /// <summary>Of <see cref="Instruments.StoreFailures"/>: <c>index</c> or <c>version</c>.</summary>
        public const string StoreOperation = "content.store.operation";
    }
}
