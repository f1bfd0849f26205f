using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using MedicalContent.Delivery;
using MedicalContent.Http;
using MedicalContent.Publishing;
using MedicalContent.Routing;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalContent.Tests.Api;

/// <summary>
/// Version blobs changed behind the index's back on a real Azurite (corrupted, hand-edited, edited together with
/// the index into an invalid article): the API answers a retryable 503, never a 500 or the changed bytes, and
/// serves the article again as soon as the blob is restored.
/// </summary>
[Integration]
[Collection(UsesAzurite.Name)]
public sealed class IntegrityOnBlobStoreTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Slug = "prediabetes";
    private const int Number = 2;
    private const string PublishedSentence = "It is a warning sign";
    private static readonly string VersionPath = ContentFolder.VersionPath(Slug, Number);
    private static readonly string[] Urls =
    [
        RouteTable.VersionUrl(Slug, Number, "patient"),
        RouteTable.LatestUrl(Slug, "patient"),
        RouteTable.VersionJsonLdUrl(Slug, Number, "patient"),
    ];

    private readonly byte[] _published = File.ReadAllBytes(Path.Combine(RepoPaths.ContentJson, VersionPath));
    private BlobContainerClient _container = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _container = await azurite.CreateContainerAsync();
        await new Publisher(_container).PublishAsync(RepoPaths.ContentJson, null, CancellationToken.None);
        _api = new ApiFactory(null, new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "Blob",
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.ConnectionString))] = azurite.ConnectionString,
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName))] = _container.Name,
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _container.DeleteIfExistsAsync();
    }

    private ContentCounters Counters => _api.Services.GetRequiredService<ContentService>().Counters;

    [Fact]
    public async Task ACorruptedVersionBlobAnswers503WithRetryAfterUntilItIsRestored()
    {
        using var client = _api.CreateClient();
        var corrupt = _published.ToArray();
        corrupt.AsSpan(corrupt.Length / 3, 64).Fill(0xFF);
        await OverwriteAsync(corrupt);

        await AssertUnavailableAsync(client, "Prediabetes means your blood sugar");
        await AssertUnavailableAsync(client, "Prediabetes means your blood sugar");
        Assert.True(Counters.IntegrityFailures >= 2, "every read of the corrupt blob is checked; none is cached");

        await OverwriteAsync(_published);
        await AssertServedAsync(client, PublishedSentence);
    }

    [Fact]
    public async Task AHandEditedBlobThatStillParsesAnswers503UntilItIsRestored()
    {
        using var client = _api.CreateClient();
        await OverwriteAsync(Edit(_published, PublishedSentence, "It is an early warning sign"));

        await AssertUnavailableAsync(client, "early warning sign");

        await OverwriteAsync(_published);
        await AssertServedAsync(client, PublishedSentence);
    }

    [Fact]
    public async Task AnInvalidArticleAnswers503EvenWhenTheIndexRecordsItsHash()
    {
        using var client = _api.CreateClient();
        var original = (await BlobContentStore.ReadCurrentIndexAsync(_container, CancellationToken.None))!;
        var invalid = Edit(Edit(_published, "\"approved\"", "\"published\""), PublishedSentence, "It is an early warning sign");
        await OverwriteAsync(invalid);
        var edited = await BlobContentStore.WriteIndexAsync(_container, WithSha256(original.Index, ContentFolder.Sha256Hex(invalid)), original.ETag, CancellationToken.None);

        await AssertUnavailableAsync(client, "early warning sign");

        await OverwriteAsync(_published);
        await BlobContentStore.WriteIndexAsync(_container, original.Index, edited, CancellationToken.None);
        await AssertServedAsync(client, PublishedSentence);
    }

    private static async Task AssertUnavailableAsync(HttpClient client, string changedText)
    {
        foreach (var url in Urls)
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(Problems.Unavailable, problem.GetProperty("type").GetString());
            Assert.Equal(TimeSpan.FromSeconds(Problems.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Null(response.Headers.ETag);
            Assert.DoesNotContain(changedText, body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"sections\"", body, StringComparison.Ordinal);
        }
    }

    private static async Task AssertServedAsync(HttpClient client, string text)
    {
        foreach (var url in Urls)
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(response.Headers.ETag);
            Assert.Contains(text, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private Task OverwriteAsync(byte[] bytes) =>
        _container.GetBlobClient(VersionPath).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);

    private static byte[] Edit(byte[] bytes, string find, string replace)
    {
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains(find, text, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text.Replace(find, replace, StringComparison.Ordinal));
    }

    private static Model.ContentIndex WithSha256(Model.ContentIndex index, string sha256) => index with
    {
        Articles = index.Articles.Select(a => a.Slug != Slug ? a : a with
        {
            Versions = a.Versions.Select(v => v.Number == Number ? v with { Sha256 = sha256 } : v).ToList(),
        }).ToList(),
    };
}
