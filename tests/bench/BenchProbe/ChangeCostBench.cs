using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Publishing;
using MedicalContent.Serialization;
using MedicalContent.Storage;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// Cost per change as the corpus grows. Per size N, in a fresh Azurite container: N generated articles (each a clone
/// of the template with its own slug and title, <c>--versions</c> versions each, every version blob uploaded with its
/// SHA-256 as a publish would) and their index; one API instance (the product's <see cref="SnapshotSource"/> over
/// <see cref="BlobContentStore"/>) loads it. Then, per round, <see cref="Publisher"/> publishes one new version of
/// one article from a folder holding only that article, and the instance picks it up on its next refresh.
/// Measured with real seams: bytes are counted by an HTTP pipeline policy on each client (response and request
/// headers plus Content-Length), CPU is this process's CPU time around the call (the instance, publisher and feed
/// run one at a time, nothing else runs in the process), and the instance is checked to serve exactly the new version.
/// Round 0 warms the JIT (and, after the change-log redesign, starts the log) and is not reported.
/// </summary>
internal static class ChangeCostBench
{
    public static async Task<JsonObject> RunAsync(Options options)
    {
        var connectionString = options.Required("connection-string");
        var template = JsonNode.Parse(File.ReadAllBytes(options.Required("template")))!.AsObject();
        template.Remove("$schema");
        var audiences = options.Required("audiences");
        var syndication = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(audiences))!, ContentFolder.SyndicationFile);
        var sizes = (options.Get("sizes") ?? "1000").Split(',').Select(int.Parse).ToList();
        var rounds = options.Int("rounds", 5);
        var versionsPerArticle = options.Int("versions", 2);
        var blobLimit = options.Int("blob-limit", int.MaxValue);
        var results = new JsonArray();
        foreach (var size in sizes)
        {
            var result = await MeasureAsync(connectionString, template, audiences, syndication, size, versionsPerArticle, rounds, blobLimit);
            await Console.Error.WriteLineAsync(result.ToJsonString()); // progress: each size as soon as it is measured
            results.Add(result);
        }

        return new JsonObject
        {
            ["method"] = "in-process against Azurite; bytes = response (download) and request (upload) headers + Content-Length counted by an HTTP pipeline policy; CPU = process CPU time around the call; medians of the rounds after a warm-up round",
            ["versionsPerArticle"] = versionsPerArticle,
            ["rounds"] = rounds,
            ["sizes"] = results,
        };
    }

    private static async Task<JsonObject> MeasureAsync(
        string connectionString, JsonObject template, string audiences, string syndication, int size, int versionsPerArticle, int rounds, int blobLimit)
    {
        var name = $"changecost-{size}-{Guid.NewGuid():N}"[..40];
        var setupCounter = new ByteCounter();
        var setupContainer = Client(connectionString, name, setupCounter);
        await setupContainer.CreateIfNotExistsAsync();

        // The corpus: every version blob as the publisher uploads it, then the index naming them.
        var setup = Stopwatch.StartNew();
        var articles = new List<ArticleEntry>(size);
        var blobs = new List<(string Name, byte[] Bytes, string Sha)>();

        // Above --blob-limit articles only the index and the blobs of the articles the rounds publish are uploaded
        // (setting up every blob takes too long on Azurite); the publisher's listing then sees fewer blobs.
        var touched = Enumerable.Range(0, rounds + 1).Select(round => Article(size, round)).ToHashSet();
        long sequence = 0;
        var publishedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= size; i++)
        {
            var versions = new List<VersionEntry>(versionsPerArticle);
            for (var v = 1; v <= versionsPerArticle; v++)
            {
                var bytes = Document(template, i, v);
                var sha = ContentFolder.Sha256Hex(bytes);
                var document = JsonSerializer.Deserialize(bytes, CoreJsonContext.Default.ArticleDocument)!;
                versions.Add(VersionEntry.For(document, sha) with { Sequence = ++sequence, PublishedAt = publishedAt });
                if (size <= blobLimit || touched.Contains(i))
                {
                    blobs.Add((ContentFolder.VersionPath(Slug(i), v), bytes, sha));
                }
            }

            articles.Add(new ArticleEntry { Slug = Slug(i), Versions = versions });
        }

        var vocabulary = JsonSerializer.Deserialize(File.ReadAllBytes(audiences), CoreJsonContext.Default.AudienceVocabulary)!;
        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (blob, token) =>
        {
            var upload = new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = BlobContentStore.JsonContentType },
                Metadata = new Dictionary<string, string> { ["sha256"] = blob.Sha },
            };
            await setupContainer.GetBlobClient(blob.Name).UploadAsync(BinaryData.FromBytes(blob.Bytes), upload, token);
        });
        var uploadedBlobs = blobs.Count;
        blobs.Clear();
        await BlobContentStore.WriteIndexAsync(setupContainer, new ContentIndex { Audiences = vocabulary, Articles = articles }, null, CancellationToken.None);
        var setupSeconds = setup.Elapsed.TotalSeconds;
        articles = null;

        // One API instance: the product's snapshot source over the blob store, refreshing when the clock says so.
        var instanceCounter = new ByteCounter();
        var time = new ManualTime();
        var cacheOptions = new ContentCacheOptions { RefreshIntervalSeconds = 5 };
        using var source = new SnapshotSource(
            new BlobContentStore(Client(connectionString, name, instanceCounter)), cacheOptions, time, NullLogger.Instance, new ContentCounters());
        var initial = await Measure(instanceCounter, async () => Current(await source.CurrentAsync(CancellationToken.None)));
        var indexBytes = (await setupContainer.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync()).Value.ContentLength;

        var publisherCounter = new ByteCounter();
        var publisher = new Publisher(Client(connectionString, name, publisherCounter));
        var folder = Path.Combine(Path.GetTempPath(), name);
        var pickups = new List<Cost>();
        var publishes = new List<Cost>();
        var feeds = new List<Cost>();
        var rebuilds = new List<Cost>();
        var feedEvents = 0;
        for (var round = 0; round <= rounds; round++)
        {
            // One new version of one article (a different one each round), from a folder holding only that article's versions.
            var article = Article(size, round);
            var number = versionsPerArticle + 1;
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            Directory.CreateDirectory(Path.Combine(folder, ContentFolder.ArticlesFolder, Slug(article)));
            File.Copy(audiences, Path.Combine(folder, ContentFolder.AudiencesFile));
            File.Copy(syndication, Path.Combine(folder, ContentFolder.SyndicationFile));
            for (var v = 1; v <= number; v++)
            {
                File.WriteAllBytes(Path.Combine(folder, ContentFolder.ArticlesFolder, Slug(article), $"v{v}.json"), Document(template, article, v));
            }

            var publish = await Measure(publisherCounter, async () =>
            {
                var result = await publisher.PublishAsync(folder, null, CancellationToken.None);
                if (!result.IndexWritten || result.Uploaded != 1)
                {
                    throw new InvalidOperationException(
                        $"the publish of {Slug(article)} v{number} did not write one version and the index: {string.Join("; ", result.Plan.Problems)}");
                }

                return (Snapshot?)null;
            });

            time.Advance(cacheOptions.RefreshInterval);
            var pickup = await Measure(instanceCounter, async () => Current(await source.CurrentAsync(CancellationToken.None)));
            var snapshot = pickup.Snapshot!;
            if (snapshot.Latest(Slug(article))?.Number != number || snapshot.Index.Articles.Count != size)
            {
                throw new InvalidOperationException($"the instance does not serve {Slug(article)} v{number} after its refresh");
            }

            // The part of the pickup that is rebuilding the snapshot (lookups, listings, review calendar, search index).
            var rebuild = await Measure(null, () => Task.FromResult<Snapshot?>(
                new Snapshot(snapshot.Index, snapshot.StoreETag, 0, time.GetUtcNow(), cacheOptions.PublicStatuses)));
            var feed = await Measure(null, () =>
            {
                feedEvents = ChangeFeed.Build(snapshot.Index, cacheOptions.PublicStatuses).Count;
                return Task.FromResult<Snapshot?>(null);
            });
            if (round > 0)
            {
                publishes.Add(publish);
                pickups.Add(pickup);
                feeds.Add(feed);
                rebuilds.Add(rebuild);
            }
        }

        Directory.Delete(folder, recursive: true);
        await setupContainer.DeleteIfExistsAsync();
        return new JsonObject
        {
            ["articles"] = size,
            ["versions"] = size * versionsPerArticle,
            ["versionBlobsUploaded"] = uploadedBlobs,
            ["indexBlobBytes"] = indexBytes,
            ["setupSeconds"] = Math.Round(setupSeconds, 1),
            ["instanceFullLoad"] = initial.ToJson(),
            ["instancePickup"] = Cost.Median(pickups),
            ["publishOneVersion"] = Cost.Median(publishes),
            ["snapshotRebuild"] = Cost.Median(rebuilds),
            ["changeFeedBuild"] = Cost.Median(feeds),
            ["changeFeedEvents"] = feedEvents,
        };
    }

    private static Snapshot Current(StoreRead<Snapshot> read) =>
        read.TryGet(out var snapshot, out var unavailable) ? snapshot : throw new InvalidOperationException(unavailable.Detail);

    private static int Article(int size, int round) => 1 + ((size / 2) + (round * 7)) % size;

    private static string Slug(int i) => $"generated-{i:D6}";

    /// <summary>The template as article <paramref name="i"/>, version <paramref name="version"/>, linking to the article before it.</summary>
    private static byte[] Document(JsonObject template, int i, int version)
    {
        var document = template.DeepClone().AsObject();
        document["slug"] = Slug(i);
        document["version"] = version;
        document["title"] = new JsonObject
        {
            ["patient"] = $"Generated article {i}: what you need to know",
            ["clinician"] = $"Generated article {i}: clinical overview",
        };
        document.Remove("related");
        document.Remove("relatedQuestions");
        if (i > 1)
        {
            document["related"] = new JsonArray(Slug(i - 1));
        }

        return System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
    }

    private static BlobContainerClient Client(string connectionString, string container, ByteCounter counter)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        return new BlobServiceClient(connectionString, options).GetBlobContainerClient(container);
    }

    private static async Task<Cost> Measure(ByteCounter? counter, Func<Task<Snapshot?>> action)
    {
        var (requests, down, up) = counter?.Read() ?? default;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var snapshot = await action();
        var wall = watch.Elapsed;
        process.Refresh();
        var cpuSpent = process.TotalProcessorTime - cpu;
        var (requestsAfter, downAfter, upAfter) = counter?.Read() ?? default;
        return new Cost(requestsAfter - requests, downAfter - down, upAfter - up, wall.TotalMilliseconds, cpuSpent.TotalMilliseconds, snapshot);
    }

    private sealed record Cost(long Requests, long DownloadedBytes, long UploadedBytes, double WallMs, double CpuMs, Snapshot? Snapshot)
    {
        public JsonObject ToJson() => new()
        {
            ["requests"] = Requests,
            ["downloadedBytes"] = DownloadedBytes,
            ["uploadedBytes"] = UploadedBytes,
            ["wallMs"] = Math.Round(WallMs, 2),
            ["cpuMs"] = Math.Round(CpuMs, 2),
        };

        public static JsonObject Median(List<Cost> costs)
        {
            static T Mid<T>(IEnumerable<T> values) => values.Order().ElementAt(values.Count() / 2);
            return new JsonObject
            {
                ["requests"] = Mid(costs.Select(c => c.Requests)),
                ["downloadedBytes"] = Mid(costs.Select(c => c.DownloadedBytes)),
                ["uploadedBytes"] = Mid(costs.Select(c => c.UploadedBytes)),
                ["wallMs"] = Math.Round(Mid(costs.Select(c => c.WallMs)), 2),
                ["cpuMs"] = Math.Round(Mid(costs.Select(c => c.CpuMs)), 2),
                ["cpuMsMax"] = Math.Round(costs.Max(c => c.CpuMs), 2),
            };
        }
    }

    /// <summary>Counts what goes over the wire for one client: request and response headers and bodies (by Content-Length).</summary>
    private sealed class ByteCounter : HttpPipelinePolicy
    {
        private long _requests;
        private long _down;
        private long _up;

        public (long Requests, long Down, long Up) Read() => (Interlocked.Read(ref _requests), Interlocked.Read(ref _down), Interlocked.Read(ref _up));

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
            Interlocked.Increment(ref _requests);
            long up = message.Request.Method.ToString().Length + message.Request.Uri.ToString().Length + 12;
            foreach (var header in message.Request.Headers)
            {
                up += header.Name.Length + header.Value.Length + 4;
            }

            if (message.Request.Content is { } content && content.TryComputeLength(out var length))
            {
                up += length;
            }

            long down = 17 + (message.Response.ReasonPhrase?.Length ?? 0);
            foreach (var header in message.Response.Headers)
            {
                down += header.Name.Length + header.Value.Length + 4;
            }

            // A HEAD response's Content-Length is the blob's size; no body is sent.
            if (message.Request.Method != RequestMethod.Head && message.Response.Headers.ContentLength is { } body)
            {
                down += body;
            }

            Interlocked.Add(ref _up, up);
            Interlocked.Add(ref _down, down);
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
