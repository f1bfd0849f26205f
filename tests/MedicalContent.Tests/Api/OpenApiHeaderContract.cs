using System.Globalization;
using System.Net;
using System.Text.Json;
using MedicalContent.Api.Http;
using MedicalContent.Http;
using MedicalContent.Routing;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Api;

/// <summary>
/// What a generated client or a cache operator reads in the OpenAPI document is what the API sends: every operation
/// answers the examples it documents, and each answer carries exactly the caching, validator, digest and purge headers
/// its documented response lists, no more and no fewer (GET and HEAD, 200 and 304, each problem status, 503).
/// </summary>
public sealed class OpenApiHeaderContract(OpenApiHeaderContract.Hosts hosts) : IClassFixture<OpenApiHeaderContract.Hosts>
{
    private const string PreviewKey = "header-contract-preview-key-0123456789";
    private const string RetractedVersion = "/api/v1/articles/insulin-resistance/versions/1";

    /// <summary>The headers the document promises; others (Date, CORS, security headers) are the same on every answer.</summary>
    private static readonly string[] Watched =
        ["ETag", "Last-Modified", "Cache-Control", "Content-Location", "Content-Digest", "Repr-Digest", "Surrogate-Key", "Cache-Tag", "Retry-After"];

    public sealed class Hosts : IDisposable
    {
        private static readonly Dictionary<string, string?> Settings = new() { [PreviewOptions.Key(nameof(PreviewOptions.Keys))] = PreviewKey };

        /// <summary>content-json/ with version 1 of insulin-resistance retracted, for the 410.</summary>
        public ApiFactory App { get; } = new(null, Settings)
        {
            Store = _ => new RetractingStore(new FileContentStore(RepoPaths.ContentJson), ("insulin-resistance", 1, "A dosing statement was found to be wrong.")),
        };

        /// <summary>A store that cannot be read at all, for the 503s.</summary>
        public ApiFactory Outage { get; } = new(null, Settings) { Store = _ => new UnreadableStore() };

        public void Dispose()
        {
            App.Dispose();
            Outage.Dispose();
        }
    }

    /// <summary>Every documented operation: the route table's, GET and HEAD, but the documentation's own.</summary>
    public static TheoryData<string> Operations() =>
    [
        .. RouteTable.Operations
            .Where(o => o.Name is not (nameof(RouteTable.GetOpenApiDocument) or nameof(RouteTable.GetApiReference)))
            .SelectMany(o => new[] { o.Name, ApiDocumentation.HeadOperationId(o.Name) }),
    ];

