using System.Globalization;
using System.Net;
using MedicalContent.Delivery;
using MedicalContent.Routing;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Api;

/// <summary>
/// Review states through HTTP, with a clock the test moves: "review-cycle" is due for review on 2026-07-01 (due soon
/// from 2026-06-01 with the default window, overdue from 2026-07-02). A client holding the latest article revalidates
/// to 304 until the state changes and to 200 with the new state when it does; the version URL stays 304 throughout.
/// </summary>
public sealed class ReviewStateEndpointsTests : IDisposable
{
    private const string Slug = "review-cycle";

    private readonly TempContentFolder _content = Documents.Folder(
        Documents.Reviewed(Slug, 1, "2026-01-10", "2026-07-01"),
        Documents.Reviewed("companion", 1, "2025-11-03", "2027-11-03"));

    private readonly FakeTimeProvider _clock = new(At("2026-05-01T12:00:00Z"));

    public void Dispose() => _content.Dispose();

    [Fact]
    public async Task TheLatestRevalidatesTo304BetweenTransitionsAndTo200WithTheNewStateAtEach()
    {
        using var api = new ApiFactory(_content.Path, null);
        using var clocked = ClockedApi.Create(api, _clock);
        using var client = clocked.CreateClient();
        var latestUrl = RouteTable.LatestUrl(Slug, "patient");
        var versionUrl = RouteTable.VersionUrl(Slug, 1, "patient");

        var current = await client.GetAsync(latestUrl);
        var version = await client.GetAsync(versionUrl);
        Assert.Equal("current", await StateAsync(current));
        Assert.Equal(At("2026-01-10T00:00:00Z"), current.Content.Headers.LastModified);

        _clock.SetUtcNow(At("2026-05-31T23:59:59Z"));
        Assert.Equal(HttpStatusCode.NotModified, (await IfNoneMatchAsync(client, latestUrl, current)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await IfModifiedSinceAsync(client, latestUrl, current)).StatusCode);

        _clock.SetUtcNow(At("2026-06-01T00:00:00Z"));
        var dueSoon = await IfNoneMatchAsync(client, latestUrl, current);
        Assert.Equal(HttpStatusCode.OK, dueSoon.StatusCode);
        Assert.Equal("due-soon", await StateAsync(dueSoon));
        Assert.Equal(At("2026-06-01T00:00:00Z"), dueSoon.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.OK, (await IfModifiedSinceAsync(client, latestUrl, current)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await IfNoneMatchAsync(client, versionUrl, version)).StatusCode);

        _clock.SetUtcNow(At("2026-07-01T23:59:59Z"));
        Assert.Equal(HttpStatusCode.NotModified, (await IfNoneMatchAsync(client, latestUrl, dueSoon)).StatusCode);

        _clock.SetUtcNow(At("2026-07-02T00:00:00Z"));
        var overdue = await IfNoneMatchAsync(client, latestUrl, dueSoon);
        Assert.Equal(HttpStatusCode.OK, overdue.StatusCode);
        Assert.Equal("overdue", await StateAsync(overdue));
        Assert.Equal(HttpStatusCode.NotModified, (await IfNoneMatchAsync(client, versionUrl, version)).StatusCode);
        Assert.False((await (await client.GetAsync(versionUrl)).JsonAsync()).TryGetProperty("reviewState", out _));
    }

    [Fact]
    public async Task IndexItemsSayWhereEachLatestVersionStandsAndThePageRevalidatesTo304BetweenTransitions()
    {
        using var api = new ApiFactory(_content.Path, null);
        using var clocked = ClockedApi.Create(api, _clock);
        using var client = clocked.CreateClient();

        var before = await client.GetAsync(RouteTable.IndexUrl);
        var item = (await before.JsonAsync()).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("slug").GetString() == Slug);
        Assert.Equal("current", item.GetProperty("reviewState").GetString());
        Assert.Equal("2026-01-10", item.GetProperty("reviewedOn").GetString());
        Assert.Equal("2026-07-01", item.GetProperty("nextReviewDue").GetString());

        _clock.SetUtcNow(At("2026-05-31T23:59:59Z"));
        Assert.Equal(HttpStatusCode.NotModified, (await IfNoneMatchAsync(client, RouteTable.IndexUrl, before)).StatusCode);

        _clock.SetUtcNow(At("2026-06-01T00:00:00Z"));
        var after = await IfNoneMatchAsync(client, RouteTable.IndexUrl, before);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("due-soon", (await after.JsonAsync()).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("slug").GetString() == Slug).GetProperty("reviewState").GetString());
        Assert.Equal(At("2026-06-01T00:00:00Z"), after.Content.Headers.LastModified);
    }

    [Fact]
    public async Task TheDueSoonWindowIsReadFromTheReviewCycleSection()
    {
        Assert.Equal("ReviewCycle__DueSoonDays", ReviewCycleOptions.EnvironmentVariable(nameof(ReviewCycleOptions.DueSoonDays)));
        using var api = new ApiFactory(_content.Path, new Dictionary<string, string?> { [ReviewCycleOptions.Key(nameof(ReviewCycleOptions.DueSoonDays))] = "0" });
        using var clocked = ClockedApi.Create(api, _clock);
        using var client = clocked.CreateClient();

        _clock.SetUtcNow(At("2026-06-30T12:00:00Z"));
        Assert.Equal("current", await StateAsync(await client.GetAsync(RouteTable.LatestUrl(Slug, "patient"))));

        _clock.SetUtcNow(At("2026-07-01T00:00:00Z"));
        Assert.Equal("due-soon", await StateAsync(await client.GetAsync(RouteTable.LatestUrl(Slug, "patient"))));
    }

    [Fact]
    public void TheFunctionsWorkerBindsTheReviewCycleSection()
    {
        using var worker = new FunctionsWorker(new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = _content.Path,
            [ReviewCycleOptions.Key(nameof(ReviewCycleOptions.DueSoonDays))] = "45",
        });

        Assert.Equal(45, worker.Services.GetRequiredService<IOptions<ReviewCycleOptions>>().Value.DueSoonDays);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("366")]
    public void ADueSoonWindowOutOfRangeStopsBothHostsNamingTheKey(string value)
    {
        var key = ReviewCycleOptions.Key(nameof(ReviewCycleOptions.DueSoonDays));
        var message = $"{key} must be from 0 to 365.";
        using var api = new ApiFactory(_content.Path, new Dictionary<string, string?> { [key] = value });
        using var worker = new FunctionsWorker(new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = _content.Path,
            [key] = value,
        });

        Assert.Contains(message, Assert.ThrowsAny<OptionsValidationException>(() => api.CreateClient()).Message, StringComparison.Ordinal);
        Assert.Contains(message, Assert.ThrowsAny<OptionsValidationException>(() => worker.Services.GetRequiredService<IStartupValidator>().Validate()).Message, StringComparison.Ordinal);
    }

    private static async Task<string?> StateAsync(HttpResponseMessage response) =>
        (await response.JsonAsync()).TryGetProperty("reviewState", out var state) ? state.GetString() : null;

    private static Task<HttpResponseMessage> IfNoneMatchAsync(HttpClient client, string url, HttpResponseMessage earlier)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(earlier.Headers.ETag!);
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> IfModifiedSinceAsync(HttpClient client, string url, HttpResponseMessage earlier)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfModifiedSince = earlier.Content.Headers.LastModified;
        return client.SendAsync(request);
    }

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>The API with a clock the test moves (the one registration a test replaces for it).</summary>
internal static class ClockedApi
{
    public static WebApplicationFactory<Program> Create(ApiFactory api, TimeProvider clock) =>
        api.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton(clock)));
}
