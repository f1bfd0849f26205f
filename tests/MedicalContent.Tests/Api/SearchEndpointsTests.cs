using System.Text.Json;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Api;

/// <summary>
/// Search and the HL7 Infobutton lookup over HTTP on the sample content, through both hosts (the self-hosted app and
/// the Functions worker), on an index whose entries carry each version's summary and subject as publishing writes them.
/// </summary>
public sealed class SearchEndpointsTests(SearchEndpointsTests.Hosts hosts) : IClassFixture<SearchEndpointsTests.Hosts>
{
    private const string Icd10Cm = "2.16.840.1.113883.6.90";
    private const string SnomedCt = "2.16.840.1.113883.6.96";
    private const string RxNorm = "2.16.840.1.113883.6.88";

    public sealed class Hosts : IAsyncLifetime
    {
        private static readonly Dictionary<string, string?> Settings = new()
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "FileSystem",
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = RepoPaths.ContentJson,
        };

        public ApiFactory App { get; } = new(null, Settings) { Store = _ => new SubjectIndexingStore(new FileContentStore(RepoPaths.ContentJson)) };

        public FunctionsWorker Worker { get; } = new(Settings, _ => new SubjectIndexingStore(new FileContentStore(RepoPaths.ContentJson)));

        public Task InitializeAsync() => Worker.LoadContentAsync();

