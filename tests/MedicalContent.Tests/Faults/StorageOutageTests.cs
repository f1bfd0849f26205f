using System.Net;
using System.Text.Json;
using MedicalContent.Http;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;
using MedicalContent.Delivery;

namespace MedicalContent.Tests.Faults;

/// <summary>
/// Storage goes away mid-test (the proxy in front of a real Azurite resets every connection) and comes back: what
/// is in memory keeps being served within the stale window, the rest is a prompt 503, and the API heals itself.
/// </summary>
[Integration]
public sealed class StorageOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Cached = "/api/v1/articles/insulin-resistance?audience=patient";
    private const string CachedVersion = "/api/v1/articles/insulin-resistance/versions/2?audience=clinician";
    private const string Uncached = "/api/v1/articles/metformin/versions/1?audience=patient";

    /// <summary>Short deadlines, so a failing store is given up on quickly; a hang check allows the budget plus this.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<string, string?> Fast = new()
    {
        [nameof(ContentCacheOptions.RefreshIntervalSeconds)] = "1",
        [nameof(ContentCacheOptions.StoreTimeoutSeconds)] = "0.5",
        [nameof(ContentCacheOptions.StoreRetries)] = "1",
        [nameof(ContentCacheOptions.StoreBudgetSeconds)] = "1.5",
    };

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task KeepsServingCachedRepresentationsWithStaleIfErrorAndReportsDegradedWhileStorageIsDown()
    {
        await using var api = await FaultyStorageApi.CreateAsync(azurite, Fast);
        using var client = api.CreateClient();
        var before = await client.GetAsync(Cached);
        var beforeBody = await before.Content.ReadAsByteArrayAsync();
        var beforeVersion = await (await client.GetAsync(CachedVersion)).Content.ReadAsByteArrayAsync();
        Assert.Equal("healthy", await FaultyStorageApi.HealthStatusAsync(client));

        api.Proxy.Refuse();
        var failuresBefore = api.Counters.StoreFailures;

        // Wait until a re-check of the index has actually failed: the answers below then come from memory alone.
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            async () => (await client.GetAsync(Cached)).IsSuccessStatusCode && api.Counters.StoreFailures > failuresBefore,
            TimeSpan.FromSeconds(10)));

        for (var i = 0; i < 3; i++)
        {
            var (during, elapsed) = await FaultyStorageApi.TimedAsync(client, Cached);
            Assert.Equal(HttpStatusCode.OK, during.StatusCode);
            Assert.Equal(beforeBody, await during.Content.ReadAsByteArrayAsync());
            Assert.Equal(before.Headers.ETag, during.Headers.ETag);
            Assert.Contains("stale-if-error=", during.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.True(elapsed < Budget + Slack, $"a cached answer took {elapsed} while storage was down");

            var version = await client.GetAsync(CachedVersion);
            Assert.Equal(HttpStatusCode.OK, version.StatusCode);
            Assert.Equal(beforeVersion, await version.Content.ReadAsByteArrayAsync());

            // A conditional request for what the client already holds is still answered 304.
            using var conditional = new HttpRequestMessage(HttpMethod.Get, Cached);
            conditional.Headers.IfNoneMatch.Add(before.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
        }

        Assert.Equal("degraded", await FaultyStorageApi.HealthStatusAsync(client));
        using var operators = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        operators.Headers.Add("Preview-Key", FaultyStorageApi.PreviewKey);
        var health = JsonDocument.Parse(await (await client.SendAsync(operators)).Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(health.GetProperty("error").GetString()));
        Assert.Equal(0, api.Proxy.Open);
    }

    [Fact]
    public async Task AnswersAnUncachedRequestWith503ProblemAndRetryAfterPromptlyWhileStorageIsDown()
    {
        await using var api = await FaultyStorageApi.CreateAsync(azurite, Fast);
        using var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Cached)).StatusCode);

        api.Proxy.Refuse();
        string[] uncached =
        [
            Uncached,
            "/api/v1/articles/prediabetes?audience=clinician",
            "/api/v1/articles/metabolic-syndrome/jsonld?audience=patient",
        ];
        foreach (var url in uncached)
        {
            var (response, elapsed) = await FaultyStorageApi.TimedAsync(client, url);
            var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(Problems.Unavailable, problem.GetProperty("type").GetString());
            Assert.Equal(TimeSpan.FromSeconds(Problems.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Null(response.Headers.ETag);
            Assert.DoesNotContain("AccountKey", problem.GetRawText(), StringComparison.Ordinal);
            Assert.True(elapsed < Budget + Slack, $"{url} took {elapsed} to fail while storage was down");
        }

        var (head, _) = await FaultyStorageApi.TimedAsync(client, "/api/v1/articles/polycystic-ovary-syndrome?audience=clinician", HttpMethod.Head);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, head.StatusCode);
        Assert.NotNull(head.Headers.RetryAfter);
    }

    [Fact]
    public async Task RecoversByItselfWithoutARestartWhenStorageReturns()
    {
        await using var api = await FaultyStorageApi.CreateAsync(azurite, Fast);
        using var client = api.CreateClient();
        Assert.Equal(2, Version(await client.GetStringAsync(Cached)));

        api.Proxy.Refuse();
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            async () => await FaultyStorageApi.HealthStatusAsync(client) == "degraded", TimeSpan.FromSeconds(10)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(Uncached)).StatusCode);

        // Editors publish while the API cannot see storage; the API picks it up once storage is back.
        await api.PublishVersionAsync("insulin-resistance", from: 2, to: 4);
        Assert.Equal(2, Version(await client.GetStringAsync(Cached)));

        api.Proxy.Pass();
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            async () => await FaultyStorageApi.HealthStatusAsync(client) == "healthy", TimeSpan.FromSeconds(15)),
            "health did not return to healthy after storage came back");
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            async () => (await client.GetAsync(Uncached)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15)),
            "an uncached version was still not served after storage came back");
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            async () => Version(await client.GetStringAsync(Cached)) == 4, TimeSpan.FromSeconds(15)),
            "the version published during the outage never became latest");
    }

    [Fact]
    public async Task StopsServingFromMemoryOnceTheStaleWindowClosesAndResumesWhenStorageReturns()
    {
        await using var api = await FaultyStorageApi.CreateAsync(azurite, new Dictionary<string, string?>(Fast) { [nameof(ContentCacheOptions.StaleWindowSeconds)] = "3" });
        using var client = api.CreateClient();
        var warm = await client.GetAsync(Cached);
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        api.Proxy.Refuse();

        // Inside the window (the last successful read was a moment ago) the cached copy is served...
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Cached)).StatusCode);

        // ...and once the window has closed, nothing is: a 503 that says why, and health says unhealthy.
        HttpResponseMessage? stale = null;
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            async () => (stale = await client.GetAsync(Cached)).StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15)),
            "cached content was still served long after the stale window closed");
        var problem = await stale!.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("stale window", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Where the store is stays in the logs and the operators' health report, not in public answers.
        Assert.DoesNotContain(api.Container.Name, problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(api.Container.AccountName, problem.GetRawText(), StringComparison.Ordinal);
        Assert.NotNull(stale!.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(CachedVersion)).StatusCode);
        Assert.Equal("unhealthy", await FaultyStorageApi.HealthStatusAsync(client));

        api.Proxy.Pass();
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            async () => (await client.GetAsync(Cached)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15)),
            "the API did not serve again after storage came back");
        var back = await client.GetAsync(Cached);
        Assert.Equal(warm.Headers.ETag, back.Headers.ETag);
        Assert.Equal("healthy", await FaultyStorageApi.HealthStatusAsync(client));
    }

    [Fact]
    public async Task StartsWhileStorageIsDownAnswers503AndServesOnceStorageReturns()
    {
        await using var api = await FaultyStorageApi.CreateAsync(azurite, Fast);
        api.Proxy.Refuse();
        using var client = api.CreateClient();

        var (response, elapsed) = await FaultyStorageApi.TimedAsync(client, Cached);
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(elapsed < Budget + Slack, $"a request before any content was loaded took {elapsed}");
        Assert.Equal("unhealthy", await FaultyStorageApi.HealthStatusAsync(client));

        api.Proxy.Pass();
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            async () => (await client.GetAsync(Cached)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15)),
            "the API did not serve after storage came up");
        Assert.Equal("healthy", await FaultyStorageApi.HealthStatusAsync(client));
    }

    private static int Version(string json) => JsonDocument.Parse(json).RootElement.GetProperty("version").GetInt32();
}
