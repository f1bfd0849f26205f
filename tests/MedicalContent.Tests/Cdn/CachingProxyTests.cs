using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MedicalContent.Tests.Support;
using MedicalContent.Delivery;
using MedicalContent.Http;

namespace MedicalContent.Tests.Cdn;

/// <summary>The API as an origin behind a real shared cache (Varnish), on loopback.</summary>
[Integration]
public sealed class CachingProxyTests : IAsyncLifetime
{
    private const string Patient = "/api/v1/articles/insulin-resistance?audience=patient";
    private const string Clinician = "/api/v1/articles/insulin-resistance?audience=clinician";

    private readonly TempContentFolder _content = new();
    private ApiFactory _origin = null!;
    private VarnishProxy _edge = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // Short lifetimes so expiry and revalidation happen within the test.
        _origin = new ApiFactory(_content.Path, new Dictionary<string, string?>
        {
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))] = "1",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.LatestMaxAgeSeconds))] = "0",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.LatestSharedMaxAgeSeconds))] = "2",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.StaleWhileRevalidateSeconds))] = "0",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.StaleIfErrorSeconds))] = "0",
        });
        var originPort = _origin.StartOnLoopback();
        _edge = await VarnishProxy.StartAsync(originPort);
        _client = new HttpClient { BaseAddress = _edge.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _edge.Dispose();
        await _origin.DisposeAsync();
        _content.Dispose();
    }

    [Fact]
    public async Task TheEdgeAnswersRepeatsRevalidatesWithNotModifiedAndPicksUpANewVersion()
    {
        // Repeated requests are answered by the edge: the origin sees one.
        var first = await _client.GetAsync(Patient);
        var firstBody = await first.Content.ReadAsStringAsync();
        for (var i = 0; i < 5; i++)
        {
            var again = await _client.GetAsync(Patient);
            Assert.Equal("HIT", again.Headers.GetValues("X-Cache").Single());
            Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
            await AssertDigestMatchesAsync(again);
        }

        Assert.Single(_origin.Requests.For(Patient));

        // Patient and clinician representations are cached apart and never mixed up.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("patient", Audience(await _client.GetStringAsync(Patient)));
            Assert.Equal("clinician", Audience(await _client.GetStringAsync(Clinician)));
        }

        // After s-maxage the edge revalidates with the ETag it holds, and the origin answers 304.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var revalidated = await _client.GetAsync(Patient);
        Assert.Equal(HttpStatusCode.OK, revalidated.StatusCode);
        Assert.Equal(firstBody, await revalidated.Content.ReadAsStringAsync());
        var conditional = Assert.Single(_origin.Requests.For(Patient), e => e.IfNoneMatch is not null);
        Assert.Equal(first.Headers.ETag!.Tag, conditional.IfNoneMatch);
        Assert.Equal(304, conditional.Status);

        // The origin's 304 carries no digest (no content): the edge keeps the one it stored with the bytes.
        await AssertDigestMatchesAsync(revalidated);

        // A newly published version reaches the edge once its entry expires.
        PublishVersion3();
        var version = 2;
        for (var attempt = 0; attempt < 40 && version != 3; attempt++)
        {
            await Task.Delay(250);
            version = Version(await _client.GetStringAsync(Patient));
        }

        Assert.Equal(3, version);
        Assert.Equal(3, Version(await _client.GetStringAsync(Clinician)));
        Assert.Equal("clinician", Audience(await _client.GetStringAsync(Clinician)));
    }

    private void PublishVersion3()
    {
        var v3 = JsonNode.Parse(_content.Read("articles/insulin-resistance/v2.json"))!;
        v3["version"] = 3;
        v3["lastUpdated"] = "2025-12-01";
        v3["review"]!["reviewedOn"] = "2025-12-02";
        _content.Write("articles/insulin-resistance/v3.json", v3.ToJsonString());
    }

    /// <summary>The Content-Digest the edge passed on is the SHA-256 of the bytes it served (recomputed here).</summary>
    private static async Task AssertDigestMatchesAsync(HttpResponseMessage response)
    {
        var expected = $"sha-256=:{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(await response.Content.ReadAsByteArrayAsync()))}:";
        var field = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Single(h => string.Equals(h.Key, "Content-Digest", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.Equal(expected, field.Single());
    }

    private static string Audience(string json) => JsonNode.Parse(json)!["audience"]!.GetValue<string>();

    private static int Version(string json) => JsonNode.Parse(json)!["version"]!.GetValue<int>();
}
