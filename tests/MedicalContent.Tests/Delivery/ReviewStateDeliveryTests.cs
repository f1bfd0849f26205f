using System.Globalization;
using System.Text.Json.Nodes;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Delivery;

/// <summary>
/// What the clock may change and what it may not. "review-cycle" is due for review on 2026-07-01: with the default
/// 30-day window it is current until 2026-05-31, due soon from 2026-06-01 through the due date, overdue from
/// 2026-07-02. Its latest article and the index say so, each with a new ETag exactly at those transitions; its
/// version URL's bytes never change.
/// </summary>
public sealed class ReviewStateDeliveryTests : IDisposable
{
    private const string Slug = "review-cycle";
    private const string Companion = "companion";

    private readonly TempContentFolder _folder = Documents.Folder(
        Documents.Reviewed(Slug, 1, "2026-01-10", "2026-07-01")
            .WithRelated([Companion], ("What else helps?", Companion), ("Is it inherited?", null)),
        Documents.Reviewed(Companion, 1, "2025-11-03", "2027-11-03", "Living with it", "Long-term management"));

    private readonly FakeTimeProvider _clock = new(At("2026-05-01T12:00:00Z"));
    private readonly ContentService _service;

    public ReviewStateDeliveryTests()
    {
        _service = Create(_clock);
    }

