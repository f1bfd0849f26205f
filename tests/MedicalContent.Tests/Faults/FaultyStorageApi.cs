using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using MedicalContent.Delivery;
using MedicalContent.Publishing;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MedicalContent.Http;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Faults;

/// <summary>
/// The real API on the blob store, with a <see cref="StorageProxy"/> between it and a real Azurite: content-json/
/// is published straight into Azurite, and the API reads it only through the proxy, which the test breaks.
/// </summary>
public sealed class FaultyStorageApi : IAsyncDisposable
{
    private FaultyStorageApi(AzuriteFixture azurite, BlobContainerClient container, StorageProxy proxy, ApiFactory factory)
    {
        Azurite = azurite;
        Container = container;
        Proxy = proxy;
        Factory = factory;
    }

    public AzuriteFixture Azurite { get; }

    /// <summary>The container, reached directly (not through the proxy): publishing works while the API's storage is down.</summary>
    public BlobContainerClient Container { get; }

    public StorageProxy Proxy { get; }

    public ApiFactory Factory { get; }

    /// <summary>The key operators use to see the health details (store, article count, last error).</summary>
    public const string PreviewKey = "operators-preview-key-0123456789abcdef";

    public ContentService Content => Factory.Services.GetRequiredService<ContentService>();

    public ContentCounters Counters => Content.Counters;

    /// <summary>
    /// Publishes content-json/ and builds (but does not start) the API with the given <c>ContentCache</c> settings;
    /// the app starts on the first <see cref="CreateClient"/>, so a test may break the storage before it starts.
    /// </summary>
    public static async Task<FaultyStorageApi> CreateAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?> contentCache)
    {
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(RepoPaths.ContentJson, null, CancellationToken.None);
        var proxy = StorageProxy.Start(azurite.Port);
        var settings = new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "Blob",
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.ConnectionString))] = proxy.ConnectionStringFor(azurite.ConnectionString, azurite.Port),
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName))] = container.Name,
            [PreviewOptions.Key(nameof(PreviewOptions.Keys))] = PreviewKey,
        };
        foreach (var (key, value) in contentCache)
        {
            settings[ContentCacheOptions.Key(key)] = value;
        }

        return new FaultyStorageApi(azurite, container, proxy, new ApiFactory(null, settings));
    }

    public HttpClient CreateClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Publishes a new approved version of an article (a copy of v{from}) straight into Azurite.</summary>
    public async Task PublishVersionAsync(string slug, int from, int to)
    {
        using var folder = new TempContentFolder();
        BlobTestContent.AddVersion(folder, slug, from, to);
        var result = await new Publisher(Container).PublishAsync(folder.Path, null, CancellationToken.None);
        Assert.True(result.IndexWritten, $"publishing v{to} of '{slug}' did not write the index");
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Proxy.DisposeAsync();
        await Container.DeleteIfExistsAsync();
    }

    /// <summary>Sends one request and times it: the time is a hang check against a generous bound, never a speed claim.</summary>
    public static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(HttpClient client, string url, HttpMethod? method = null)
    {
        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync(new HttpRequestMessage(method ?? HttpMethod.Get, url));
        await response.Content.LoadIntoBufferAsync();
        return (response, clock.Elapsed);
    }

    /// <summary>Polls until <paramref name="done"/> holds, at most <paramref name="timeout"/>; false if it never did.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await done())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await done();
    }

    public static async Task<string> HealthStatusAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/health");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var status = body.GetProperty("status").GetString()!;
        Assert.Equal(status == "unhealthy" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK, response.StatusCode);
        return status;
    }
}
