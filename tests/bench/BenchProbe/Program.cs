using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MedicalContent.Delivery;
using MedicalContent.Publishing;
using MedicalContent.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// Benchmark helper for tests/bench/run.sh; prints one JSON object on stdout. (Not top-level statements: their
/// generated <c>Program</c> would clash with the API's.) Usage:
///   BenchProbe hotpath --content DIR --path /api/v1/articles/{slug}?audience=patient [--warm N] [--requests N] [--alloc-sample N]
///   BenchProbe azurite --connection-string CS --container NAME [--publish DIR] [--put BLOB=FILE]...
///   BenchProbe searchindex --content DIR [--count 10000] [--runs 5]
///   BenchProbe changecost --connection-string CS --template FILE --audiences FILE [--sizes 1000,10000] [--rounds 5]
/// </summary>
internal static class BenchProbe
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.Length > 0 ? args[0] : "";
        var options = Options.Parse(args.Skip(1));
        var result = command switch
        {
            "hotpath" => await HotPath.RunAsync(options),
            "azurite" => await AzuriteSetup.RunAsync(options),
            "searchindex" => SearchIndexBench.Run(options),
            "changecost" => await ChangeCostBench.RunAsync(options),
            _ => null,
        };
        if (result is null)
        {
            await Console.Error.WriteLineAsync("usage: BenchProbe hotpath|azurite|searchindex|changecost [--option value]...");
            return 2;
        }

        Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }
}

internal sealed class Options(Dictionary<string, List<string>> values)
{
    public static Options Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? name = null;
        foreach (var arg in args)
        {
            if (name is null)
            {
                name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : throw new ArgumentException($"unexpected argument '{arg}'");
                continue;
            }

            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(arg);
            name = null;
        }

        return name is null ? new Options(values) : throw new ArgumentException($"--{name} needs a value");
    }

    public string? Get(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => Get(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var list) ? list : [];
}

