using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Delivery;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit.Abstractions;

namespace MedicalContent.Tests.Load;

/// <summary>The API under soak, without the test log of every request (it would grow with the load and hide the API's own memory).</summary>
internal sealed class UnrecordedApiFactory(string contentPath, IReadOnlyDictionary<string, string?> settings) : ApiFactory(contentPath, settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            foreach (var recorder in services.Where(s => s.ImplementationInstance is OriginLog.Recorder).ToList())
            {
                services.Remove(recorder);
            }
        });
    }
}

/// <summary>The soak runs alone: other tests' allocations would blur its memory figures and its load would slow them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Soak";
}

/// <summary>
/// Sustained concurrent load on real Kestrel (loopback) for a fixed time while new versions are published: no 5xx,
/// no answer that mixes versions, the same ETag always on the same bytes, and managed memory flat after warm-up.
/// </summary>
[Integration]
[Collection(RunsAlone.Name)]
public sealed class SoakTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 12;
    private const long MaxRequests = 2_000_000;
    private const long MaxHeapGrowthBytes = 50L * 1024 * 1024;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Soak = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FirstPublish = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SecondPublish = TimeSpan.FromSeconds(10);

    private static readonly string[] Slugs = ["insulin-resistance", "prediabetes", "metformin", "metabolic-syndrome", "polycystic-ovary-syndrome"];
    private static readonly string[] Audiences = ["patient", "clinician"];

    private readonly TempContentFolder _content = new();
    private readonly ConcurrentDictionary<string, string> _bytesByETag = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private UnrecordedApiFactory _api = null!;
    private HttpClient _client = null!;
    private long _requests;
    private long _errors;
    private long _notModified;
    private long _notFound;

    public Task InitializeAsync()
    {
        var port = Ports.Free();
        _api = new UnrecordedApiFactory(_content.Path, new Dictionary<string, string?> { [ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))] = "1" });
        _api.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        _api.StartServer();
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Workers })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        _content.Dispose();
    }

    [Fact]
    public async Task SustainedLoadDuringPublishesHasNo5xxNoMixedVersionsAndFlatMemory()
    {
        var latest = new ConcurrentDictionary<string, int>();

        // Warm-up: every representation rendered once, the JIT and the connection pool settled.
        await RunAsync(WarmUp, latest, publishes: []);
        var before = Measure();
        var warmRequests = Interlocked.Read(ref _requests);

        var clock = Stopwatch.StartNew();
        await RunAsync(Soak, latest, publishes:
        [
            (FirstPublish, () => PublishVersion("insulin-resistance", from: 2, to: 4)),
            (SecondPublish, () => PublishVersion("prediabetes", from: 2, to: 3)),
        ]);
        var elapsed = clock.Elapsed;
        var after = Measure();
        var requests = Interlocked.Read(ref _requests) - warmRequests;

        output.WriteLine($"soak: {Workers} workers, {elapsed.TotalSeconds:0.0} s after a {WarmUp.TotalSeconds:0} s warm-up, 2 publishes");
        output.WriteLine($"soak: {requests} requests ({requests / elapsed.TotalSeconds:0} per second), {Interlocked.Read(ref _errors)} errors, " +
            $"{Interlocked.Read(ref _notModified)} 304s, {Interlocked.Read(ref _notFound)} 404s (versions not yet published), {_bytesByETag.Count} distinct ETags");
        output.WriteLine($"soak: managed heap {Mb(before.Heap)} MB before, {Mb(after.Heap)} MB after (growth {Mb(after.Heap - before.Heap)} MB); " +
            $"working set {Mb(before.WorkingSet)} MB before, {Mb(after.WorkingSet)} MB after; gen2 collections {after.Gen2 - before.Gen2}");
        foreach (var problem in _problems.Take(10))
        {
            output.WriteLine("problem: " + problem);
        }

        Assert.Empty(_problems);
        Assert.Equal(0, Interlocked.Read(ref _errors));
        Assert.True(requests > 1000, $"only {requests} requests were made");
        Assert.Equal(4, latest.GetValueOrDefault("insulin-resistance"));
        Assert.Equal(3, latest.GetValueOrDefault("prediabetes"));
        Assert.True(after.Heap - before.Heap < MaxHeapGrowthBytes, $"the managed heap grew {Mb(after.Heap - before.Heap)} MB under steady load");
    }

    private async Task RunAsync(TimeSpan duration, ConcurrentDictionary<string, int> latest, (TimeSpan At, Action Publish)[] publishes)
    {
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w, latest, stop.Token))).ToList();
        foreach (var (at, publish) in publishes)
        {
            var wait = at - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            publish();
        }

        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(int worker, ConcurrentDictionary<string, int> latest, CancellationToken stop)
    {
        var random = new Random(worker);
        var seenLatest = new Dictionary<string, int>();
        var etags = new Dictionary<string, string>();
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref _requests) <= MaxRequests)
        {
            var url = NextUrl(random);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var sent = random.Next(4) == 0 ? etags.GetValueOrDefault(url) : null;
            if (sent is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", sent);
            }

            try
            {
                using var response = await _client.SendAsync(request, CancellationToken.None);
                var body = await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                Check(url, sent, response, body, seenLatest, latest);
                if (response.Headers.ETag is { } etag)
                {
                    etags[url] = etag.Tag;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or JsonException or InvalidOperationException)
            {
                Interlocked.Increment(ref _errors);
                Report($"{url}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private static string NextUrl(Random random)
    {
        var slug = Slugs[random.Next(Slugs.Length)];
        var audience = Audiences[random.Next(Audiences.Length)];
        return random.Next(10) switch
        {
            0 or 1 or 2 => $"/api/v1/articles/{slug}?audience={audience}",
            3 => $"/api/v1/articles/{slug}",
            4 => $"/api/v1/articles/insulin-resistance/versions/{random.Next(1, 5)}?audience={audience}",
            5 => $"/api/v1/articles/prediabetes/versions/{random.Next(1, 4)}?audience={audience}",
            6 => $"/api/v1/articles?audience={audience}&limit={random.Next(1, 6)}",
            7 => $"/api/v1/articles/{slug}/versions",
            8 => $"/api/v1/articles/{slug}/jsonld?audience={audience}",
            _ => random.Next(2) == 0 ? "/api/v1/audiences" : "/api/health",
        };
    }

    private void Check(
        string url, string? sent, HttpResponseMessage response, byte[] body, Dictionary<string, int> seenLatest, ConcurrentDictionary<string, int> latest)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            Interlocked.Increment(ref _errors);
            Report($"{url}: {status}");
            return;
        }

        if (status == 304)
        {
            Interlocked.Increment(ref _notModified);
            Expect(response.Headers.ETag?.Tag == sent, $"{url}: a 304 with ETag {response.Headers.ETag} for If-None-Match {sent}");
            return;
        }

        if (status == 404 && url.Contains("/versions/", StringComparison.Ordinal))
        {
            // A version asked for before its publish reached the API.
            Interlocked.Increment(ref _notFound);
            return;
        }

        Expect(status == 200, $"{url}: {status}");
        if (url == "/api/health" || status != 200)
        {
            return;
        }

        // The same ETag always carries the same bytes, and it is the hash of exactly these bytes.
        var etag = response.Headers.ETag?.Tag ?? "";
        var hash = Convert.ToHexString(SHA256.HashData(body));
        var first = _bytesByETag.GetOrAdd(etag, hash);
        Expect(first == hash, $"{url}: ETag {etag} came with two different bodies");
        Expect(etag == Representation.StrongETag(body), $"{url}: ETag {etag} is not the hash of its body");

        if (!url.StartsWith("/api/v1/articles/", StringComparison.Ordinal) || url.Contains("/versions?", StringComparison.Ordinal) || url.EndsWith("/versions", StringComparison.Ordinal))
        {
            return;
        }

        var document = JsonNode.Parse(body)!;
        var isJsonLd = url.Contains("/jsonld", StringComparison.Ordinal);
        var version = isJsonLd ? JsonLdVersion(document) : document["version"]!.GetValue<int>();
        var location = response.Content.Headers.ContentLocation?.OriginalString ?? "";
        var slug = url.Split('/', '?')[4];
        Expect(location.Contains($"/{slug}/versions/{version}", StringComparison.Ordinal), $"{url}: body says v{version} but Content-Location is {location}");
        if (!isJsonLd)
        {
            Expect(document["slug"]!.GetValue<string>() == slug, $"{url}: body is about {document["slug"]}");
        }

        var versions = url.IndexOf("/versions/", StringComparison.Ordinal);
        if (versions >= 0)
        {
            var asked = int.Parse(url[(versions + "/versions/".Length)..].Split('?', '/')[0], System.Globalization.CultureInfo.InvariantCulture);
            Expect(version == asked, $"{url}: asked for v{asked}, got v{version}");
        }
        else if (!isJsonLd)
        {
            // Per client, "latest" only moves forward.
            var previous = seenLatest.GetValueOrDefault(slug);
            Expect(version >= previous, $"{url}: latest went back from v{previous} to v{version}");
            seenLatest[slug] = version;
            latest.AddOrUpdate(slug, version, (_, current) => Math.Max(current, version));
        }
    }

    /// <summary>schema.org's <c>version</c> is text.</summary>
    private static int JsonLdVersion(JsonNode document) =>
        int.Parse(document["version"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    private void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            Report(problem);
        }
    }

    private void Report(string problem)
    {
        if (_problems.Count < 100)
        {
            _problems.Enqueue(problem);
        }
    }

    /// <summary>Writes v{to} (a copy of v{from}, approved) next to the others in one atomic rename: the store never sees half a file.</summary>
    private void PublishVersion(string slug, int from, int to)
    {
        var document = JsonNode.Parse(_content.Read(ContentFolder.VersionPath(slug, from)))!;
        document["version"] = to;
        document["lastUpdated"] = "2025-12-01";
        document["review"]!["reviewedOn"] = "2025-12-02";
        var staged = Path.Combine(Path.GetTempPath(), $"mc-soak-{Guid.NewGuid():N}.json");
        File.WriteAllText(staged, document.ToJsonString());
        File.Move(staged, _content.File(ContentFolder.VersionPath(slug, to)));
    }

    private static (long Heap, long WorkingSet, int Gen2) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64, GC.CollectionCount(2));
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