    public void Dispose()
    {
        _service.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task TheLatestStateMovesCurrentDueSoonOverdueWithANewETagAtEachTransitionAndTheVersionBytesNever()
    {
        var version = await VersionAsync(1);
        var seen = new List<(string Time, string? State, string ETag, DateTimeOffset LastModified)>();
        foreach (var time in new[]
        {
            "2026-05-01T12:00:00Z", "2026-05-31T23:59:59Z", // current
            "2026-06-01T00:00:00Z", "2026-07-01T23:59:59Z", // due soon, through the due date
            "2026-07-02T00:00:00Z", "2027-01-01T00:00:00Z", // overdue
        })
        {
            _clock.SetUtcNow(At(time));
            var latest = await LatestAsync();
            seen.Add((time, State(latest), latest.ETag, latest.LastModified));

            var again = await VersionAsync(1);
            Assert.Equal(version.Body, again.Body);
            Assert.Equal(version.ETag, again.ETag);
            Assert.Equal(version.LastModified, again.LastModified);
        }

        Assert.Equal(["current", "current", "due-soon", "due-soon", "overdue", "overdue"], seen.Select(s => s.State));
        Assert.Equal(seen[0].ETag, seen[1].ETag);
        Assert.Equal(seen[2].ETag, seen[3].ETag);
        Assert.Equal(seen[4].ETag, seen[5].ETag);
        Assert.Equal(3, seen.Select(s => s.ETag).Distinct().Count());
        Assert.DoesNotContain(version.ETag, seen.Select(s => s.ETag));

        // Last-Modified: the version's date, then the day of each transition.
        Assert.Equal([At("2026-01-10T00:00:00Z"), At("2026-01-10T00:00:00Z"), At("2026-06-01T00:00:00Z"), At("2026-06-01T00:00:00Z"), At("2026-07-02T00:00:00Z"), At("2026-07-02T00:00:00Z")],
            seen.Select(s => s.LastModified));
        Assert.Null(State(version));
    }

    [Fact]
    public async Task BetweenTransitionsTheLatestAndTheIndexAreServedFromMemory()
    {
        await LatestAsync();
        await IndexAsync();
        var renders = _service.Counters.Renders;

        _clock.SetUtcNow(At("2026-05-31T23:59:59Z"));
        await LatestAsync();
        await IndexAsync();
        Assert.Equal(renders, _service.Counters.Renders);

        _clock.SetUtcNow(At("2026-06-01T00:00:00Z"));
        await LatestAsync();
        await IndexAsync();
        Assert.Equal(renders + 2, _service.Counters.Renders);
    }

    [Theory]
    [InlineData(0, "2026-06-30", "current")]
    [InlineData(0, "2026-07-01", "due-soon")]
    [InlineData(0, "2026-07-02", "overdue")]
    [InlineData(30, "2026-05-31", "current")]
    [InlineData(30, "2026-06-01", "due-soon")]
    [InlineData(90, "2026-04-01", "current")]
    [InlineData(90, "2026-04-02", "due-soon")]
    public async Task TheDueSoonWindowIsTheConfiguredNumberOfDays(int dueSoonDays, string today, string expected)
    {
        var clock = new FakeTimeProvider(At(today + "T08:00:00Z"));
        using var service = Create(clock, new ReviewCycleOptions { DueSoonDays = dueSoonDays });

        Assert.Equal(expected, State(Assert.IsType<Found>(await service.GetLatestAsync(Slug, "patient", CancellationToken.None)).Representation));
        var index = JsonNode.Parse(Assert.IsType<Found>(await service.GetArticleIndexAsync("patient", null, null, CancellationToken.None)).Representation.Body)!;
        Assert.Equal(expected, Item(index, Slug)["reviewState"]!.GetValue<string>());
    }

    [Fact]
    public async Task IndexItemsCarryTheLatestReviewAndTheirStateWithANewETagExactlyAtTransitions()
    {
        var seen = new List<(string Time, string State, string ETag, DateTimeOffset LastModified)>();
        foreach (var time in new[] { "2026-05-01T12:00:00Z", "2026-05-31T23:59:59Z", "2026-06-01T00:00:00Z", "2026-07-01T23:59:59Z", "2026-07-02T00:00:00Z", "2026-08-01T00:00:00Z" })
        {
            _clock.SetUtcNow(At(time));
            var page = await IndexAsync();
            var item = Item(JsonNode.Parse(page.Body)!, Slug);
            Assert.Equal("2026-01-10", item["reviewedOn"]!.GetValue<string>());
            Assert.Equal("2026-07-01", item["nextReviewDue"]!.GetValue<string>());
            Assert.Equal("current", Item(JsonNode.Parse(page.Body)!, Companion)["reviewState"]!.GetValue<string>());
            seen.Add((time, item["reviewState"]!.GetValue<string>(), page.ETag, page.LastModified));
        }

        Assert.Equal(["current", "current", "due-soon", "due-soon", "overdue", "overdue"], seen.Select(s => s.State));
        Assert.Equal(seen[0].ETag, seen[1].ETag);
        Assert.Equal(seen[2].ETag, seen[3].ETag);
        Assert.Equal(seen[4].ETag, seen[5].ETag);
        Assert.Equal(3, seen.Select(s => s.ETag).Distinct().Count());
        Assert.Equal([At("2026-01-10T00:00:00Z"), At("2026-01-10T00:00:00Z"), At("2026-06-01T00:00:00Z"), At("2026-06-01T00:00:00Z"), At("2026-07-02T00:00:00Z"), At("2026-07-02T00:00:00Z")],
            seen.Select(s => s.LastModified));
    }

    [Fact]
    public async Task TheLatestNamesItsRelatedArticlesInTheReadersAudienceAndTheVersionUrlOnlyLinksThem()
    {
        var patient = JsonNode.Parse((await LatestAsync("patient")).Body)!;
        var clinician = JsonNode.Parse((await LatestAsync("clinician")).Body)!;
        var version = JsonNode.Parse((await VersionAsync(1)).Body)!;

        Assert.Equal("Living with it", patient["related"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("Long-term management", clinician["related"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("Living with it", patient["relatedQuestions"]![0]!["answeredBy"]!["title"]!.GetValue<string>());
        Assert.Null(patient["relatedQuestions"]![1]!["answeredBy"]);

        Assert.Equal(Companion, version["related"]![0]!["slug"]!.GetValue<string>());
        Assert.Null(version["related"]![0]!["title"]);
        Assert.Equal(Companion, version["relatedQuestions"]![0]!["answeredBy"]!["slug"]!.GetValue<string>());
        Assert.Null(version["relatedQuestions"]![0]!["answeredBy"]!["title"]);
        Assert.Null(version["reviewState"]);

        // Take away what only the latest carries: the rest is the version, byte for byte.
        patient.AsObject().Remove("reviewState");
        patient["related"]![0]!.AsObject().Remove("title");
        patient["relatedQuestions"]![0]!["answeredBy"]!.AsObject().Remove("title");
        Assert.Equal(version.ToJsonString(), patient.ToJsonString());
    }

    [Fact]
    public async Task JsonLdAndPreviewOfTheLatestKeepTheVersionsBytes()
    {
        _clock.SetUtcNow(At("2026-06-15T00:00:00Z"));
        var versionJsonLd = Assert.IsType<Found>(await _service.GetVersionAsync(Slug, "1", "patient", CancellationToken.None, ArticleFormat.JsonLd)).Representation;
        var latestJsonLd = Assert.IsType<Found>(await _service.GetLatestAsync(Slug, "patient", CancellationToken.None, ArticleFormat.JsonLd)).Representation;
        var preview = Assert.IsType<Found>(await _service.GetLatestAsync(Slug, "patient", CancellationToken.None, ArticleFormat.Json, ContentScope.Preview)).Representation;

        Assert.Equal(versionJsonLd.Body, latestJsonLd.Body);
        Assert.Equal(versionJsonLd.ETag, latestJsonLd.ETag);
        Assert.Equal((await VersionAsync(1)).Body, preview.Body);
        Assert.Equal("due-soon", State(await LatestAsync()));
    }

    [Fact]
    public async Task ANewVersionOfARelatedArticleRetitlesTheLatestButNotTheVersionUrl()
    {
        var version = await VersionAsync(1);
        var before = await LatestAsync();

        Documents.Write(_folder, Documents.Reviewed(Companion, 2, "2026-04-20", "2028-04-20", "Living well with it", "Long-term care"));
        _clock.Advance(TimeSpan.FromSeconds(6));

        var after = await LatestAsync();
        Assert.Equal("Living well with it", JsonNode.Parse(after.Body)!["related"]![0]!["title"]!.GetValue<string>());
        Assert.NotEqual(before.ETag, after.ETag);
        Assert.Equal(At("2026-04-20T00:00:00Z"), after.LastModified);
        var again = await VersionAsync(1);
        Assert.Equal(version.Body, again.Body);
        Assert.Equal(version.ETag, again.ETag);
    }

    [Fact]
    public async Task EveryVersionCarriesTheDateOfTheFirstAndANewVersionChangesNoOlderBytes()
    {
        var first = await VersionAsync(1);
        Assert.Equal("2026-01-10", JsonNode.Parse(first.Body)!["datePublished"]!.GetValue<string>());

        Documents.Write(_folder, Documents.Reviewed(Slug, 2, "2026-04-02", "2027-04-02"));
        _clock.Advance(TimeSpan.FromSeconds(6));

        var second = JsonNode.Parse((await VersionAsync(2)).Body)!;
        Assert.Equal("2026-04-02", second["lastUpdated"]!.GetValue<string>());
        Assert.Equal("2026-01-10", second["datePublished"]!.GetValue<string>());
        Assert.Equal("2026-01-10", JsonNode.Parse((await LatestAsync()).Body)!["datePublished"]!.GetValue<string>());
        var again = await VersionAsync(1);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(first.ETag, again.ETag);
    }

    private ContentService Create(TimeProvider clock, ReviewCycleOptions? reviewCycle = null) =>
        new(new FileContentStore(_folder.Path), new ContentCacheOptions { RefreshIntervalSeconds = 5 }, clock, NullLogger<ContentService>.Instance, null, reviewCycle);

    private async Task<Representation> LatestAsync(string audience = "patient") =>
        Assert.IsType<Found>(await _service.GetLatestAsync(Slug, audience, CancellationToken.None)).Representation;

    private async Task<Representation> VersionAsync(int number) =>
        Assert.IsType<Found>(await _service.GetVersionAsync(Slug, number.ToString(CultureInfo.InvariantCulture), "patient", CancellationToken.None)).Representation;

    private async Task<Representation> IndexAsync() =>
        Assert.IsType<Found>(await _service.GetArticleIndexAsync("patient", null, null, CancellationToken.None)).Representation;

    private static string? State(Representation article) => JsonNode.Parse(article.Body)!["reviewState"]?.GetValue<string>();

    private static JsonNode Item(JsonNode page, string slug) =>
        page["items"]!.AsArray().Single(i => i!["slug"]!.GetValue<string>() == slug)!;

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
