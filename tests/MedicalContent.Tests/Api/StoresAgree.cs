using System.Globalization;
using System.Text.Json.Nodes;
using MedicalContent.Delivery;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Api;

/// <summary>
/// The two stores serve the same bytes, validators and caching headers for every URL, but for the one field that
/// comes from each store's own publish history: an article's <c>datePublished</c>.
/// </summary>
[Integration]
public sealed class StoresAgree(BlobStoreApi blob) : IClassFixture<BlobStoreApi>, IDisposable
{
    private const string DatePublished = "datePublished";

    private readonly ApiFactory _file = new();

    public void Dispose() => _file.Dispose();

    [Theory]
    [InlineData("/api/v1/audiences")]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/articles?audience=clinician&limit=2")]
    [InlineData("/api/v1/articles?audience=clinician")]
    [InlineData("/api/v1/articles?audience=patient&kind=condition&limit=2")]
    [InlineData("/api/v1/articles?audience=clinician&code=RxNorm%7C6809&code=ICD-10-CM%7CR73.03")]
    [InlineData("/api/v1/articles/insulin-resistance?audience=patient")]
    [InlineData("/api/v1/articles/insulin-resistance?audience=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance/versions")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/1?audience=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/3")]
    [InlineData("/api/v1/articles/metformin/jsonld?audience=patient")]
    [InlineData("/api/v1/articles/prediabetes/versions/2?audience=patient")]
    [InlineData("/api/v1/articles/no-such-article")]
    public async Task BothStoresAnswerEveryUrlIdentically(string url)
    {
        var fromFile = await _file.CreateClient().GetAsync(url);
        var fromBlob = await blob.CreateClient().GetAsync(url);

        Assert.Equal(fromFile.StatusCode, fromBlob.StatusCode);
        Assert.Equal(fromFile.Headers.CacheControl, fromBlob.Headers.CacheControl);
        Assert.Equal(fromFile.Content.Headers.LastModified, fromBlob.Content.Headers.LastModified);
        if ((int)fromFile.StatusCode >= 400)
        {
            Assert.Equal(fromFile.Headers.ETag, fromBlob.Headers.ETag);
            return;
        }

        var fileBody = await fromFile.Content.ReadAsByteArrayAsync();
        var blobBody = await fromBlob.Content.ReadAsByteArrayAsync();

        // Each strong ETag is the hash of its own bytes, so the ETags agree exactly when the bytes do.
        Assert.Equal(Representation.StrongETag(fileBody), fromFile.Headers.ETag?.Tag);
        Assert.Equal(Representation.StrongETag(blobBody), fromBlob.Headers.ETag?.Tag);

        // datePublished differs by design: the file store has no publish history and gives the earliest version's
        // lastUpdated, the blob store the day its index records the first publish (the day this fixture published
        // content-json/). Without that one field an article is the same on both; anything without it is byte for byte.
        Assert.Equal(WithoutDatePublished(fileBody), WithoutDatePublished(blobBody));
    }

    [Fact]
    public async Task EachStoreDatesAnArticleFromItsOwnPublishHistory()
    {
        const string slug = "insulin-resistance";
        var firstLastUpdated = ContentFolder.Load(RepoPaths.ContentJson).Versions
            .Where(v => v.Document.Slug == slug)
            .Min(v => v.Document.LastUpdated);
        var container = (await SharedAzurite.GetAsync()).Service.GetBlobContainerClient(blob.ContainerName);
        var firstPublish = (await BlobTestContent.IndexAsync(container)).Articles.Single(a => a.Slug == slug).Versions.Min(v => v.PublishedAt!.Value);

        foreach (var url in new[] { $"/api/v1/articles/{slug}?audience=patient", $"/api/v1/articles/{slug}/versions/1?audience=clinician", $"/api/v1/articles/{slug}/versions/2" })
        {
            Assert.Equal(Day(firstLastUpdated), await DatePublishedAsync(_file.CreateClient(), url));
            Assert.Equal(Day(DateOnly.FromDateTime(firstPublish.UtcDateTime)), await DatePublishedAsync(blob.CreateClient(), url));
        }
    }

    private static async Task<string?> DatePublishedAsync(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).JsonAsync()).GetProperty(DatePublished).GetString();

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The body without a top-level datePublished (re-serialised), or exactly as served when it has none.</summary>
    private static byte[] WithoutDatePublished(byte[] body) =>
        JsonNode.Parse(body) is JsonObject json && json.Remove(DatePublished) ? System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()) : body;
}