/// <summary>
/// The real API pipeline (WebApplicationFactory over Program, on Kestrel, loopback socket) with the file store: after
/// a warm-up, N sequential keep-alive requests are sent for one URL (200, then with If-None-Match for 304) and the
/// content service's counters and the bytes the process allocated are compared before and after.
/// </summary>
internal static class HotPath
{
    public static async Task<JsonObject> RunAsync(Options options)
    {
        var content = Path.GetFullPath(options.Required("content"));
        var path = options.Required("path");
        var warm = options.Int("warm", 2000);
        var requests = options.Int("requests", 1000);
        var port = FreePort();

        // The app's content root (appsettings.json) is the API project folder, as in the integration tests.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MEDICALCONTENT_API", ApiProjectFolder());
        await using var factory = new PipelineFactory(content);
        factory.UseKestrel(port);
        factory.StartServer();
        var service = factory.Services.GetRequiredService<ContentService>();

        using var client = new RawClient(port);
        var (status, etag, body) = client.Fetch($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        if (status != 200 || etag is null)
        {
            throw new InvalidOperationException($"GET {path} answered {status} (ETag {etag ?? "none"}), not 200 with an ETag.");
        }

        var result = new JsonObject
        {
            ["content"] = content,
            ["path"] = path,
            ["bodyBytes"] = body,
            ["warmRequests"] = warm,
            ["requests"] = requests,
            ["ok"] = Measure(client, service, $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 200, warm, requests),
            ["notModified"] = Measure(client, service, $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: {etag}\r\n\r\n", 304, warm, requests),
        };
        // The service call alone is measured for a latest-article path (/api/v1/articles/{slug}); other paths (a version,
        // an index page) get the whole-request numbers only.
        if (new Uri("http://127.0.0.1" + path).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, _])
        {
            result["serviceCall"] = await MeasureServiceCallAsync(service, path, requests);
        }

        if (options.Int("alloc-sample", 0) is > 0 and var sampled)
        {
            result["allocationSample"] = SampleAllocations(client, $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", sampled);
        }

        return result;
    }

    private static JsonObject Measure(RawClient client, ContentService service, string request, int expectedStatus, int warm, int requests)
    {
        var bytes = Encoding.ASCII.GetBytes(request);
        for (var i = 0; i < warm; i++)
        {
            client.Exchange(bytes, expectedStatus);
        }

        var before = Counters.Read(service);
        var clientBefore = GC.GetAllocatedBytesForCurrentThread();
        var processBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            client.Exchange(bytes, expectedStatus);
        }

        clock.Stop();
        var processAllocated = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
        var clientAllocated = GC.GetAllocatedBytesForCurrentThread() - clientBefore;
        var after = Counters.Read(service);
        var perThousand = 1000.0 / requests;
        return new JsonObject
        {
            ["status"] = expectedStatus,
            ["storeReadsPer1000"] = (after.StoreReads - before.StoreReads) * perThousand,
            ["versionReadsPer1000"] = (after.VersionReads - before.VersionReads) * perThousand,
            ["indexReadsPer1000"] = (after.IndexReads - before.IndexReads) * perThousand,
            ["rendersPer1000"] = (after.Renders - before.Renders) * perThousand,
            ["cacheHitsPer1000"] = (after.CacheHits - before.CacheHits) * perThousand,
            ["cacheMissesPer1000"] = (after.CacheMisses - before.CacheMisses) * perThousand,
            // Everything the process allocated except the client loop's own thread: Kestrel, routing, the endpoint.
            ["serverBytesAllocatedPerRequest"] = Math.Round((processAllocated - clientAllocated) / (double)requests, 1),
            ["sequentialRequestsPerSecond"] = Math.Round(requests / clock.Elapsed.TotalSeconds),
        };
    }

    /// <summary>
    /// Which types the warm 200 path allocates: the runtime's allocation-tick events (one per ~100 KB allocated, naming
    /// the type that crossed the threshold) over many requests, so each type's share of the bytes is estimated.
    /// </summary>
    private static JsonObject SampleAllocations(RawClient client, string request, int requests)
    {
        var bytes = Encoding.ASCII.GetBytes(request);
        using var sampler = new AllocationSampler();
        Thread.Sleep(500);
        sampler.Recording = true;
        for (var i = 0; i < requests; i++)
        {
            client.Exchange(bytes, 200);
        }

        sampler.Recording = false;
        var total = sampler.Bytes.Values.Sum();
        var types = new JsonArray();
        foreach (var (type, amount) in sampler.Bytes.OrderByDescending(p => p.Value).Take(25))
        {
            types.Add(new JsonObject
            {
                ["type"] = type,
                ["bytesPerRequest"] = Math.Round(amount / (double)requests, 1),
                ["share"] = Math.Round(amount / (double)Math.Max(total, 1), 3),
            });
        }

        return new JsonObject
        {
            ["requests"] = requests,
            ["ticks"] = sampler.Ticks,
            ["estimatedBytesPerRequest"] = Math.Round(total / (double)requests, 1),
            ["types"] = types,
        };
    }

    /// <summary>One warm <see cref="ContentService.GetLatestAsync"/> call: completes synchronously, so its allocations are this thread's.</summary>
    private static async Task<JsonObject> MeasureServiceCallAsync(ContentService service, string path, int requests)
    {
        var uri = new Uri("http://127.0.0.1" + path);
        var slug = uri.AbsolutePath.TrimEnd('/').Split('/')[^1];
        var audience = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == "audience").Select(p => p[1]).FirstOrDefault();
        for (var i = 0; i < 1000; i++)
        {
            await service.GetLatestAsync(slug, audience, CancellationToken.None);
        }

        var before = Counters.Read(service);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var synchronous = 0;
        for (var i = 0; i < requests; i++)
        {
            var call = service.GetLatestAsync(slug, audience, CancellationToken.None);
            synchronous += call.IsCompleted ? 1 : 0;
            if (await call is not Found)
            {
                throw new InvalidOperationException($"GetLatestAsync({slug}, {audience}) did not find the article.");
            }
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var after = Counters.Read(service);
        return new JsonObject
        {
            ["calls"] = requests,
            ["completedSynchronously"] = synchronous,
            ["bytesAllocatedPerCall"] = Math.Round(allocated / (double)requests, 1),
            ["storeReads"] = after.StoreReads - before.StoreReads,
            ["renders"] = after.Renders - before.Renders,
        };
    }

    private static string ApiProjectFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "MedicalContent.Api");
            if (File.Exists(Path.Combine(candidate, "appsettings.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"src/MedicalContent.Api is not above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    private readonly record struct Counters(long StoreReads, long VersionReads, long IndexReads, long Renders, long CacheHits, long CacheMisses)
    {
        public static Counters Read(ContentService service)
        {
            var c = service.Counters;
            return new(c.StoreReads, c.VersionReads, c.IndexReads, c.Renders, c.CacheHits, c.CacheMisses);
        }
    }

    private sealed class PipelineFactory(string content) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting(ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind)), nameof(ContentStoreKind.FileSystem));
            builder.UseSetting(ContentStoreOptions.Key(nameof(ContentStoreOptions.Path)), content);
            builder.ConfigureLogging(logging => logging.ClearProviders());
        }
    }
}

