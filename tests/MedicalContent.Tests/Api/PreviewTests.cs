using System.Net;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Options;
using MedicalContent.Http;

namespace MedicalContent.Tests.Api;

public sealed class PreviewTests : IDisposable
{
    private const string Key = "editor-key-0123456789abcdef0123456789";
    private const string OtherKey = "second-key-abcdefghijklmnopqrstuvwxyz";

    private readonly ApiFactory _factory = new(null, new Dictionary<string, string?> { [PreviewOptions.Key(nameof(PreviewOptions.Keys))] = $"{OtherKey},{Key}" });

    public void Dispose() => _factory.Dispose();

    private Task<HttpResponseMessage> GetAsync(string url, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null)
        {
            request.Headers.Add("Preview-Key", key);
        }

        return _factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task OperatorsWithAKeySeeTheHealthDetailsNobodyElseSees()
    {
        var withKey = await GetAsync("/api/health", Key);
        var withoutKey = await GetAsync("/api/health", null);
        var details = await withKey.JsonAsync();
        var summary = await withoutKey.JsonAsync();

        Assert.Equal(5, details.GetProperty("articles").GetInt32());
        Assert.Contains("content-json", details.GetProperty("store").GetString(), StringComparison.Ordinal);
        Assert.True(withKey.Headers.CacheControl is { Private: true, NoStore: true });
        Assert.False(summary.TryGetProperty("store", out _));
        Assert.False(summary.TryGetProperty("articles", out _));
        Assert.Equal(details.GetProperty("status").GetString(), summary.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key-0123456789abcdef0123456789")]
    [InlineData("editor-key-0123456789abcdef012345678")]
    public async Task AMissingOrWrongKeyIsUnauthorizedWithoutSayingWhetherTheArticleExists(string? key)
    {
        var existing = await GetAsync("/api/v1/preview/articles/insulin-resistance/versions/3", key);
        var missing = await GetAsync("/api/v1/preview/articles/no-such-article/versions/1", key);

        foreach (var response in new[] { existing, missing })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal("https://medical-content.example/problems/preview-key-required", problem.GetProperty("type").GetString());
            AssertPrivate(response);
            Assert.StartsWith("Preview-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        static string Body(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"(instance|traceId)\":\"[^\"]*\"", "");
        Assert.Equal(Body(await existing.Content.ReadAsStringAsync()), Body(await missing.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AValidKeyReadsAVersionUnderReviewPrivately()
    {
        var response = await GetAsync("/api/v1/preview/articles/insulin-resistance/versions/3?audience=clinician", Key);

        var body = await response.JsonAsync();
        Assert.Equal(3, body.GetProperty("version").GetInt32());
        Assert.Equal("under-review", body.GetProperty("reviewStatus").GetString());
        Assert.True(body.GetProperty("review").GetProperty("pendingReview").GetBoolean());
        AssertPrivate(response);
    }

    private static void AssertPrivate(HttpResponseMessage response)
    {
        var cacheControl = response.Headers.CacheControl!;
        Assert.True(cacheControl.Private && cacheControl.NoStore && !cacheControl.Public && cacheControl.SharedMaxAge is null);
    }

    [Fact]
    public async Task EveryConfiguredKeyWorks()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/v1/preview/articles/insulin-resistance", OtherKey)).StatusCode);
    }

    [Fact]
    public async Task PreviewLatestIsTheNewestVersionWhateverItsStatus()
    {
        var body = await (await GetAsync("/api/v1/preview/articles/insulin-resistance?audience=patient", Key)).JsonAsync();
        var versions = await (await GetAsync("/api/v1/preview/articles/insulin-resistance/versions", Key)).JsonAsync();

        Assert.Equal(3, body.GetProperty("version").GetInt32());
        Assert.Equal([3, 2, 1], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal("/api/v1/preview/articles/insulin-resistance/versions/3", versions.GetProperty("versions")[0].GetProperty("href").GetString());
    }

    [Fact]
    public async Task PreviewErrorsAreNotStoredEither()
    {
        var response = await GetAsync("/api/v1/preview/articles/insulin-resistance/versions/99", Key);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        AssertPrivate(response);
    }

    [Theory]
    [InlineData("/api/v1/articles/insulin-resistance/versions/3")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/3/jsonld")]
    public async Task ThePublicEndpointsNeverServeAnUnapprovedVersionEvenWithAKey(string url)
    {
        await (await GetAsync(url, Key)).AssertProblemAsync(HttpStatusCode.NotFound);
        var latest = await (await GetAsync("/api/v1/articles/insulin-resistance", Key)).JsonAsync();
        Assert.Equal(2, latest.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task WithoutConfiguredKeysPreviewIsClosed()
    {
        using var closed = new ApiFactory();

        var response = await closed.CreateClient().GetAsync("/api/v1/preview/articles/insulin-resistance");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public void AShortKeyFailsTheStart()
    {
        using var weak = new ApiFactory(null, new Dictionary<string, string?> { [PreviewOptions.Key(nameof(PreviewOptions.Keys))] = "letmein" });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => weak.CreateClient());

        Assert.Contains(PreviewOptions.Key(nameof(PreviewOptions.Keys)), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("letmein", error.Message, StringComparison.Ordinal);
    }
}
