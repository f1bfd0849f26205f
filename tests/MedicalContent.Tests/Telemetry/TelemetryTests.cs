using System.Diagnostics;
using MedicalContent.Api.Http;
using MedicalContent.Functions;
using MedicalContent.Storage;
using MedicalContent.Telemetry;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static MedicalContent.Telemetry.ContentTelemetry;

namespace MedicalContent.Tests.Telemetry;

/// <summary>
/// Activity sources and meters are process-wide: a test that reads what a host exports runs alone, so no other
/// host's requests or counters are mixed into its capture.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExportsAlone
{
    public const string Name = "Telemetry";
}

/// <summary>The self-hosted app on the blob store (Azurite), exporting to memory as it would to Application Insights.</summary>
public sealed class TelemetryApi : BlobStoreApi
{
    public TelemetryCapture Capture { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => Capture.Register(services, ApiTelemetry.Instrument));
    }
}

[Integration]
[Collection(ExportsAlone.Name)]
public sealed class TelemetryOnBlobStore(TelemetryApi app) : IClassFixture<TelemetryApi>
{
    private const string Article = "/api/v1/articles/insulin-resistance?audience=patient";

    [Fact]
    public async Task AnArticleReadIsARequestSpanWithItsBlobCallAsAChildAndTheCacheCountsAMissThenAHit()
    {
        using var client = app.CreateClient();
        var counters = app.Services.GetRequiredService<MedicalContent.Delivery.ContentService>().Counters;
        var missesBefore = app.Capture.Collect(app.Services, Instruments.CacheMisses);
        var hitsBefore = app.Capture.Collect(app.Services, Instruments.CacheHits);

        var first = await client.GetAsync(Article);
        var misses = app.Capture.Collect(app.Services, Instruments.CacheMisses);
        var hits = app.Capture.Collect(app.Services, Instruments.CacheHits);
        var hitBytes = app.Capture.Collect(app.Services, Instruments.CacheHitBytes);
        var second = await client.GetAsync(Article);

        Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, second.StatusCode);

        // The miss read the version from the store: a blob call inside the request's trace, a child of its server span.
        static bool IsArticleRequest(Activity s) => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == "/api/v1/articles/insulin-resistance";
        var spans = await app.Capture.SpansAsync(spans => spans.Count(IsArticleRequest) == 2);
        var requests = spans.Where(IsArticleRequest).ToList();
        Assert.Equal(2, requests.Count);
        var request = requests[0];
        Assert.Equal("GET /api/v1/articles/{slug}", request.DisplayName);
        Assert.Equal("/api/v1/articles/{slug}", request.GetTagItem("http.route"));
        Assert.Equal(200, request.GetTagItem("http.response.status_code"));
        var blobCalls = spans.Where(s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && s.TraceId == request.TraceId).ToList();
        var download = Assert.Single(blobCalls, s => s.ParentSpanId == request.SpanId);
        Assert.StartsWith("Azure.Storage.Blobs", download.Source.Name, StringComparison.Ordinal);
        Assert.Contains(blobCalls, s => s.Kind == ActivityKind.Client && ((s.GetTagItem("url.full") as string) ?? "").Contains("/articles/insulin-resistance/v", StringComparison.Ordinal));

        // The hit answered from memory: no store call in its trace.
        Assert.DoesNotContain(spans, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && s.TraceId == requests[1].TraceId);

