using System.Net;
using System.Net.Http.Headers;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Api;

/// <summary>
/// The HTTP caching contract. One contract, two stores: it runs against the file store (content-json/ on
/// disk) and against the blob store (content-json/ published into Azurite), so both answer identically.
/// </summary>
public abstract class HttpCachingContract(ApiFactory factory)
{
    private const string Latest = "/api/v1/articles/insulin-resistance?audience=patient";
    private const string Version = "/api/v1/articles/insulin-resistance/versions/2?audience=patient";
    private const string LatestPolicy = "public, max-age=60, s-maxage=600, stale-while-revalidate=60, stale-if-error=86400";

    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> EveryGetEndpoint() =>
    [
        "/api/v1/audiences",
        "/api/v1/articles",
        "/api/v1/articles?audience=clinician&limit=2",
        Latest,
        Version,
        "/api/v1/articles/insulin-resistance/versions",
        "/api/v1/articles/insulin-resistance/jsonld?audience=clinician",
        "/api/v1/articles/insulin-resistance/versions/1/jsonld",
    ];

    private Task<HttpResponseMessage> GetAsync(string url, Action<HttpRequestHeaders> headers, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        headers(request.Headers);
        return _client.SendAsync(request);
    }

    private static async Task<string> ETagOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        await Task.CompletedTask;
        return response.Headers.ETag.Tag;
    }

    [Theory]
    [MemberData(nameof(EveryGetEndpoint))]
    public async Task EveryEndpointAnswersAMatchingIfNoneMatchWithNotModified(string url)
    {
        var first = await _client.GetAsync(url);
        var etag = await ETagOf(first);

        var second = await GetAsync(url, h => h.TryAddWithoutValidation("If-None-Match", etag));

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, second.Headers.ETag?.Tag);
        Assert.Equal(first.Headers.CacheControl, second.Headers.CacheControl);
        Assert.Equal(first.Headers.Vary, second.Headers.Vary);
        Assert.Equal(first.Content.Headers.ContentLocation, second.Content.Headers.ContentLocation);
        Assert.Equal(first.Headers.GetValues("Surrogate-Key"), second.Headers.GetValues("Surrogate-Key"));
        Assert.NotNull(first.Content.Headers.LastModified);
    }

    [Theory]
    [InlineData("\"nope\", {0}")]
    [InlineData("{0},\"nope\"")]
    [InlineData("*")]
    [InlineData("W/{0}")]
    [InlineData("\"a\" , W/{0} ,\"b\"")]
    public async Task IfNoneMatchUsesWeakComparisonOverLists(string header)
    {
        var etag = await ETagOf(await _client.GetAsync(Latest));

        var response = await GetAsync(Latest, h => h.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, header, etag)));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Theory]
    [InlineData("\"other\"")]
    [InlineData("garbage")]
    [InlineData("\"unterminated")]
    [InlineData("W/")]
    [InlineData(",,,")]
    public async Task ANonMatchingOrMalformedIfNoneMatchGetsTheFullResponse(string header)
    {
        var response = await GetAsync(Latest, h => h.TryAddWithoutValidation("If-None-Match", header));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task IfModifiedSinceAppliesOnlyWithoutIfNoneMatch()
    {
        var first = await _client.GetAsync(Latest);
        var lastModified = first.Content.Headers.LastModified!.Value;

        var notModified = await GetAsync(Latest, h => h.IfModifiedSince = lastModified);
        var modified = await GetAsync(Latest, h => h.IfModifiedSince = lastModified.AddDays(-1));
        var overridden = await GetAsync(Latest, h =>
        {
            h.IfModifiedSince = lastModified.AddDays(1);
            h.TryAddWithoutValidation("If-None-Match", "\"stale\"");
        });
        var malformed = await GetAsync(Latest, h => h.TryAddWithoutValidation("If-Modified-Since", "yesterday"));

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
    }

    [Fact]
    public async Task HeadIsConditionalToo()
    {
        var etag = await ETagOf(await _client.GetAsync(Version));

        var response = await GetAsync(Version, h => h.TryAddWithoutValidation("If-None-Match", etag), HttpMethod.Head);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task LatestUrlsAreShortLivedForBrowsersAndLongerForSharedCaches()
    {
        var response = await _client.GetAsync(Latest);

        Assert.Equal(LatestPolicy, response.Headers.GetValues("Cache-Control").Single());
        Assert.Equal("/api/v1/articles/insulin-resistance/versions/2?audience=patient", response.Content.Headers.ContentLocation!.OriginalString);
    }

    [Fact]
    public async Task ExplicitVersionUrlsAreShortLivedInBrowsersAndNeverImmutable()
    {
        var response = await _client.GetAsync(Version);

        // Browsers cannot be purged: minutes there; edges keep it longer because retract purges them.
        Assert.Equal("public, max-age=300, s-maxage=86400, stale-while-revalidate=60, stale-if-error=240", response.Headers.GetValues("Cache-Control").Single());
    }

    [Theory]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/audiences")]
    [InlineData("/api/v1/articles/insulin-resistance/versions")]
    public async Task ListingsFollowTheLatestPolicy(string url)
    {
        Assert.Equal(LatestPolicy, (await _client.GetAsync(url)).Headers.GetValues("Cache-Control").Single());
    }

    [Theory]
    [InlineData("/api/v1/articles/no-such-article", "public, max-age=0, s-maxage=30")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/3", "public, max-age=0, s-maxage=30")]
    [InlineData("/api/v1/articles/insulin-resistance?audience=nurse", "no-store")]
    [InlineData("/api/v1/articles?limit=0", "no-store")]
    [InlineData("/api/health", "no-store")]
    [InlineData("/api/openapi/v1.json", "no-cache")]
    [InlineData("/api/reference/", "no-cache")]
    public async Task ErrorsAndDocumentationAreCachedBrieflyOrNotAtAll(string url, string expected)
    {
        Assert.Equal(expected, (await _client.GetAsync(url)).Headers.GetValues("Cache-Control").Single());
    }

    [Fact]
    public async Task TheAudienceIsInTheUrlSoNothingVariesOnIt()
    {
        var patient = await _client.GetAsync(Latest);
        var clinician = await _client.GetAsync("/api/v1/articles/insulin-resistance?audience=clinician");

        Assert.Empty(patient.Headers.Vary);
        Assert.NotEqual(patient.Headers.ETag, clinician.Headers.ETag);
        Assert.NotEqual(patient.Content.Headers.ContentLocation, clinician.Content.Headers.ContentLocation);
    }

    [Fact]
    public async Task SurrogateKeysNameTheArticleAndTheVersion()
    {
        var latest = await _client.GetAsync(Latest);
        var version = await _client.GetAsync(Version);

        Assert.Equal("article:insulin-resistance article:insulin-resistance:v2 article:insulin-resistance:latest", latest.Headers.GetValues("Surrogate-Key").Single());
        Assert.Equal("article:insulin-resistance,article:insulin-resistance:v2,article:insulin-resistance:latest", latest.Headers.GetValues("Cache-Tag").Single());
        Assert.Equal("article:insulin-resistance article:insulin-resistance:v2", version.Headers.GetValues("Surrogate-Key").Single());
    }
}

public sealed class HttpCachingOnFileStore(ApiFactory factory) : HttpCachingContract(factory), IClassFixture<ApiFactory>;

[Integration]
public sealed class HttpCachingOnBlobStore(BlobStoreApi factory) : HttpCachingContract(factory), IClassFixture<BlobStoreApi>;
