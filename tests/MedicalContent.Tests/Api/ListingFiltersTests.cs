using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Delivery;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Api;

/// <summary>
/// The article index as a listing page (summary, subject, reading time and review state in one request), its filters
/// (code, kind, reviewState) and the filtered change feed (slug, type), on the sample content with the clock on
/// 2026-12-01: metabolic-syndrome (due 2026-05-12) is overdue, metformin (due 2026-12-14) due soon, the rest current.
/// </summary>
public sealed class ListingFiltersTests : IDisposable
{
    private static readonly string[] AllSlugs = ["insulin-resistance", "metabolic-syndrome", "metformin", "polycystic-ovary-syndrome", "prediabetes"];

    private readonly ApiFactory _api = new();
    private readonly WebApplicationFactory<Program> _clocked;
    private readonly HttpClient _client;

    public ListingFiltersTests()
    {
        _clocked = ClockedApi.Create(_api, new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", CultureInfo.InvariantCulture)));
        _client = _clocked.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _clocked.Dispose();
        _api.Dispose();
    }

    [Theory]
    [InlineData("patient")]
    [InlineData("clinician")]
    public async Task ItemsCarryTheSummarySubjectAndReadingTimeTheAudiencesArticleHas(string audience)
    {
        var index = await GetJsonAsync($"/api/v1/articles?audience={audience}");
        var items = index.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(AllSlugs, items.Select(i => i.GetProperty("slug").GetString()));
        foreach (var item in items)
        {
            var article = await GetJsonAsync(item.GetProperty("href").GetString()!);
            Assert.Equal(article.GetProperty("readingTimeMinutes").GetInt32(), item.GetProperty("readingTimeMinutes").GetInt32());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(article.GetProperty("about").GetRawText()), JsonNode.Parse(item.GetProperty("about").GetRawText())));
            Assert.Equal(WithoutMarkers(article.GetProperty("summary")), item.GetProperty("summary").GetString());
            Assert.Equal(article.GetProperty("reviewState").GetString(), item.GetProperty("reviewState").GetString());
        }
    }

    [Fact]
    public async Task SummariesAreInTheAudiencesWordsWithoutCitationMarkers()
    {
        var patient = Item(await GetJsonAsync("/api/v1/articles?audience=patient"), "insulin-resistance");
        var clinician = Item(await GetJsonAsync("/api/v1/articles?audience=clinician"), "insulin-resistance");

        Assert.StartsWith("Insulin resistance means your body's cells", patient.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Insulin resistance is a reduced biological response", clinician.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.All(new[] { patient, clinician }, i => Assert.DoesNotContain("[", i.GetProperty("summary").GetString(), StringComparison.Ordinal));
    }

    /// <summary>A listing page of 20 cards: one request, and the store is never asked for a version.</summary>
    [Fact]
    public async Task AListingPageOfTwentyArticlesWithSummariesAndReviewStatesIsOneRequest()
    {
        using var folder = Documents.Folder([.. Enumerable.Range(1, 25).Select(n =>
        {
            var article = Documents.Reviewed($"article-{n:D2}", 1, "2026-01-10", "2027-01-10");
            article["summary"] = Documents.Variants($"Plain summary {n} [[ref-a]].", $"Clinical summary {n} [[ref-a]][[ref-b]].");
            return article;
        })]);
        var store = new CountingStore(new FileContentStore(folder.Path));
        using var api = new ApiFactory(folder.Path, null) { Store = _ => store };
        using var client = api.CreateClient();

        var response = await client.GetAsync("/api/v1/articles?audience=clinician");
        var page = await response.JsonAsync();

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(20, items.Count);
        Assert.Single(api.Requests.Entries);
        Assert.Equal(0, store.VersionReads);
        for (var n = 1; n <= 20; n++)
        {
            var item = items[n - 1];
            Assert.Equal($"Clinical summary {n}.", item.GetProperty("summary").GetString());
            Assert.Equal("current", item.GetProperty("reviewState").GetString());
            Assert.Equal("2027-01-10", item.GetProperty("nextReviewDue").GetString());
            Assert.Equal("2026-01-10", item.GetProperty("reviewedOn").GetString());
            Assert.Equal("condition", item.GetProperty("about").GetProperty("kind").GetString());
            Assert.Equal(1, item.GetProperty("readingTimeMinutes").GetInt32());
        }
    }

    [Theory]
    [InlineData("code=ICD-10-CM%7CR73.03", new[] { "prediabetes" })]
    [InlineData("code=ICD-10-CM|E88.819", new[] { "insulin-resistance" })]
    [InlineData("code=RxNorm%7C6809", new[] { "metformin" })]
    [InlineData("code=SNOMED%20CT%7C237055002", new[] { "polycystic-ovary-syndrome" })]
    [InlineData("code=SNOMED+CT%7C237055002", new[] { "polycystic-ovary-syndrome" })]
    [InlineData("code=MeSH%7CD024821", new[] { "metabolic-syndrome" })]
    [InlineData("code=ICD-10-CM%7CE11.9", new string[0])]
    [InlineData("code=ICD-10-CM%7CR73.03&code=RxNorm%7C6809", new[] { "metformin", "prediabetes" })]
    [InlineData("code=RxNorm%7C6809&code=ICD-10-CM%7CR73.03&code=RxNorm%7C6809", new[] { "metformin", "prediabetes" })]
    [InlineData("kind=drug", new[] { "metformin" })]
    [InlineData("kind=condition", new[] { "insulin-resistance", "metabolic-syndrome", "polycystic-ovary-syndrome", "prediabetes" })]
    [InlineData("kind=test", new string[0])]
    [InlineData("reviewState=overdue", new[] { "metabolic-syndrome" })]
    [InlineData("reviewState=due-soon", new[] { "metformin" })]
    [InlineData("reviewState=current", new[] { "insulin-resistance", "polycystic-ovary-syndrome", "prediabetes" })]
    [InlineData("kind=condition&code=RxNorm%7C6809", new string[0])]
    [InlineData("kind=condition&code=RxNorm%7C6809&code=ICD-10-CM%7CE88.819", new[] { "insulin-resistance" })]
    [InlineData("kind=condition&reviewState=current&code=ICD-10-CM%7CE28.2", new[] { "polycystic-ovary-syndrome" })]
    public async Task EachFilterAndTheirCombinationsListTheMatchingArticles(string query, string[] expected)
    {
        var page = await GetJsonAsync($"/api/v1/articles?audience=patient&{query}");

        Assert.Equal(expected, page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
        Assert.False(page.TryGetProperty("nextCursor", out _));
        Assert.False(page.GetProperty("links").TryGetProperty("next", out _));
    }

    [Fact]
    public async Task TheOrderOfRepeatedCodesChangesNeitherTheBytesNorTheLinks()
    {
        var one = await _client.GetAsync("/api/v1/articles?code=RxNorm%7C6809&code=ICD-10-CM%7CR73.03");
        var other = await _client.GetAsync("/api/v1/articles?code=ICD-10-CM%7CR73.03&code=RxNorm%7C6809");

        Assert.Equal(await one.Content.ReadAsByteArrayAsync(), await other.Content.ReadAsByteArrayAsync());
        Assert.Equal(one.Headers.ETag, other.Headers.ETag);
        Assert.Equal(
            "/api/v1/articles?audience=patient&code=ICD-10-CM%7CR73.03&code=RxNorm%7C6809",
            (await one.JsonAsync()).GetProperty("links").GetProperty("self").GetString());
    }

    [Theory]
    [InlineData("kind=condition")]
    [InlineData("code=ICD-10-CM%7CR73.03&code=RxNorm%7C6809&code=SNOMED%20CT%7C237055002")]
    [InlineData("reviewState=current")]
    [InlineData("kind=condition&reviewState=current")]
    public async Task WalkingAFilteredIndexOneItemAtATimeGivesTheFilteredListOnceInOrder(string filter)
    {
        var whole = (await GetJsonAsync($"/api/v1/articles?{filter}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()).ToList();
        Assert.NotEmpty(whole);

        var walked = new List<string?>();
        string? url = $"/api/v1/articles?{filter}&limit=1";
        while (url is not null)
        {
            var page = await GetJsonAsync(url);
            walked.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
            url = page.GetProperty("links").TryGetProperty("next", out var next) ? next.GetString() : null;
            if (url is not null)
            {
                // The next link keeps the filter, canonically, and resumes after the last slug of this page.
                Assert.Equal(page.GetProperty("nextCursor").GetString(), PageCursor.Encode(walked[^1]!));
                Assert.Contains(CanonicalFilter(filter), url, StringComparison.Ordinal);
            }
        }

        Assert.Equal(whole, walked);
    }

    [Theory]
    [InlineData("code=E11.9", "code")]
    [InlineData("code=ICD-10|E11.9", "code")]
    [InlineData("code=SNOMED-CT%7C237055002", "code")]
    [InlineData("code=snomed%20ct%7C237055002", "code")]
    [InlineData("code=ICD-10-CM%7Ce11.9", "code")]
    [InlineData("code=SNOMED%20CT%7C237055003", "code")]
    [InlineData("code=ICD-10-CM%7C", "code")]
    [InlineData("code=", "code")]
    [InlineData("kind=disease", "kind")]
    [InlineData("kind=Drug", "kind")]
    [InlineData("reviewState=late", "reviewState")]
    [InlineData("reviewState=due_soon", "reviewState")]
    public async Task BadFilterValuesAre400sNamingTheParameterAndWhatIsAllowed(string query, string parameter)
    {
        var problem = await (await _client.GetAsync($"/api/v1/articles?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        var allowed = problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Equal(
            parameter switch
            {
                "code" => ["ICD-10-CM", "SNOMED CT", "RxNorm", "MeSH", "LOINC"],
                "kind" => ["condition", "drug", "test", "procedure"],
                _ => new List<string?> { "current", "due-soon", "overdue" },
            },
            allowed);
        foreach (var value in allowed)
        {
            Assert.Contains(value!, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MoreThanTwentyCodesAreA400()
    {
        var query = string.Join('&', Enumerable.Range(1, 21).Select(n => $"code=RxNorm%7C{n}"));
        var problem = await (await _client.GetAsync($"/api/v1/articles?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("code", problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/api/v1/articles", "?kind=drug&kind=test", "kind")]
    [InlineData("/api/v1/articles", "?reviewState=current&reviewState=overdue", "reviewState")]
    [InlineData("/api/v1/articles", "?reviewstate=overdue", "reviewState")]
    [InlineData("/api/v1/articles", "?CODE=RxNorm%7C6809", "code")]
    [InlineData("/api/v1/articles", "?code=RxNorm%7C6809&Code=RxNorm%7C6809", "code")]
    [InlineData("/api/v1/changes", "?SLUG=metformin", "slug")]
    [InlineData("/api/v1/changes", "?slug=metformin&TYPE=version-published", "type")]
    public async Task TheExactNameRuleHoldsForTheNewParameters(string path, string query, string parameter)
    {
        var problem = await (await _client.GetAsync(path + query)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task TheChangeFeedFilteredBySlugHoldsExactlyThatArticlesEvents()
    {
        var all = await AllEventsAsync("/api/v1/changes?limit=500");
        var metformin = (await GetJsonAsync("/api/v1/changes?slug=metformin")).GetProperty("events").EnumerateArray().ToList();

        Assert.Equal(
            all.Where(e => e.GetProperty("slug").GetString() == "metformin").Select(e => e.GetRawText()),
            metformin.Select(e => e.GetRawText()));
        Assert.Contains(metformin, e => e.GetProperty("type").GetString() == "version-published");
        Assert.Contains(metformin, e => e.GetProperty("type").GetString() == "latest-changed");
    }

    [Theory]
    [InlineData("slug=metformin")]
    [InlineData("slug=prediabetes&slug=metformin")]
    [InlineData("type=latest-changed")]
    [InlineData("slug=insulin-resistance&type=version-published&type=version-retracted")]
    [InlineData("slug=no-such-article")]
    public async Task AFilteredFeedWalkedOneEventAtATimeResumesWhereItLeftOff(string filter)
    {
        var slugs = filter.Split('&').Where(p => p.StartsWith("slug=", StringComparison.Ordinal)).Select(p => p[5..]).ToList();
        var types = filter.Split('&').Where(p => p.StartsWith("type=", StringComparison.Ordinal)).Select(p => p[5..]).ToList();
        var expected = (await AllEventsAsync("/api/v1/changes?limit=500"))
            .Where(e => (slugs.Count == 0 || slugs.Contains(e.GetProperty("slug").GetString()!))
                && (types.Count == 0 || types.Contains(e.GetProperty("type").GetString()!)))
            .Select(e => e.GetProperty("id").GetInt64())
            .ToList();

        var walked = new List<long>();
        var page = await GetJsonAsync($"/api/v1/changes?limit=1&{filter}");
        for (var guard = 0; guard < 100; guard++)
        {
            walked.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            var next = page.GetProperty("links").GetProperty("next").GetString()!;
            Assert.Contains(page.GetProperty("cursor").GetString()!, next, StringComparison.Ordinal);
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                break;
            }

            page = await GetJsonAsync($"/api/v1/changes?limit=1&since={page.GetProperty("cursor").GetString()}&{filter}");
        }

        Assert.Equal(expected, walked);

        // Polling at the end of a filtered feed: nothing new, the same cursor, which is a position in the whole feed.
        var end = await GetJsonAsync($"/api/v1/changes?since={page.GetProperty("cursor").GetString()}&{filter}");
        Assert.Empty(end.GetProperty("events").EnumerateArray());
        Assert.Equal(page.GetProperty("cursor").GetString(), end.GetProperty("cursor").GetString());
    }

    [Fact]
    public async Task CursorsIssuedBeforeFiltersExistedResumeFilteredFeedsAtTheSamePosition()
    {
        var all = await AllEventsAsync("/api/v1/changes?limit=500");
        var old = PageCursor.EncodeFeed(3);
        Assert.Equal("ZmVlZDoz", old);

        var filtered = await GetJsonAsync($"/api/v1/changes?since={old}&slug=metformin");

        Assert.Equal(
            all.Skip(3).Where(e => e.GetProperty("slug").GetString() == "metformin").Select(e => e.GetProperty("id").GetInt64()),
            filtered.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("slug=Metformin", "slug", false)]
    [InlineData("slug=metformin&slug=a--b", "slug", false)]
    [InlineData("type=published", "type", true)]
    [InlineData("type=version-published&type=latest", "type", true)]
    public async Task BadFeedFiltersAre400sNamingTheParameter(string query, string parameter, bool listsAllowed)
    {
        var problem = await (await _client.GetAsync($"/api/v1/changes?{query}")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Equal(listsAllowed, problem.TryGetProperty("allowed", out var allowed));
        if (listsAllowed)
        {
            Assert.Equal(["version-published", "latest-changed", "version-retracted"], allowed.EnumerateArray().Select(a => a.GetString()));
        }
    }

    private async Task<List<JsonElement>> AllEventsAsync(string url) =>
        (await GetJsonAsync(url)).GetProperty("events").EnumerateArray().ToList();

    private async Task<JsonElement> GetJsonAsync(string url) => await (await _client.GetAsync(url)).JsonAsync();

    private static JsonElement Item(JsonElement page, string slug) =>
        page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("slug").GetString() == slug);

    /// <summary>The filter as the API writes it in links: codes sorted by system, then code.</summary>
    private static string CanonicalFilter(string filter) => filter switch
    {
        "code=ICD-10-CM%7CR73.03&code=RxNorm%7C6809&code=SNOMED%20CT%7C237055002" => "code=ICD-10-CM%7CR73.03&code=SNOMED%20CT%7C237055002&code=RxNorm%7C6809",
        _ => filter,
    };

    /// <summary>A rendered text with its citation markers cut out where its marks say, and the spaces before them.</summary>
    private static string WithoutMarkers(JsonElement text)
    {
        var value = text.GetProperty("text").GetString()!;
        if (!text.TryGetProperty("citations", out var marks))
        {
            return value;
        }

        foreach (var mark in marks.EnumerateArray().OrderByDescending(m => m.GetProperty("offset").GetInt32()))
        {
            var offset = mark.GetProperty("offset").GetInt32();
            var start = offset;
            while (start > 0 && char.IsWhiteSpace(value[start - 1]))
            {
                start--;
            }

            value = value[..start] + value[(offset + mark.GetProperty("length").GetInt32())..];
        }

        return value.Trim();
    }
}
