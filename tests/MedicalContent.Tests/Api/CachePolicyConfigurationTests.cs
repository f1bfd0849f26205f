using System.Net;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using MedicalContent.Http;

namespace MedicalContent.Tests.Api;

public class CachePolicyConfigurationTests
{
    private const string Latest = "/api/v1/articles/insulin-resistance?audience=patient";
    private const string Version = "/api/v1/articles/insulin-resistance/versions/2?audience=patient";

    [Fact]
    public async Task TheCachePolicyIsConfigurable()
    {
        using var configured = new ApiFactory(null, new Dictionary<string, string?>
        {
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.LatestMaxAgeSeconds))] = "5",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.LatestSharedMaxAgeSeconds))] = "120",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.StaleWhileRevalidateSeconds))] = "10",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.StaleIfErrorSeconds))] = "3600",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionMaxAgeSeconds))] = "120",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionSharedMaxAgeSeconds))] = "3600",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionStaleWhileRevalidateSeconds))] = "30",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionStaleIfErrorSeconds))] = "90",
        });
        var client = configured.CreateClient();

        Assert.Equal("public, max-age=5, s-maxage=120, stale-while-revalidate=10, stale-if-error=3600", (await client.GetAsync(Latest)).Headers.GetValues("Cache-Control").Single());
        Assert.Equal("public, max-age=120, s-maxage=3600, stale-while-revalidate=30, stale-if-error=90", (await client.GetAsync(Version)).Headers.GetValues("Cache-Control").Single());
    }

    [Theory]
    [InlineData(nameof(HttpCachingOptions.VersionMaxAgeSeconds), "31536000")]
    [InlineData(nameof(HttpCachingOptions.VersionStaleIfErrorSeconds), "86400")]
    [InlineData(nameof(HttpCachingOptions.VersionStaleWhileRevalidateSeconds), "600")]
    public void VersionLifetimesThatCouldKeepARetractedVersionPastTheBoundFailTheStart(string property, string value)
    {
        using var unbounded = new ApiFactory(null, new Dictionary<string, string?> { [HttpCachingOptions.Key(property)] = value });

        var error = Assert.ThrowsAny<Microsoft.Extensions.Options.OptionsValidationException>(() => unbounded.CreateClient());
        Assert.Contains("at most 540 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoDefaultLetsABrowserKeepAVersionPastTheRetractionBound()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();

        var policy = (await client.GetAsync(Version)).Headers.CacheControl!;

        Assert.DoesNotContain("immutable", policy.ToString(), StringComparison.Ordinal);
        var staleExtensions = policy.Extensions.Where(e => e.Name is "stale-while-revalidate" or "stale-if-error").Select(e => int.Parse(e.Value!, System.Globalization.CultureInfo.InvariantCulture));
        var refresh = new MedicalContent.Delivery.ContentCacheOptions().RefreshIntervalSeconds;
        Assert.True(refresh + policy.MaxAge!.Value.TotalSeconds + staleExtensions.Max() <= MedicalContent.Http.HttpCachingOptions.RetractionBoundSeconds, policy.ToString());
    }

    [Fact]
    public async Task ARetractedVersionIsGoneWithItsReasonAndLatestFallsBack()
    {
        using var retracted = new ApiFactory
        {
            Store = _ => new RetractingStore(new FileContentStore(RepoPaths.ContentJson), ("insulin-resistance", 2, "A dosing statement was found to be wrong.")),
        };
        var client = retracted.CreateClient();

        var gone = await client.GetAsync(Version);
        var problem = await gone.AssertProblemAsync(HttpStatusCode.Gone);
        var latest = await client.GetAsync(Latest);
        var versions = await (await client.GetAsync("/api/v1/articles/insulin-resistance/versions")).JsonAsync();

        Assert.Equal("A dosing statement was found to be wrong.", problem.GetProperty("reason").GetString());
        Assert.Equal("/api/v1/articles/insulin-resistance?audience=patient", problem.GetProperty("latest").GetString());
        Assert.Equal("public, max-age=0, s-maxage=30", gone.Headers.GetValues("Cache-Control").Single());
        Assert.Contains("article:insulin-resistance:v2", gone.Headers.GetValues("Surrogate-Key").Single(), StringComparison.Ordinal);
        Assert.Equal(1, (await latest.JsonAsync()).GetProperty("version").GetInt32());
        Assert.True(latest.Content.Headers.LastModified >= new DateTimeOffset(2025, 12, 1, 9, 30, 0, TimeSpan.Zero));
        Assert.Equal(1, versions.GetProperty("latestVersion").GetInt32());
        Assert.Equal("A dosing statement was found to be wrong.", versions.GetProperty("versions")[0].GetProperty("retraction").GetProperty("reason").GetString());
    }
}
