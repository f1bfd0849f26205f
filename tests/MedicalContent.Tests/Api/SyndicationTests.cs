using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Api;

public class SyndicationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("patient")]
    [InlineData("clinician")]
    public async Task ServesAMedicalWebPageForEachAudience(string audience)
    {
        var response = await _client.GetAsync($"/api/v1/articles/insulin-resistance/jsonld?audience={audience}");
        var article = await (await _client.GetAsync($"/api/v1/articles/insulin-resistance?audience={audience}")).JsonAsync();

        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://schema.org", page.GetProperty("@context").GetString());
        Assert.Equal("MedicalWebPage", page.GetProperty("@type").GetString());
        // The audience is named by its id: labels are mutable vocabulary and stay out of version bytes.
        Assert.Equal(audience, page.GetProperty("medicalAudience").GetProperty("audienceType").GetString());
        Assert.False(page.GetProperty("medicalAudience").TryGetProperty("name", out _));
        Assert.Equal("Medical Content Editorial Board", page.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal(article.GetProperty("title").GetString(), page.GetProperty("name").GetString());
        Assert.Equal("https://medical-content.example/articles/insulin-resistance", page.GetProperty("url").GetString());
        Assert.Equal("MedicalCondition", page.GetProperty("about").GetProperty("@type").GetString());
        Assert.Equal("2025-06-27", page.GetProperty("lastReviewed").GetString());
        Assert.Equal("2025-06-24", page.GetProperty("dateModified").GetString());
        Assert.Equal("Person", page.GetProperty("reviewedBy").GetProperty("@type").GetString());
        Assert.Equal("Approved", page.GetProperty("creativeWorkStatus").GetString());
        Assert.Equal(article.GetProperty("references").GetArrayLength(), page.GetProperty("citation").GetArrayLength());
        Assert.Equal($"/api/v1/articles/insulin-resistance/versions/2/jsonld?audience={audience}", response.Content.Headers.ContentLocation?.OriginalString);
    }

    [Fact]
    public async Task TypesCitationsByTheirKind()
    {
        var page = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/articles/insulin-resistance/versions/2/jsonld?audience=clinician")).RootElement;
        var article = await (await _client.GetAsync("/api/v1/articles/insulin-resistance/versions/2?audience=clinician")).JsonAsync();

        var kinds = article.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("kind").GetString()).ToList();
        var citations = page.GetProperty("citation").EnumerateArray().ToList();
        for (var i = 0; i < kinds.Count; i++)
        {
            var expected = kinds[i] == "research" ? "MedicalScholarlyArticle" : "CreativeWork";
            Assert.Equal(expected, citations[i].GetProperty("@type").GetString());
            Assert.Equal(i + 1, citations[i].GetProperty("position").GetInt32());
        }

        Assert.Contains(citations, c => c.TryGetProperty("additionalType", out var t) && t.GetString() == "https://schema.org/MedicalGuideline");
        Assert.Contains(citations, c => c.TryGetProperty("additionalType", out var t) && t.GetString() == "https://schema.org/Drug");
    }

    [Fact]
    public async Task JsonLdFollowsTheSameCachingRules()
    {
        const string url = "/api/v1/articles/insulin-resistance/versions/1/jsonld?audience=patient";
        var first = await _client.GetAsync(url);
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);

        var second = await _client.SendAsync(request);

        Assert.Equal("public, max-age=300, s-maxage=86400, stale-while-revalidate=60, stale-if-error=240", first.Headers.GetValues("Cache-Control").Single());
        Assert.Equal(System.Net.HttpStatusCode.NotModified, second.StatusCode);
        Assert.NotEqual(first.Headers.ETag, (await _client.GetAsync("/api/v1/articles/insulin-resistance/versions/1?audience=patient")).Headers.ETag);
    }

    [Theory]
    [InlineData("/api/v1/articles/metformin?audience=patient")]
    [InlineData("/api/v1/articles/metformin/versions/1?audience=clinician")]
    public async Task EveryArticleCarriesAttributionLicenceCanonicalUrlAndDisclaimer(string url)
    {
        var article = await (await _client.GetAsync(url)).JsonAsync();

        var attribution = article.GetProperty("attribution");
        Assert.Equal("Medical Content Editorial Board", attribution.GetProperty("publisher").GetString());
        Assert.Equal("https://creativecommons.org/licenses/by-nc-nd/4.0/", attribution.GetProperty("licenseUrl").GetString());
        Assert.Equal("https://medical-content.example/articles/metformin", attribution.GetProperty("canonicalUrl").GetString());
        Assert.False(string.IsNullOrWhiteSpace(article.GetProperty("disclaimer").GetProperty("text").GetString()));
        Assert.EndsWith("/jsonld?audience=" + article.GetProperty("audience").GetString(), article.GetProperty("links").GetProperty("jsonLd").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttributionComesFromThePublishedSyndicationFileNotFromConfiguration()
    {
        using var content = new TempContentFolder();
        var terms = JsonNode.Parse(content.Read(ContentFolder.SyndicationFile))!;
        terms["publisher"] = "Partner Health";
        terms["canonicalBaseUrl"] = "https://health.partner.example/library/";
        content.Write(ContentFolder.SyndicationFile, terms.ToJsonString());
        using var api = new ApiFactory(content.Path, new Dictionary<string, string?> { ["Syndication:Publisher"] = "Ignored Settings Inc." });

        var article = await (await api.CreateClient().GetAsync("/api/v1/articles/metformin")).JsonAsync();

        // The file store has no publish history: every version carries the folder's current terms.
        Assert.Equal("Partner Health", article.GetProperty("attribution").GetProperty("publisher").GetString());
        Assert.Equal("https://health.partner.example/library/metformin", article.GetProperty("attribution").GetProperty("canonicalUrl").GetString());
    }

    [Fact]
    public async Task ArticleRepresentationsCarryNoPickerWording()
    {
        var article = await (await _client.GetAsync("/api/v1/articles/insulin-resistance/versions/2?audience=clinician")).JsonAsync();

        var picker = article.GetProperty("audiencePicker");
        Assert.Equal(["options"], picker.EnumerateObject().Select(p => p.Name));
        Assert.All(picker.GetProperty("options").EnumerateArray(), o => Assert.Equal(["id", "selected", "href"], o.EnumerateObject().Select(p => p.Name)));
    }
}
