using System.Globalization;
using System.Net;
using MedicalContent.Delivery;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Faults;

/// <summary>
/// Storage that is slow or hangs (the proxy delays requests or accepts connections and never answers): every store
/// call has a deadline and a bounded number of retries inside one budget, and a client that goes away cancels it.
/// Elapsed times are hang checks against generous bounds (budget + 2 s), never speed claims.
/// </summary>
[Integration]
public sealed class SlowStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Uncached = "/api/v1/articles/metformin/versions/1?audience=patient";
    private const string Cached = "/api/v1/articles/insulin-resistance?audience=patient";

    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task RetriesAHungStoreCallExactlyTheConfiguredNumberOfTimesThenAnswers503()
    {
        // The index is not re-checked during the test, so the only store call is the version read.
        await using var api = await WarmedUpAsync(refreshSeconds: 3600, timeoutSeconds: 0.5, retries: 2, budgetSeconds: 10);

        api.Proxy.Drop();
        var attemptsBefore = api.Proxy.Accepted;
        var (response, elapsed) = await FaultyStorageApi.TimedAsync(api.Client, Uncached);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(1 + 2, api.Proxy.Accepted - attemptsBefore);
        Assert.True(elapsed < TimeSpan.FromSeconds(3 * 0.5) + Slack, $"three 0.5 s attempts took {elapsed}");
    }

    [Fact]
    public async Task AHungStoreNeverHoldsAnUncachedRequestLongerThanTheBudget()
    {
        // Retries alone would take 6 × 1 s: the budget is what ends the wait.
        await using var api = await WarmedUpAsync(refreshSeconds: 3600, timeoutSeconds: 1, retries: 5, budgetSeconds: 2.5);

        api.Proxy.Drop();
        var attemptsBefore = api.Proxy.Accepted;
        var (response, elapsed) = await FaultyStorageApi.TimedAsync(api.Client, Uncached);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(elapsed < TimeSpan.FromSeconds(2.5) + Slack, $"the request was held {elapsed} with a 2.5 s budget");
        Assert.InRange(api.Proxy.Accepted - attemptsBefore, 1, 3);
    }

    [Fact]
    public async Task AHungStoreNeverHoldsARequestLongerThanTheBudgetWhenItAlsoRechecksTheIndex()
    {
        // The request after the refresh interval re-checks the index and then reads an uncached version: both are
        // store calls, and "the most any request waits for the store, all attempts included" is one budget.
        await using var api = await WarmedUpAsync(refreshSeconds: 1, timeoutSeconds: 1, retries: 5, budgetSeconds: 3);

        api.Proxy.Drop();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var (response, elapsed) = await FaultyStorageApi.TimedAsync(api.Client, Uncached);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(3) + Slack, $"the request was held {elapsed} with a 3 s budget");
    }

    [Fact]
    public async Task ARequestThatRechecksTheIndexOnAHungStoreStillAnswersFromMemoryWithinTheBudget()
    {
        await using var api = await WarmedUpAsync(refreshSeconds: 1, timeoutSeconds: 1, retries: 5, budgetSeconds: 2.5);

        api.Proxy.Drop();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var (response, elapsed) = await FaultyStorageApi.TimedAsync(api.Client, Cached);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(api.Warm.Headers.ETag, response.Headers.ETag);
        Assert.True(elapsed < TimeSpan.FromSeconds(2.5) + Slack, $"the cached answer was held {elapsed} with a 2.5 s budget");
        Assert.Equal("degraded", await FaultyStorageApi.HealthStatusAsync(api.Client));
    }

    [Fact]
    public async Task ServesFromAStoreThatIsSlowButWithinItsDeadline()
    {
        await using var api = await WarmedUpAsync(refreshSeconds: 1, timeoutSeconds: 3, retries: 0, budgetSeconds: 3);

        api.Proxy.Delay(TimeSpan.FromMilliseconds(300));
        var failures = api.Counters.StoreFailures;
        var (response, _) = await FaultyStorageApi.TimedAsync(api.Client, Uncached);

        var article = await response.JsonAsync();
        Assert.Equal("metformin", article.GetProperty("slug").GetString());
        Assert.Equal(failures, api.Counters.StoreFailures);
        Assert.Equal("healthy", await FaultyStorageApi.HealthStatusAsync(api.Client));
    }

    [Fact]
    public async Task AClientThatGoesAwayCancelsTheStoreCall()
    {
        // Long deadline and budget: nothing but the client's abort can end the store call early.
        await using var api = await WarmedUpAsync(refreshSeconds: 3600, timeoutSeconds: 20, retries: 0, budgetSeconds: 20);

        api.Proxy.Drop();
        var cancelledBefore = api.Counters.StoreCallsCancelled;
        var attemptsBefore = api.Proxy.Accepted;
        using var abort = new CancellationTokenSource();
        var request = api.Client.GetAsync(Uncached, abort.Token);
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            () => Task.FromResult(api.Proxy.Accepted > attemptsBefore && api.Proxy.Open > 0), TimeSpan.FromSeconds(10)),
            "the store call never reached storage");

        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        Assert.True(await FaultyStorageApi.EventuallyAsync(
            () => Task.FromResult(api.Counters.StoreCallsCancelled == cancelledBefore + 1), TimeSpan.FromSeconds(5)),
            $"StoreCallsCancelled is {api.Counters.StoreCallsCancelled}, expected {cancelledBefore + 1}");
        Assert.True(await FaultyStorageApi.EventuallyAsync(() => Task.FromResult(api.Proxy.Open == 0), TimeSpan.FromSeconds(5)),
            "the connection to storage stayed open after the store call was cancelled");
    }

    [Fact]
    public async Task OneClientGoingAwayLeavesTheSharedStoreReadRunningForTheOthers()
    {
        await using var api = await WarmedUpAsync(refreshSeconds: 3600, timeoutSeconds: 1.5, retries: 3, budgetSeconds: 10);

        api.Proxy.Drop();
        var cancelledBefore = api.Counters.StoreCallsCancelled;
        var missesBefore = api.Counters.CacheMisses;
        var readsBefore = api.Counters.VersionReads;
        var attemptsBefore = api.Proxy.Accepted;
        using var abort = new CancellationTokenSource();
        var staying = api.Client.GetAsync(Uncached);
        var leaving = api.Client.GetAsync(Uncached, abort.Token);
        Assert.True(await FaultyStorageApi.EventuallyAsync(
            () => Task.FromResult(api.Counters.CacheMisses >= missesBefore + 2 && api.Proxy.Accepted > attemptsBefore), TimeSpan.FromSeconds(10)));
        await Task.Delay(200);

        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        api.Proxy.Pass();

        var response = await staying;
        var article = await response.JsonAsync();
        Assert.Equal("metformin", article.GetProperty("slug").GetString());
        Assert.Equal(cancelledBefore, api.Counters.StoreCallsCancelled);
        Assert.Equal(readsBefore + 1, api.Counters.VersionReads);
    }

    /// <summary>
    /// The API on a freshly published container behind the proxy, with these store settings, after one answer from
    /// the store (<see cref="Cached"/>, now in memory): the arrange step of every test here, before it breaks the proxy.
    /// </summary>
    private async Task<WarmApi> WarmedUpAsync(double refreshSeconds, double timeoutSeconds, int retries, double budgetSeconds)
    {
        var api = await FaultyStorageApi.CreateAsync(azurite, new Dictionary<string, string?>
        {
            [nameof(ContentCacheOptions.RefreshIntervalSeconds)] = refreshSeconds.ToString(CultureInfo.InvariantCulture),
            [nameof(ContentCacheOptions.StoreTimeoutSeconds)] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            [nameof(ContentCacheOptions.StoreRetries)] = retries.ToString(CultureInfo.InvariantCulture),
            [nameof(ContentCacheOptions.StoreBudgetSeconds)] = budgetSeconds.ToString(CultureInfo.InvariantCulture),
        });
        var warmed = new WarmApi(api, api.CreateClient(), null!);
        try
        {
            var warm = await warmed.Client.GetAsync(Cached);
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
            return warmed with { Warm = warm };
        }
        catch
        {
            await warmed.DisposeAsync();
            throw;
        }
    }

    /// <param name="Warm">The first answer for <see cref="Cached"/>, from the store.</param>
    private sealed record WarmApi(FaultyStorageApi Faulty, HttpClient Client, HttpResponseMessage Warm) : IAsyncDisposable
    {
        public StorageProxy Proxy => Faulty.Proxy;

        public ContentCounters Counters => Faulty.Counters;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Faulty.DisposeAsync();
        }
    }
}