    /// <summary>
    /// Every operation's documented examples (path and query), sent as a client copies them, answer 200 with the
    /// documented 200 headers; a repeat with the ETag answers 304 with the documented 304 headers.
    /// </summary>
    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EachOperationAnswersItsDocumentedExamplesWithTheDocumentedHeaders(string operationId)
    {
        var document = await DocumentOfAsync(hosts.App);
        var request = ExampleRequests(document).Single(r => r.OperationId == operationId);
        using var client = hosts.App.CreateClient();

        using var response = await SendAsync(client, request, etag: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertDocumentedHeaders(request, response);
        if (request.Responses.TryGetProperty("304", out _))
        {
            using var repeat = await SendAsync(client, request, response.Headers.ETag!.Tag);
            Assert.Equal(HttpStatusCode.NotModified, repeat.StatusCode);
            AssertDocumentedHeaders(request, repeat);
        }
    }

    [Theory]
    [InlineData("GetLatestArticle", "/api/v1/articles/insulin-resistance?audience=nobody", HttpStatusCode.BadRequest)]
    [InlineData("HeadLatestArticle", "/api/v1/articles/insulin-resistance?audience=nobody", HttpStatusCode.BadRequest)]
    [InlineData("ListArticles", "/api/v1/articles?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("GetLatestArticle", "/api/v1/articles/no-such-article", HttpStatusCode.NotFound)]
    [InlineData("GetArticleVersion", RetractedVersion, HttpStatusCode.Gone)]
    [InlineData("HeadArticleVersion", RetractedVersion, HttpStatusCode.Gone)]
    [InlineData("GetSchema", "/api/v1/schemas/nothing.json", HttpStatusCode.NotFound)]
    [InlineData("PreviewNewestArticle", "/api/v1/preview/articles/insulin-resistance", HttpStatusCode.Unauthorized)]
    public async Task EachProblemCarriesItsDocumentedHeaders(string operationId, string url, HttpStatusCode status)
    {
        var document = await DocumentOfAsync(hosts.App);
        var request = AllOperations(document).Single(r => r.OperationId == operationId) with { Url = url, NeedsKey = false };
        using var client = hosts.App.CreateClient();

        using var response = await SendAsync(client, request, etag: null);

        Assert.Equal(status, response.StatusCode);
        AssertDocumentedHeaders(request, response);
    }

    [Theory]
    [InlineData("GetLatestArticle", "/api/v1/articles/insulin-resistance")]
    [InlineData("HeadListArticles", "/api/v1/articles")]
    [InlineData("GetHealth", "/api/health")]
    public async Task AnUnreadableStoreAnswers503WithTheDocumentedHeaders(string operationId, string url)
    {
        var document = await DocumentOfAsync(hosts.App);
        var request = AllOperations(document).Single(r => r.OperationId == operationId) with { Url = url };
        using var client = hosts.Outage.CreateClient();

        using var response = await SendAsync(client, request, etag: null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        AssertDocumentedHeaders(request, response);
    }

    /// <summary>The audience parameter lists the vocabulary's ids; while the store cannot be read it is a plain string.</summary>
    [Fact]
    public async Task TheAudienceEnumIsTheVocabularysIds()
    {
        static IEnumerable<JsonElement> AudienceSchemas(JsonElement document) => document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject())
            .SelectMany(o => o.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(p => p.GetProperty("name").GetString() == "audience")
            .Select(p => p.GetProperty("schema"));

        var vocabulary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.ContentJson, "audiences.json"))).RootElement;
        var ids = vocabulary.GetProperty("audiences").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();

        var document = await DocumentOfAsync(hosts.App);
        var served = AudienceSchemas(document).ToList();
        Assert.True(served.Count >= 10, $"only {served.Count} audience parameters");
        Assert.All(served, schema => Assert.Equal("#/components/schemas/AudienceId", schema.GetProperty("$ref").GetString()));
        var audienceId = document.GetProperty("components").GetProperty("schemas").GetProperty("AudienceId");
        Assert.Equal(ids, audienceId.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(vocabulary.GetProperty("default").GetString(), audienceId.GetProperty("default").GetString());

        var outage = await DocumentOfAsync(hosts.Outage);
        Assert.All(AudienceSchemas(outage), schema => Assert.Equal("string", schema.GetProperty("type").GetString()));
        Assert.False(outage.GetProperty("components").GetProperty("schemas").TryGetProperty("AudienceId", out _));
    }

    /// <summary>The cursors the API writes (index, search, change feed) match the pattern the document gives them.</summary>
    [Theory]
    [InlineData("/api/v1/articles?limit=1", "nextCursor", "/api/v1/articles", "cursor")]
    [InlineData("/api/v1/search?q=insulin&limit=1", "nextCursor", "/api/v1/search", "cursor")]
    [InlineData("/api/v1/changes?limit=1", "cursor", "/api/v1/changes", "since")]
    public async Task TheCursorsWrittenMatchTheDocumentedPattern(string url, string field, string path, string parameter)
    {
        var pattern = (await DocumentOfAsync(hosts.App)).GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == parameter).GetProperty("schema").GetProperty("pattern").GetString()!;
        using var client = hosts.App.CreateClient();

        var cursor = (await (await client.GetAsync(url)).JsonAsync()).GetProperty(field).GetString()!;

        Assert.Matches(new System.Text.RegularExpressions.Regex(pattern.Replace("$", @"\z", StringComparison.Ordinal)), cursor);
        using var next = await client.GetAsync(path + "?" + parameter + "=" + cursor + (path.EndsWith("search", StringComparison.Ordinal) ? "&q=insulin" : ""));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private static void AssertDocumentedHeaders(ExampleRequest request, HttpResponseMessage response)
    {
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        Assert.True(request.Responses.TryGetProperty(status, out var documented), $"{request.OperationId} does not document {status}");
        var promised = documented.TryGetProperty("headers", out var headers)
            ? headers.EnumerateObject().Select(h => h.Name).Where(h => Watched.Contains(h, StringComparer.OrdinalIgnoreCase)).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        var sent = Watched
            .Where(h => response.Headers.NonValidated.Contains(h) || response.Content.Headers.NonValidated.Contains(h))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(promised.SetEquals(sent),
            $"{request.OperationId} {request.Url} {status}: documented [{string.Join(", ", promised.Order())}], sent [{string.Join(", ", sent.Order())}]");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, ExampleRequest request, string? etag)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method.ToUpperInvariant()), request.Url);
        if (request.NeedsKey)
        {
            message.Headers.Add(PreviewOptions.HeaderName, PreviewKey);
        }