        // The counters: the first read missed (the latest article and the version it renders) and kept bytes, the
        // second hit; exported as the service counted them.
        Assert.True(misses > missesBefore, $"{misses} misses after the first read, {missesBefore} before");
        Assert.Equal(hitsBefore, hits);
        Assert.Equal(misses, app.Capture.Collect(app.Services, Instruments.CacheMisses));
        Assert.Equal(hits + 1, app.Capture.Collect(app.Services, Instruments.CacheHits));
        Assert.Equal(counters.CacheMisses, app.Capture.Collect(app.Services, Instruments.CacheMisses));
        Assert.Equal(counters.CacheHits, app.Capture.Collect(app.Services, Instruments.CacheHits));
        Assert.True(app.Capture.Collect(app.Services, Instruments.CacheSize) > 0);
        Assert.Equal(hitBytes + (await second.Content.ReadAsByteArrayAsync()).Length, app.Capture.Collect(app.Services, Instruments.CacheHitBytes));
        Assert.Equal(0, app.Capture.Collect(app.Services, Instruments.StoreFailures));
        Assert.True(app.Capture.Collect(app.Services, Instruments.IndexRefreshes, new(Attributes.RefreshOutcome, "changed")) >= 1);
    }
}

/// <summary>The same on the file store: the fast path and routing name a request span alike; nothing is registered without a connection string.</summary>
[Collection(ExportsAlone.Name)]
public sealed class TelemetryOnFileStore
{
    [Fact]
    public async Task WithoutAConnectionStringTheAppStartsAndRegistersNoTelemetry()
    {
        using var app = new ApiFactory();
        using var client = app.CreateClient();

        var answer = await client.GetAsync("/api/v1/articles/insulin-resistance?audience=patient");

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<LoggerProvider>());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task TheFastPathNamesARequestSpanAsRoutingDoes(string fastPath)
    {
        using var app = new CapturingApi(fastPath);
        using var client = app.CreateClient();

        await client.GetAsync("/api/v1/articles/insulin-resistance/versions/1?audience=clinician");
        using var head = new HttpRequestMessage(HttpMethod.Head, "/api/v1/articles?audience=patient");
        await client.SendAsync(head);

        var spans = (await app.Capture.SpansAsync(spans => spans.Count(s => s.Kind == ActivityKind.Server) >= 2)).Where(s => s.Kind == ActivityKind.Server).ToList();
        Assert.Contains(spans, s => s.DisplayName == "GET /api/v1/articles/{slug}/versions/{version}" && (string?)s.GetTagItem("http.route") == "/api/v1/articles/{slug}/versions/{version}");
        Assert.Contains(spans, s => s.DisplayName == "HEAD /api/v1/articles" && (string?)s.GetTagItem("http.route") == "/api/v1/articles");
    }

    [Fact]
    public async Task TheWorkerRegistrationExportsItsSpansSourceResourceAndTheCacheCounters()
    {
        var capture = new TelemetryCapture();
        using var worker = new FunctionsWorker(
            new Dictionary<string, string?> { [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "FileSystem", [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = RepoPaths.ContentJson },
            services: services => capture.Register(services, WorkerSetup.Instrument));
        await worker.LoadContentAsync();

        var tracing = worker.Services.GetRequiredService<TracerProvider>();
        await worker.SendAsync("GET", "/api/v1/articles/insulin-resistance?audience=patient");
        var misses = capture.Collect(worker.Services, Instruments.CacheMisses);
        await worker.SendAsync("GET", "/api/v1/articles/insulin-resistance?audience=patient");

        Assert.True(misses >= 1);
        Assert.Equal(misses, capture.Collect(worker.Services, Instruments.CacheMisses));
        Assert.Equal(1, capture.Collect(worker.Services, Instruments.CacheHits));
        // The worker's resource detector marks its telemetry as the isolated worker's (Azure-only attributes need the site's settings).
        Assert.StartsWith("dotnetiso:", (string)tracing.GetResource().Attributes.Single(a => a.Key == "ai.sdk.prefix").Value, StringComparison.Ordinal);
        using var source = new ActivitySource("Microsoft.Azure.Functions.Worker");
        Assert.True(source.HasListeners());
    }

    private sealed class CapturingApi(string fastPath) : ApiFactory
    {
        public TelemetryCapture Capture { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(FastPath.EnabledKey, fastPath);
            builder.ConfigureServices(services => Capture.Register(services, ApiTelemetry.Instrument));
        }
    }
}