/// <summary>Listens to the runtime's GC allocation ticks (keyword GC, verbose) and sums the bytes each tick stands for by type.</summary>
internal sealed class AllocationSampler : EventListener
{
    private int _ticks;

    public ConcurrentDictionary<string, long> Bytes { get; } = new(StringComparer.Ordinal);

    public volatile bool Recording;

    public int Ticks => _ticks;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Recording || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var names = eventData.PayloadNames;
        var type = names.IndexOf("TypeName") is >= 0 and var t ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is >= 0 and var a
            ? Convert.ToInt64(eventData.Payload[a], CultureInfo.InvariantCulture)
            : Convert.ToInt64(eventData.Payload[names.IndexOf("AllocationAmount")], CultureInfo.InvariantCulture);
        Bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
        Interlocked.Increment(ref _ticks);
    }
}

/// <summary>A keep-alive HTTP/1.1 client over a blocking socket with fixed buffers: it allocates nothing per request.</summary>
internal sealed class RawClient : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _buffer = new byte[1 << 20];

    public RawClient(int port) => _socket.Connect(new IPEndPoint(IPAddress.Loopback, port));

    public void Dispose() => _socket.Dispose();

    /// <summary>Sends one request and reads its whole response; returns the status, the ETag and the body length.</summary>
    public (int Status, string? ETag, int BodyBytes) Fetch(string request)
    {
        var (status, headerEnd, length) = Exchange(Encoding.ASCII.GetBytes(request), expectedStatus: null);
        var headers = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
        var etag = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))?[5..].Trim();
        return (status, etag, length);
    }

    public (int Status, int HeaderEnd, int BodyBytes) Exchange(byte[] request, int? expectedStatus)
    {
        _socket.Send(request);
        var received = 0;
        var headerEnd = -1;
        var contentLength = 0;
        while (true)
        {
            var read = _socket.Receive(_buffer, received, _buffer.Length - received, SocketFlags.None);
            if (read == 0)
            {
                throw new InvalidOperationException("The server closed the connection.");
            }

            received += read;
            if (headerEnd < 0)
            {
                headerEnd = _buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8);
                if (headerEnd < 0)
                {
                    continue;
                }

                headerEnd += 4;
                contentLength = ContentLength(_buffer.AsSpan(0, headerEnd));
            }

            if (received >= headerEnd + contentLength)
            {
                break;
            }
        }

        // "HTTP/1.1 200 OK": the status is bytes 9-11.
        var status = ((_buffer[9] - '0') * 100) + ((_buffer[10] - '0') * 10) + (_buffer[11] - '0');
        if (expectedStatus is { } expected && status != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {status}.");
        }

        return (status, headerEnd, contentLength);
    }

    private static int ContentLength(ReadOnlySpan<byte> headers)
    {
        var at = headers.IndexOf("\r\nContent-Length:"u8);
        if (at < 0)
        {
            return 0;
        }

        var value = headers[(at + 17)..];
        value = value[..value.IndexOf("\r\n"u8)].Trim((byte)' ');
        var length = 0;
        foreach (var digit in value)
        {
            length = (length * 10) + (digit - '0');
        }

        return length;
    }
}

/// <summary>
/// Prepares Azurite for anonymous GETs: a container with public read access to blobs, the content folder published
/// into it with the CLI's own <see cref="Publisher"/>, and extra blobs uploaded byte for byte.
/// </summary>
internal static class AzuriteSetup
{
    public static async Task<JsonObject> RunAsync(Options options)
    {
        var container = new BlobContainerClient(options.Required("connection-string"), options.Required("container"));
        await container.CreateIfNotExistsAsync(PublicAccessType.Blob);
        var result = new JsonObject { ["container"] = container.Uri.ToString() };

        if (options.Get("publish") is { } folder)
        {
            var clock = Stopwatch.StartNew();
            var publisher = new Publisher(container) { MaxParallelUploads = options.Int("parallel", 8) };
            var published = await publisher.PublishAsync(folder, progress: null, CancellationToken.None);
            if (!published.Plan.CanApply)
            {
                throw new InvalidOperationException($"publish refused: {string.Join("; ", published.Plan.Problems.Take(5))}");
            }

            result["published"] = published.Uploaded;
            result["publishSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
        }

        var blobs = new JsonArray();
        foreach (var put in options.All("put"))
        {
            var (name, file) = (put[..put.IndexOf('=', StringComparison.Ordinal)], put[(put.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var blob = container.GetBlobClient(name);
            await blob.UploadAsync(
                BinaryData.FromBytes(await File.ReadAllBytesAsync(file)),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } });
            blobs.Add(blob.Uri.ToString());
        }

        result["uploaded"] = blobs;
        return result;
    }
}
