using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using MedicalContent.Routing;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using MedicalContent.Http;

namespace MedicalContent.Tests.Api;

/// <summary>
/// CDN edges key on query names exactly as sent; the API must never answer one spelling of a parameter with what
/// another spelling means. Requests go in raw (HttpClient would normalise <c>%61</c> to <c>a</c> before sending).
/// </summary>
public sealed class ExactQueryNamesTests(ExactQueryNamesTests.Hosts hosts) : IClassFixture<ExactQueryNamesTests.Hosts>
{
    public const string PreviewKey = "exact-names-preview-key-0123456789abcdef";

    public sealed class Hosts : IDisposable
    {
        public ApiFactory App { get; } = new(null, new Dictionary<string, string?> { [PreviewOptions.Key(nameof(PreviewOptions.Keys))] = PreviewKey });

        public void Dispose() => App.Dispose();
    }

    [Theory]
    [InlineData("/api/v1/articles/insulin-resistance", "?AUDIENCE=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance", "?%61udience=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/2", "?Audience=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/2", "?audienc%65=clinician")]
    [InlineData("/api/v1/articles", "?LIMIT=1")]
    [InlineData("/api/v1/changes", "?SINCE=ZmVlZDox")]
    [InlineData("/api/v1/search", "?Q=insulin")]
    [InlineData("/api/v1/infobutton", "?mainsearchcriteria.v.c=E88.819&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90")]
    [InlineData("/api/v1/infobutton", "?mainSearchCriteria%2Ev%2Ecs=2.16.840.1.113883.6.90&mainSearchCriteria.v.c=E88.819")]
    [InlineData("/api/v1/articles/insulin-resistance", "?audience=patient&audience=clinician")]
    [InlineData("/api/v1/articles/insulin-resistance", "?audience=patient&AUDIENCE=clinician")]
    [InlineData("/api/v1/articles", "?kind=drug&kind=condition")]
    [InlineData("/api/v1/articles", "?code=RxNorm%7C6809&CODE=RxNorm%7C6809")]
    [InlineData("/api/v1/changes", "?limit=1&limit=2")]
    public async Task ThePoisoningRequestsAreRejectedNamingTheParameter(string path, string query)
    {
        var (status, type, body) = await SendAsync(path, query);

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        var problem = JsonDocument.Parse(body).RootElement;
        var sent = Uri.UnescapeDataString(query[1..query.IndexOf('=', StringComparison.Ordinal)]);
        var name = RouteTable.CacheKeyQueryParameters.Single(n => n.Equals(sent, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(name, problem.GetProperty("parameter").GetString());
    }

    /// <summary>The filters that take several values may repeat; the order of the values does not change the bytes.</summary>
    [Theory]
    [InlineData("/api/v1/articles", "?code=RxNorm%7C6809&code=ICD-10-CM%7CR73.03", "?code=ICD-10-CM%7CR73.03&code=RxNorm%7C6809")]
    [InlineData("/api/v1/changes", "?slug=metformin&slug=prediabetes&type=version-published&type=latest-changed", "?type=latest-changed&slug=prediabetes&type=version-published&slug=metformin")]
    public async Task RepeatableFiltersMayRepeatInAnyOrder(string path, string query, string reordered)
    {
        var one = await SendAsync(path, query);
        var other = await SendAsync(path, reordered);

        Assert.Equal(200, one.Status);
        Assert.Equal(one.Body, other.Body);
    }

    [Fact]
    public async Task NamesARouteDoesNotReadAreIgnored()
    {
        var canonical = await SendAsync("/api/v1/articles/insulin-resistance/versions/2", "?audience=clinician");
        var tracked = await SendAsync("/api/v1/articles/insulin-resistance/versions/2", "?utm_source=newsletter&audience=clinician&Utm_Source=x");

        Assert.Equal(200, tracked.Status);
        Assert.Equal(canonical.Body, tracked.Body);
    }

    /// <summary>
    /// Every parameter of every route, in random spellings (case flips, percent-encoded letters): either exactly the
    /// canonical spelling, answered with exactly the canonical URL's bytes, or a 400 naming the parameter.
    /// </summary>
    [Fact]
    public async Task EverySpellingOfEveryParameterIsTheCanonicalAnswerOrA400()
    {
        var values = await SampleValuesAsync();
        var cases = RouteTable.Operations
            .Where(o => o.Access != OperationAccess.Service)
            .SelectMany(o => o.Query.Select(name => (Operation: o, Name: name)))
            .ToArray();
        Assert.NotEmpty(cases);
        var canonical = new Dictionary<(string, string), byte[]>();
        foreach (var (operation, name) in cases)
        {
            var answer = await SendAsync(PathOf(operation), Query(operation, name, name, values), operation);
            Assert.Equal(200, answer.Status);
            canonical[(operation.Name, name)] = answer.Body;
        }

        var spelling = Gen.Select(Gen.OneOf(cases), Gen.Int.Array[8]);
        await spelling.SampleAsync(
            async (@case, choices) =>
            {
                var (operation, name) = @case;
                var spelled = Respell(name, choices);
                var answer = await SendAsync(PathOf(operation), Query(operation, name, spelled, values), operation);
                if (spelled == name)
                {
                    Assert.Equal(canonical[(operation.Name, name)], answer.Body);
                }
                else
                {
                    Assert.Equal(400, answer.Status);
                    Assert.Equal(name, JsonDocument.Parse(answer.Body).RootElement.GetProperty("parameter").GetString());
                }
            },
            iter: 400,
            threads: 1,
            print: t => $"{t.Item1.Operation.Name} {Respell(t.Item1.Name, t.Item2)}");
    }

    /// <summary>What an operation cannot answer 200 without (search needs words, the Infobutton a code and its system).</summary>
    private static readonly Dictionary<string, (string Name, string Value)[]> Required = new()
    {
        [nameof(RouteTable.SearchArticles)] = [(QueryParameter.Q, "what")],
        [nameof(RouteTable.Infobutton)] = [(QueryParameter.MainSearchCriteriaCode, "E88.819"), (QueryParameter.MainSearchCriteriaCodeSystem, "2.16.840.1.113883.6.90")],
    };

    /// <summary>The parameter under test, spelled as given, with the operation's other required parameters spelled exactly.</summary>
    private static string Query(ApiOperation operation, string name, string spelled, Dictionary<string, string> values) =>
        "?" + string.Join('&', Required.GetValueOrDefault(operation.Name, [])
            .Where(r => r.Name != name)
            .Select(r => $"{r.Name}={r.Value}")
            .Append($"{spelled}={values[operation.Name == nameof(RouteTable.SearchArticles) && name == QueryParameter.Cursor ? SearchCursorKey : name]}"));

    private const string SearchCursorKey = "search-cursor";

    /// <summary>Each letter: kept, upper-cased or percent-encoded (either hex case), by the choice for its position.</summary>
    private static string Respell(string name, int[] choices)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            text.Append((choices[i % choices.Length] & 7) switch
            {
                1 => char.ToUpperInvariant(c).ToString(),
                2 => "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                3 => "%" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private static string PathOf(ApiOperation operation) => operation.Pattern
        .Replace("{" + RouteParameter.Slug + "}", "insulin-resistance", StringComparison.Ordinal)
        .Replace("{" + RouteParameter.Version + "}", "2", StringComparison.Ordinal);

    /// <summary>A valid value of each parameter: cursors are taken from real pages.</summary>
    private async Task<Dictionary<string, string>> SampleValuesAsync()
    {
        var index = JsonDocument.Parse((await SendAsync("/" + RouteTable.ListArticles, "?limit=1")).Body).RootElement;
        var feed = JsonDocument.Parse((await SendAsync("/" + RouteTable.ListChanges, "?limit=1")).Body).RootElement;
        var search = JsonDocument.Parse((await SendAsync("/" + RouteTable.SearchArticles, "?q=what&limit=1")).Body).RootElement;
        return new Dictionary<string, string>
        {
            [QueryParameter.Audience] = "clinician",
            [QueryParameter.Limit] = "2",
            [QueryParameter.Cursor] = index.GetProperty("nextCursor").GetString()!,
            [QueryParameter.Since] = feed.GetProperty("cursor").GetString()!,
            [QueryParameter.Code] = "ICD-10-CM%7CE88.819",
            [QueryParameter.Kind] = "condition",
            [QueryParameter.ReviewState] = "current",
            [QueryParameter.Slug] = "metformin",
            [QueryParameter.Type] = "version-published",
            [SearchCursorKey] = search.GetProperty("nextCursor").GetString()!,
            [QueryParameter.Q] = "what",
            [QueryParameter.MainSearchCriteriaCode] = "E88.819",
            [QueryParameter.MainSearchCriteriaCodeSystem] = "2.16.840.1.113883.6.90",
            [QueryParameter.MainSearchCriteriaDisplayName] = "Insulin%20resistance",
            [QueryParameter.InformationRecipient] = "PROV",
            [QueryParameter.KnowledgeResponseType] = "application/json",
        };
    }

    private async Task<(int Status, string? Type, byte[] Body)> SendAsync(string path, string query, ApiOperation? operation = null)
    {
        var context = await hosts.App.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = path;
            c.Request.QueryString = new QueryString(query);
            if (operation?.Access == OperationAccess.Preview)
            {
                c.Request.Headers["Preview-Key"] = PreviewKey;
            }
        });
        using var body = new MemoryStream();
        await context.Response.Body.CopyToAsync(body);
        return (context.Response.StatusCode, context.Response.ContentType, body.ToArray());
    }
}