        if (etag is not null)
        {
            message.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        return await client.SendAsync(message);
    }

    private sealed record ExampleRequest(string OperationId, string Method, string Url, bool NeedsKey, JsonElement Responses, bool Complete);

    private static async Task<JsonElement> DocumentOfAsync(ApiFactory app)
    {
        using var client = app.CreateClient();
        return JsonDocument.Parse(await client.GetByteArrayAsync(new Uri("/api/openapi/v1.json", UriKind.Relative))).RootElement.Clone();
    }

    /// <summary>The operations whose every parameter has an example, each as the request built from those examples.</summary>
    private static IEnumerable<ExampleRequest> ExampleRequests(JsonElement document) => AllOperations(document).Where(r => r.Complete);

    /// <summary>Every operation of the document with its URL built from its parameters' examples (required ones at least).</summary>
    private static IEnumerable<ExampleRequest> AllOperations(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var url = path.Name;
                var query = new List<string>();
                var complete = true;
                foreach (var parameter in operation.Value.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : Enumerable.Empty<JsonElement>())
                {
                    var name = parameter.GetProperty("name").GetString()!;
                    if (!parameter.TryGetProperty("example", out var example))
                    {
                        complete &= !(parameter.TryGetProperty("required", out var required) && required.GetBoolean());
                        continue;
                    }

                    var values = example.ValueKind == JsonValueKind.Array ? example.EnumerateArray().ToList() : [example];
                    var texts = values.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList();
                    if (parameter.GetProperty("in").GetString() == "path")
                    {
                        url = url.Replace("{" + name + "}", Uri.EscapeDataString(texts.Single()), StringComparison.Ordinal);
                    }
                    else
                    {
                        query.AddRange(texts.Select(t => Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(t)));
                    }
                }

                complete &= !url.Contains('{', StringComparison.Ordinal);
                var needsKey = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
                yield return new ExampleRequest(
                    operation.Value.GetProperty("operationId").GetString()!,
                    operation.Name,
                    query.Count == 0 ? url : url + "?" + string.Join('&', query),
                    needsKey,
                    operation.Value.GetProperty("responses").Clone(),
                    complete);
            }
        }
    }

    private sealed class UnreadableStore : IContentStore
    {
        public string Description => "a store that cannot be read";

        public Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken) =>
            Task.FromException<IndexSnapshot?>(new IOException("The store cannot be reached."));

        public Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken) =>
            Task.FromException<byte[]>(new IOException("The store cannot be reached."));
    }
}