        public Task DisposeAsync()
        {
            App.Dispose();
            Worker.Dispose();
            return Task.CompletedTask;
        }
    }

    public static TheoryData<string> BothHosts() => new() { "app", "worker" };

    private async Task<Answer> GetAsync(string host, string url, IReadOnlyDictionary<string, string>? headers = null)
    {
        if (host == "worker")
        {
            return await hosts.Worker.SendAsync("GET", url, headers);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Answer.FromAsync(await hosts.App.CreateClient().SendAsync(request));
    }

    private async Task<JsonElement> JsonAsync(string host, string url)
    {
        var answer = await GetAsync(host, url);
        Assert.True(answer.Status == 200, $"{url}: {answer.Status} {System.Text.Encoding.UTF8.GetString(answer.Body)}");
        return JsonDocument.Parse(answer.Body).RootElement;
    }

    private static List<string> Slugs(JsonElement results) =>
        results.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!).ToList();

    private async Task<JsonElement> ProblemAsync(string host, string url, string parameter)
    {
        var answer = await GetAsync(host, url);
        Assert.Equal(400, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Headers["content-type"], StringComparison.Ordinal);
        var problem = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        return problem;
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task InsulinFindsInsulinResistanceFirst(string host)
    {
        var results = await JsonAsync(host, "/api/v1/search?q=insulin");

        Assert.Equal("insulin", results.GetProperty("query").GetString());
        Assert.Equal("patient", results.GetProperty("audience").GetString());
        var slugs = Slugs(results);
        Assert.Equal("insulin-resistance", slugs[0]);
        Assert.Equal("metabolic-syndrome", slugs[1]);
        Assert.Contains("metformin", slugs);
        var first = results.GetProperty("items")[0];
        Assert.Equal("What is insulin resistance?", first.GetProperty("title").GetString());
        Assert.Equal("/api/v1/articles/insulin-resistance?audience=patient", first.GetProperty("href").GetString());
        Assert.StartsWith("Insulin resistance means", first.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("approved", first.GetProperty("reviewStatus").GetString());
        Assert.True(first.GetProperty("score").GetInt32() > results.GetProperty("items")[1].GetProperty("score").GetInt32());
    }

    /// <summary>A result is the article's index item (the same card a listing page shows), with its score added.</summary>
    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task EachResultIsTheArticlesIndexItemWithItsScore(string host)
    {
        foreach (var audience in new[] { "patient", "clinician" })
        {
            var results = (await JsonAsync(host, $"/api/v1/search?q=metformin&audience={audience}")).GetProperty("items");
            var index = (await JsonAsync(host, $"/api/v1/articles?audience={audience}")).GetProperty("items");
            Assert.NotEqual(0, results.GetArrayLength());
            foreach (var result in results.EnumerateArray())
            {
                var slug = result.GetProperty("slug").GetString();
                var item = index.EnumerateArray().Single(i => i.GetProperty("slug").GetString() == slug);
                var withoutScore = JsonSerializer.SerializeToNode(result)!.AsObject();
                Assert.True(withoutScore.Remove("score"));
                Assert.True(
                    System.Text.Json.Nodes.JsonNode.DeepEquals(JsonSerializer.SerializeToNode(item), withoutScore),
                    $"the {audience} search result for {slug} is not its index item: {result} vs {item}");
                Assert.True(result.GetProperty("about").GetProperty("codes").GetArrayLength() > 0);
                Assert.True(result.GetProperty("readingTimeMinutes").GetInt32() > 0);
            }
        }
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task PcosFindsPolycysticOvarySyndromeAndAPrefixFindsWholeWords(string host)
    {
        Assert.Equal("polycystic-ovary-syndrome", Slugs(await JsonAsync(host, "/api/v1/search?q=PCOS&audience=clinician"))[0]);
        Assert.Equal("polycystic-ovary-syndrome", Slugs(await JsonAsync(host, "/api/v1/search?q=stein-leventhal"))[0]);
        Assert.Equal("insulin-resistance", Slugs(await JsonAsync(host, "/api/v1/search?q=Insul"))[0]);
        Assert.Equal(["metabolic-syndrome"], Slugs(await JsonAsync(host, "/api/v1/search?q=syndrome%20x")));
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task EachAudienceIsSearchedInItsOwnWords(string host)
    {
        var clinician = await JsonAsync(host, "/api/v1/search?q=clinical%20overview&audience=clinician");
        var patient = await JsonAsync(host, "/api/v1/search?q=clinical%20overview&audience=patient");

        Assert.Equal("metformin", Slugs(clinician)[0]);
        Assert.Equal("Metformin: clinical overview", clinician.GetProperty("items")[0].GetProperty("title").GetString());
        Assert.Equal("/api/v1/articles/metformin?audience=clinician", clinician.GetProperty("items")[0].GetProperty("href").GetString());
        Assert.DoesNotContain("metformin", Slugs(patient));
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task PagesFollowTheRankingWithoutRepeatsOrGaps(string host)
    {
        var all = Slugs(await JsonAsync(host, "/api/v1/search?q=what&limit=100"));
        Assert.True(all.Count >= 4, string.Join(", ", all));

        var paged = new List<string>();
        string? next = "/api/v1/search?q=what&limit=2";
        while (next is not null)
        {
            var page = await JsonAsync(host, next);
            Assert.InRange(page.GetProperty("items").GetArrayLength(), 1, 2);
            paged.AddRange(Slugs(page));
            next = page.GetProperty("links").TryGetProperty("next", out var link) ? link.GetString() : null;
            Assert.Equal(next is null, !page.TryGetProperty("nextCursor", out _));
        }

        Assert.Equal(all, paged);
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task AResultPageRevalidatesTo304(string host)
    {
        const string Url = "/api/v1/search?q=insulin&audience=clinician&limit=2";
        var first = await GetAsync(host, Url);
        var again = await GetAsync(host, Url, new Dictionary<string, string> { ["If-None-Match"] = first.Headers["etag"] });

        Assert.Equal(200, first.Status);
        Assert.Equal(304, again.Status);
        Assert.Empty(again.Body);
        Assert.Equal(first.Headers["cache-control"], again.Headers["cache-control"]);
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task BadSearchesAre400sNamingTheParameter(string host)
    {
        await ProblemAsync(host, "/api/v1/search", "q");
        await ProblemAsync(host, "/api/v1/search?q=", "q");
        await ProblemAsync(host, "/api/v1/search?q=%20%20", "q");
        await ProblemAsync(host, "/api/v1/search?q=%3F%21", "q");
        await ProblemAsync(host, "/api/v1/search?q=" + new string('a', 201), "q");
        Assert.Equal(200, (await GetAsync(host, "/api/v1/search?q=" + new string('a', 200))).Status);
        await ProblemAsync(host, "/api/v1/search?q=insulin&limit=0", "limit");
        await ProblemAsync(host, "/api/v1/search?q=insulin&limit=101", "limit");
        await ProblemAsync(host, "/api/v1/search?q=insulin&cursor=nonsense", "cursor");
        var audience = await ProblemAsync(host, "/api/v1/search?q=insulin&audience=nobody", "audience");
        Assert.Equal(["patient", "clinician"], audience.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task TheInfobuttonAnswersACodeWithTheArticleForClinicians(string host)
    {
        var feed = (await JsonAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs={Icd10Cm}&informationRecipient=PROV"))
            .GetProperty("feed");

        Assert.Equal("clinician", feed.GetProperty("audience").GetString());
        var entry = Assert.Single(feed.GetProperty("entry").EnumerateArray());
        Assert.Equal("What is insulin resistance?", entry.GetProperty("title").GetProperty("_value").GetString());
        Assert.Equal("/api/v1/articles/insulin-resistance?audience=clinician", entry.GetProperty("link")[0].GetProperty("href").GetString());
        Assert.Equal("alternate", entry.GetProperty("link")[0].GetProperty("rel").GetString());
        Assert.StartsWith("Insulin resistance is a reduced", entry.GetProperty("summary").GetProperty("_value").GetString(), StringComparison.Ordinal);
        Assert.True(entry.TryGetProperty("reviewedOn", out _));
        Assert.True(entry.TryGetProperty("nextReviewDue", out _));
        Assert.True(entry.TryGetProperty("reviewState", out _));
        var categories = feed.GetProperty("category").EnumerateArray().ToDictionary(c => c.GetProperty("scheme").GetString()!, c => c.GetProperty("term").GetString());
        Assert.Equal("E88.819", categories["mainSearchCriteria.v.c"]);
        Assert.Equal(Icd10Cm, categories["mainSearchCriteria.v.cs"]);
        Assert.Equal("PROV", categories["informationRecipient"]);
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task TheInfobuttonAnswersPatientsWithTheirTextAndOtherSystems(string host)
    {
        var patient = (await JsonAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs={Icd10Cm}&informationRecipient=PAT"))
            .GetProperty("feed");
        var byDefault = (await JsonAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=763325000&mainSearchCriteria.v.cs={SnomedCt}")).GetProperty("feed");
        var drug = (await JsonAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=6809&mainSearchCriteria.v.cs={RxNorm}&informationRecipient=PAT&knowledgeResponseType=application/json"))
            .GetProperty("feed");

        var entry = Assert.Single(patient.GetProperty("entry").EnumerateArray());
        Assert.Equal("patient", patient.GetProperty("audience").GetString());
        Assert.Equal("/api/v1/articles/insulin-resistance?audience=patient", entry.GetProperty("link")[0].GetProperty("href").GetString());
        Assert.StartsWith("Insulin resistance means", entry.GetProperty("summary").GetProperty("_value").GetString(), StringComparison.Ordinal);
        Assert.Equal("patient", byDefault.GetProperty("audience").GetString());
        Assert.Equal("/api/v1/articles/insulin-resistance?audience=patient", byDefault.GetProperty("entry")[0].GetProperty("link")[0].GetProperty("href").GetString());
        Assert.Equal("Metformin: what you need to know", Assert.Single(drug.GetProperty("entry").EnumerateArray()).GetProperty("title").GetProperty("_value").GetString());
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task NoMatchIsAnEmptyFeedAndTheDisplayNameIsTheFallback(string host)
    {
        var none = (await JsonAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=Z99.89&mainSearchCriteria.v.cs={Icd10Cm}")).GetProperty("feed");
        var named = (await JsonAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=Z99.89&mainSearchCriteria.v.cs={Icd10Cm}&mainSearchCriteria.v.dn=PCOS")).GetProperty("feed");
        var notByWords = (await JsonAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=Z99.89&mainSearchCriteria.v.cs={Icd10Cm}&mainSearchCriteria.v.dn=ovary")).GetProperty("feed");

        Assert.Equal(0, none.GetProperty("entry").GetArrayLength());
        Assert.Equal("/api/v1/articles/polycystic-ovary-syndrome?audience=patient", Assert.Single(named.GetProperty("entry").EnumerateArray()).GetProperty("link")[0].GetProperty("href").GetString());
        Assert.Equal(0, notByWords.GetProperty("entry").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task BadInfobuttonRequestsAre400sListingWhatIsSupported(string host)
    {
        var system = await ProblemAsync(host, "/api/v1/infobutton?mainSearchCriteria.v.c=250.33&mainSearchCriteria.v.cs=2.16.840.1.113883.6.103", "mainSearchCriteria.v.cs");
        Assert.Equal(
            [Icd10Cm, SnomedCt, RxNorm, "2.16.840.1.113883.6.1", "2.16.840.1.113883.6.177"],
            system.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        await ProblemAsync(host, "/api/v1/infobutton?mainSearchCriteria.v.c=E88.819", "mainSearchCriteria.v.cs");
        await ProblemAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.cs={Icd10Cm}", "mainSearchCriteria.v.c");
        await ProblemAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=&mainSearchCriteria.v.cs={Icd10Cm}", "mainSearchCriteria.v.c");
        var recipient = await ProblemAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs={Icd10Cm}&informationRecipient=PAYOR", "informationRecipient");
        Assert.Equal(["PAT", "PROV"], recipient.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        var type = await ProblemAsync(host, $"/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs={Icd10Cm}&knowledgeResponseType=text/xml", "knowledgeResponseType");
        Assert.Equal(["application/json"], type.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        await ProblemAsync(host, $"/api/v1/infobutton?mainSearchCriteria.V.C=E88.819&mainSearchCriteria.v.cs={Icd10Cm}", "mainSearchCriteria.v.c");
    }

    [Theory]
    [MemberData(nameof(BothHosts))]
    public async Task AnInfobuttonFeedRevalidatesTo304(string host)
    {
        var url = $"/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs={Icd10Cm}&informationRecipient=PROV";
        var first = await GetAsync(host, url);
        var again = await GetAsync(host, url, new Dictionary<string, string> { ["If-None-Match"] = first.Headers["etag"] });

        Assert.Equal(200, first.Status);
        Assert.Equal(304, again.Status);
    }
}
