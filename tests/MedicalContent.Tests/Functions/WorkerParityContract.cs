using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using MedicalContent.Delivery;
using MedicalContent.Http;

namespace MedicalContent.Tests.Functions;

/// <summary>Every function answers the same status, headers and bytes as the self-hosted app.</summary>
public abstract class WorkerParityContract(ParityHosts hosts)
{
    private const string Key = "key";
    private const string ETag = "etag";
    private const string Browser = "browser";
    private const string Stranger = "stranger";
    private const string EditorBrowser = "editor-browser";

    public static TheoryData<string, string, string?> Requests() => new()
    {
        { "GET", "/api/v1/audiences", null },
        { "GET", "/api/v1/articles", null },
        { "GET", "/api/v1/articles?audience=clinician&limit=2", null },
        { "GET", "/api/v1/articles?cursor=not-a-cursor", null },
        { "GET", "/api/v1/articles/insulin-resistance", null },
        { "GET", "/api/v1/articles/insulin-resistance?audience=patient", null },
        { "GET", "/api/v1/articles/insulin-resistance?audience=clinician", null },
        { "GET", "/api/v1/articles/insulin-resistance?audience=nobody", null },
        { "GET", "/api/v1/articles/insulin-resistance?AUDIENCE=clinician", null },
        { "GET", "/api/v1/articles?audience=patient&audience=clinician", null },
        { "GET", "/api/v1/articles/insulin-resistance?audience=clinician", ETag },
        { "HEAD", "/api/v1/articles/insulin-resistance?audience=patient", null },
        { "GET", "/api/v1/articles/insulin-resistance/versions", null },
        { "GET", "/api/v1/articles/insulin-resistance/versions/1?audience=clinician", null },
        { "GET", "/api/v1/articles/insulin-resistance/versions/1?audience=clinician", ETag },
        { "HEAD", "/api/v1/articles/insulin-resistance/versions/2", null },
        { "GET", "/api/v1/articles/insulin-resistance/versions/3", null },
        { "GET", "/api/v1/articles/insulin-resistance/versions/x1", null },
        { "GET", "/api/v1/articles/prediabetes/versions/1?audience=patient", null },
        { "GET", "/api/v1/articles/prediabetes", null },
        { "GET", "/api/v1/articles/metformin/jsonld?audience=patient", null },
        { "GET", "/api/v1/articles/metformin/versions/1/jsonld?audience=clinician", null },
        { "GET", "/api/v1/articles/no-such-article", null },
        { "GET", "/api/v1/articles/Not_A_Slug", null },
        { "GET", "/api/v1/changes", null },
        { "GET", "/api/v1/changes?limit=3", null },
        { "GET", "/api/v1/changes?since=nonsense", null },
        { "GET", "/api/v1/schemas/article.schema.json", null },
        { "GET", "/api/v1/schemas/nothing.json", null },
        { "GET", "/api/v1/preview/articles/insulin-resistance", null },
        { "GET", "/api/v1/preview/articles/insulin-resistance", Key },
        { "GET", "/api/v1/preview/articles/insulin-resistance/versions", Key },
        { "GET", "/api/v1/preview/articles/insulin-resistance/versions/3?audience=clinician", Key },
        { "GET", "/api/v1/preview/articles/insulin-resistance/versions/3", null },
        { "GET", "/api/v1/preview/articles/no-such-article", Key },
        { "GET", "/api/health", null },
        { "GET", "/api/v1/articles/insulin-resistance?audience=patient", Stranger },
        { "OPTIONS", "/api/v1/articles/insulin-resistance?audience=patient", Stranger },
        { "OPTIONS", "/api/v1/articles", Browser },
        { "OPTIONS", "/api/v1/preview/articles/insulin-resistance", EditorBrowser },
        { "OPTIONS", "/api/v1/preview/articles/insulin-resistance", Stranger },
        { "GET", "/api/v1/preview/articles/insulin-resistance", EditorBrowser },
        { "GET", "/api/v1/articles?code=ICD-10-CM%7CR73.03&code=RxNorm%7C6809&audience=clinician", null },
        { "GET", "/api/v1/articles?kind=condition&reviewState=current&limit=2", null },
        { "GET", "/api/v1/articles?reviewState=overdue", ETag },
        { "HEAD", "/api/v1/articles?kind=drug", null },
        { "GET", "/api/v1/articles?kind=vaccine", null },
        { "GET", "/api/v1/articles?reviewState=stale", null },
        { "GET", "/api/v1/articles?code=E11.9", null },
        { "GET", "/api/v1/articles?Code=RxNorm%7C6809", null },
        { "GET", "/api/v1/changes?slug=metformin&slug=prediabetes", null },
        { "GET", "/api/v1/changes?slug=metformin&type=latest-changed&limit=1", null },
        { "GET", "/api/v1/changes?type=version-retracted", null },
        { "GET", "/api/v1/changes?type=deleted", null },
        { "GET", "/api/v1/changes?slug=Not_A_Slug", null },
        { "GET", "/api/v1/search?q=insulin", null },
        { "GET", "/api/v1/search?q=PCOS&audience=clinician&limit=1", null },
        { "GET", "/api/v1/search?q=insulin&limit=1", ETag },
        { "HEAD", "/api/v1/search?q=insulin", null },
        { "GET", "/api/v1/search", null },
        { "GET", "/api/v1/search?q=insulin&cursor=nonsense", null },
        { "OPTIONS", "/api/v1/search?q=insulin", Browser },
        { "GET", "/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90&informationRecipient=PROV", null },
        { "GET", "/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90&informationRecipient=PAT", ETag },
        { "GET", "/api/v1/infobutton?mainSearchCriteria.v.c=6809&mainSearchCriteria.v.cs=2.16.840.1.113883.6.88&knowledgeResponseType=application/json", null },
        { "GET", "/api/v1/infobutton?mainSearchCriteria.v.c=Z99.9&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90", null },
        { "GET", "/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs=2.16.840.1.113883.6.103", null },
        { "GET", "/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&MainSearchCriteria.v.cs=2.16.840.1.113883.6.90", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task TheWorkerAnswersLikeTheSelfHostedApp(string method, string url, string? with)
    {
        var headers = with switch
        {
            Key => new Dictionary<string, string> { ["Preview-Key"] = ParityHosts.PreviewKey },
            Browser => new Dictionary<string, string> { ["Origin"] = ParityHosts.EditorOrigin, ["Access-Control-Request-Method"] = "GET" },
            Stranger => new Dictionary<string, string> { ["Origin"] = "https://elsewhere.example.net", ["Access-Control-Request-Method"] = "GET" },
            EditorBrowser => new Dictionary<string, string>
            {
                ["Origin"] = ParityHosts.EditorOrigin, ["Access-Control-Request-Method"] = "GET", ["Preview-Key"] = ParityHosts.PreviewKey,
            },
            ETag => new Dictionary<string, string> { ["If-None-Match"] = (await GetAsync(url)).Headers.ETag!.Tag },
            _ => new Dictionary<string, string>(),
        };
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var app = await Answer.FromAsync(await hosts.App.CreateClient().SendAsync(request));
        var worker = await hosts.Worker.SendAsync(method, url, headers);

        Assert.Equal(app.Status, worker.Status);
        Assert.Equal(Comparable(app.Headers), Comparable(worker.Headers));
        Assert.Equal(Comparable(app.Body, app.Headers), Comparable(worker.Body, worker.Headers));
        if (with == ETag)
        {
            Assert.Equal(304, worker.Status);
        }
    }

    [Fact]
    public async Task BothHostsAnswerAnUnreadableStoreWith503()
    {
        var failing = Substitute.For<IContentStore>();
        failing.Description.Returns("a store that cannot be reached");
        failing.ReadIndexAsync(Arg.Any<string?>(), Arg.Any<CancellationToken>()).ThrowsAsync(new TimeoutException("the store did not answer"));
        var settings = new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "FileSystem",
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = RepoPaths.ContentJson,
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreRetries))] = "0",
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreTimeoutSeconds))] = "0.5",
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreBudgetSeconds))] = "0.5",
        };
        using var app = new ApiFactory(null, settings) { Store = _ => failing };
        using var worker = new FunctionsWorker(settings, _ => failing);
        const string Url = "/api/v1/articles/insulin-resistance?audience=patient";

        var fromApp = await Answer.FromAsync(await app.CreateClient().GetAsync(Url));
        var fromWorker = await worker.SendAsync("GET", Url);

        Assert.Equal(503, fromApp.Status);
        Assert.Equal(fromApp.Status, fromWorker.Status);
        Assert.Equal(Comparable(fromApp.Headers), Comparable(fromWorker.Headers));
        Assert.Equal(Comparable(fromApp.Body, fromApp.Headers), Comparable(fromWorker.Body, fromWorker.Headers));
    }

    /// <summary>
    /// The worker cannot generate documentation: it serves what the self-hosted app exported at build time, the same
    /// bytes and content type, as a cacheable representation with a strong ETag.
    /// </summary>
    [Theory]
    [InlineData("/api/openapi/v1.json")]
    [InlineData("/api/reference/")]
    [InlineData("/api/reference/scalar.js")]
    [InlineData("/api/reference/scalar.aspnetcore.js")]
    [InlineData("/api/reference/favicon.svg")]
    public async Task TheWorkerServesTheSelfHostedAppsDocumentation(string url)
    {
        var app = await Answer.FromAsync(await hosts.App.CreateClient().GetAsync(url));
        var worker = await hosts.Worker.SendAsync("GET", url);

        Assert.Equal(200, app.Status);
        Assert.Equal(app.Status, worker.Status);
        Assert.Equal(app.Headers["content-type"], worker.Headers["content-type"]);
        Assert.Equal(app.Body, worker.Body);
        Assert.StartsWith("\"", worker.Headers["etag"], StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetAsync(string url) => await hosts.App.CreateClient().GetAsync(url);

    /// <summary>Headers that describe the answer; the date and the framing belong to the connection, not the answer.</summary>
    private static SortedDictionary<string, string> Comparable(IReadOnlyDictionary<string, string> headers) =>
        new(headers.Where(h => h.Key is not ("date" or "transfer-encoding")).ToDictionary(h => h.Key, h => h.Value), StringComparer.Ordinal);

    /// <summary>
    /// Byte for byte, except what is per request or per instance: a problem's trace id, and the moment each instance
    /// last read its store in a health report.
    /// </summary>
    private static string Comparable(byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        var type = headers.GetValueOrDefault("content-type") ?? "";
        var isProblem = type.StartsWith("application/problem+json", StringComparison.Ordinal);
        if (body.Length == 0 || !(isProblem || body.AsSpan().IndexOf("\"lastStoreSuccessAt\""u8) >= 0))
        {
            return Convert.ToHexString(body);
        }

        var json = JsonNode.Parse(body)!.AsObject();
        Assert.True(json.Remove(isProblem ? "traceId" : "lastStoreSuccessAt"));
        return json.ToJsonString();
    }
}

public sealed class WorkerParityOnFileStore(FileStoreParityHosts hosts) : WorkerParityContract(hosts), IClassFixture<FileStoreParityHosts>;

[Integration]
public sealed class WorkerParityOnBlobStore(BlobStoreParityHosts hosts) : WorkerParityContract(hosts), IClassFixture<BlobStoreParityHosts>;
