using System.Net;
using System.Text.Json;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Api;

/// <summary>
/// The endpoint contract. One contract, two stores: it runs against the file store (content-json/ on
/// disk) and against the blob store (content-json/ published into Azurite), so both answer identically.
/// </summary>
public abstract class ArticleEndpointsContract(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task ListsTheAudienceVocabularyWithLabels()
    {
        var body = await (await _client.GetAsync("/api/v1/audiences")).JsonAsync();

        Assert.Equal("Which best describes you?", body.GetProperty("prompt").GetString());
        Assert.Equal("patient", body.GetProperty("default").GetString());
        var audiences = body.GetProperty("audiences").EnumerateArray().ToList();
        Assert.Contains(audiences, a => a.GetProperty("id").GetString() == "clinician" && a.GetProperty("label").GetString()!.Length > 0);
    }

    [Fact]
    public async Task ServesLatestApprovedVersionInEachAudiencesLanguage()
    {
        var patient = await (await _client.GetAsync("/api/v1/articles/insulin-resistance?audience=patient")).JsonAsync();
        var clinician = await (await _client.GetAsync("/api/v1/articles/insulin-resistance?audience=clinician")).JsonAsync();

        foreach (var (body, audience) in new[] { (patient, "patient"), (clinician, "clinician") })
        {
            Assert.Equal("insulin-resistance", body.GetProperty("slug").GetString());
            Assert.Equal(2, body.GetProperty("version").GetInt32());
            Assert.Equal(audience, body.GetProperty("audience").GetString());
            Assert.Equal("approved", body.GetProperty("reviewStatus").GetString());
        }

        Assert.NotEqual(patient.GetProperty("summary").GetProperty("text").GetString(), clinician.GetProperty("summary").GetProperty("text").GetString());
        Assert.True(clinician.GetProperty("references").GetArrayLength() > patient.GetProperty("references").GetArrayLength());
    }

    [Fact]
    public async Task AMissingAudienceGetsTheDefaultAndSaysSo()
    {
        var implicitResponse = await _client.GetAsync("/api/v1/articles/insulin-resistance");
        var explicitResponse = await _client.GetAsync("/api/v1/articles/insulin-resistance?audience=patient");
        var body = await implicitResponse.JsonAsync();

        Assert.Equal("patient", body.GetProperty("audience").GetString());
        Assert.True(body.GetProperty("isDefaultAudience").GetBoolean());
        Assert.Equal("/api/v1/articles/insulin-resistance/versions/2?audience=patient", implicitResponse.Content.Headers.ContentLocation?.OriginalString);
        Assert.Equal(await explicitResponse.Content.ReadAsByteArrayAsync(), await implicitResponse.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ServesAnExplicitOlderVersion()
    {
        var body = await (await _client.GetAsync("/api/v1/articles/insulin-resistance/versions/1?audience=clinician")).JsonAsync();

        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("clinician", body.GetProperty("audience").GetString());
    }

    [Fact]
    public async Task ListsOnlyPubliclyServedVersions()
    {
        var body = await (await _client.GetAsync("/api/v1/articles/insulin-resistance/versions")).JsonAsync();

        var versions = body.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("number").GetInt32()));
        Assert.Equal(2, body.GetProperty("latestVersion").GetInt32());
        Assert.True(versions[0].GetProperty("isLatest").GetBoolean());
        Assert.Equal("/api/v1/articles/insulin-resistance/versions/1", versions[1].GetProperty("href").GetString());
    }

    [Fact]
    public async Task NeverServesAVersionThatIsNotApproved()
    {
        var problem = await (await _client.GetAsync("/api/v1/articles/insulin-resistance/versions/3")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("not published", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesThroughTheIndexInStableOrder()
    {
        var slugs = new List<string>();
        string? next = "/api/v1/articles?limit=2&audience=clinician";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            var page = await (await _client.GetAsync(next)).JsonAsync();
            Assert.Equal("clinician", page.GetProperty("audience").GetString());
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 2);
            slugs.AddRange(items.Select(i => i.GetProperty("slug").GetString()!));
            Assert.All(items, i => Assert.EndsWith("?audience=clinician", i.GetProperty("href").GetString(), StringComparison.Ordinal));
            next = page.GetProperty("links").TryGetProperty("next", out var link) ? link.GetString() : null;
            Assert.Equal(next is null, !page.TryGetProperty("nextCursor", out _));
        }

        var all = await (await _client.GetAsync("/api/v1/articles?limit=100")).JsonAsync();
        Assert.Equal(all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!), slugs);
        Assert.Equal(slugs.Order(StringComparer.Ordinal), slugs);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task TheIndexGivesTitlesInTheAudiencesLanguage()
    {
        var patient = await (await _client.GetAsync("/api/v1/articles?audience=patient")).JsonAsync();
        var clinician = await (await _client.GetAsync("/api/v1/articles?audience=clinician")).JsonAsync();

        static string Title(JsonElement page, string slug) =>
            page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("slug").GetString() == slug).GetProperty("title").GetString()!;

        Assert.NotEqual(Title(patient, "metformin"), Title(clinician, "metformin"));
        var item = patient.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("slug").GetString() == "insulin-resistance");
        Assert.Equal(2, item.GetProperty("latestVersion").GetInt32());
        Assert.Equal("approved", item.GetProperty("reviewStatus").GetString());
        Assert.Equal("2025-06-24", item.GetProperty("lastUpdated").GetString());
    }

    [Fact]
    public async Task EveryVersionOfAnArticleCarriesTheDateItWasFirstPublished()
    {
        var dates = new List<string?>();
        foreach (var url in new[] { "/api/v1/articles/insulin-resistance/versions/1?audience=clinician", "/api/v1/articles/insulin-resistance/versions/2", "/api/v1/articles/insulin-resistance" })
        {
            dates.Add((await (await _client.GetAsync(url)).JsonAsync()).GetProperty("datePublished").GetString());
        }

        Assert.Single(dates.Distinct());
        Assert.True(DateOnly.TryParseExact(dates[0], "yyyy-MM-dd", out _), $"datePublished '{dates[0]}' is not a date");
    }

    [Fact]
    public async Task OnlyTheLatestSaysWhereTheTextStandsInItsReviewCycleAndNamesRelatedArticles()
    {
        foreach (var slug in new[] { "insulin-resistance", "metformin", "prediabetes" })
        {
            var latest = await (await _client.GetAsync($"/api/v1/articles/{slug}?audience=clinician")).JsonAsync();
            var number = latest.GetProperty("version").GetInt32();
            var version = await (await _client.GetAsync($"/api/v1/articles/{slug}/versions/{number}?audience=clinician")).JsonAsync();

            Assert.Equal(latest.GetProperty("review").TryGetProperty("nextReviewDue", out _), latest.TryGetProperty("reviewState", out _));
            Assert.False(version.TryGetProperty("reviewState", out _), $"{slug} v{number} carries a review state");
            Assert.All(Related(version), r => Assert.False(r.TryGetProperty("title", out _), $"{slug} v{number} names a related article"));
            Assert.All(Related(latest), r => Assert.True(r.TryGetProperty("title", out _), $"the latest {slug} does not name its related article"));
        }

        static IEnumerable<JsonElement> Related(JsonElement article) =>
            (article.TryGetProperty("related", out var related) ? related.EnumerateArray().ToList() : [])
                .Concat(article.TryGetProperty("relatedQuestions", out var questions)
                    ? questions.EnumerateArray().Where(q => q.TryGetProperty("answeredBy", out _)).Select(q => q.GetProperty("answeredBy"))
                    : []);
    }

    [Fact]
    public async Task IndexItemsRepeatTheReviewOfTheLatestVersion()
    {
        var items = (await (await _client.GetAsync("/api/v1/articles?limit=100")).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

        foreach (var item in items)
        {
            var review = (await (await _client.GetAsync(item.GetProperty("href").GetString())).JsonAsync()).GetProperty("review");
            foreach (var field in new[] { "reviewedOn", "nextReviewDue" })
            {
                Assert.Equal(review.TryGetProperty(field, out var expected) ? expected.GetString() : null, item.TryGetProperty(field, out var actual) ? actual.GetString() : null);
            }

            Assert.Equal(item.TryGetProperty("nextReviewDue", out _), item.TryGetProperty("reviewState", out _));
        }
    }

    [Theory]
    [InlineData("/api/v1/articles/insulin-resistance?audience=nurse")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/1?audience=PATIENT")]
    [InlineData("/api/v1/articles?audience=")]
    public async Task AnUnknownAudienceIsABadRequestListingTheValidOnes(string url)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal("audience", problem.GetProperty("parameter").GetString());
        Assert.Equal(["patient", "clinician"], problem.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("patient, clinician", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/articles/no-such-article")]
    [InlineData("/api/v1/articles/no-such-article/versions")]
    [InlineData("/api/v1/articles/no-such-article/versions/1")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/99")]
    [InlineData("/api/v1/nothing-here")]
    public async Task UnknownArticlesAndVersionsAreNotFound(string url)
    {
        await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/articles/Insulin-Resistance", "slug")]
    [InlineData("/api/v1/articles/insulin_resistance/versions", "slug")]
    [InlineData("/api/v1/articles/a..b/versions/1", "slug")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/two", "version")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/0", "version")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/-1", "version")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/1.5", "version")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/99999999999999999999", "version")]
    [InlineData("/api/v1/articles?limit=0", "limit")]
    [InlineData("/api/v1/articles?limit=101", "limit")]
    [InlineData("/api/v1/articles?limit=ten", "limit")]
    [InlineData("/api/v1/articles?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/articles?cursor=YWZ0ZXI6Li4v", "cursor")]
    public async Task MalformedInputIsABadRequestNamingTheParameter(string url, string parameter)
    {
        var problem = await (await _client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/v1/articles")]
    [InlineData("PUT", "/api/v1/articles/insulin-resistance")]
    [InlineData("DELETE", "/api/v1/articles/insulin-resistance/versions/1")]
    [InlineData("PATCH", "/api/v1/audiences")]
    public async Task OtherMethodsAreNotAllowed(string method, string url)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET", "HEAD", "OPTIONS"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/api/v1/articles/insulin-resistance?audience=clinician")]
    [InlineData("/api/v1/articles")]
    [InlineData("/api/v1/audiences")]
    [InlineData("/api/v1/articles/insulin-resistance/versions")]
    public async Task HeadAnswersTheGetHeadersWithoutABody(string url)
    {
        var get = await _client.GetAsync(url);
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.CacheControl, head.Headers.CacheControl);
        Assert.Equal(get.Content.Headers.LastModified, head.Content.Headers.LastModified);
    }

    [Fact]
    public async Task HealthTellsAnyoneOnlyTheStatusAndWhenTheStoreLastAnswered()
    {
        var response = await _client.GetAsync("/api/health");
        var body = await response.JsonAsync();

        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("lastStoreSuccessAt").ValueKind);
        Assert.Equal(["lastStoreSuccessAt", "status"], body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(response.Headers.CacheControl!.NoStore);
    }
}

public sealed class ArticleEndpointsOnFileStore(ApiFactory factory) : ArticleEndpointsContract(factory), IClassFixture<ApiFactory>;

[Integration]
public sealed class ArticleEndpointsOnBlobStore(BlobStoreApi factory) : ArticleEndpointsContract(factory), IClassFixture<BlobStoreApi>;
