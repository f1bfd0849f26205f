using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MedicalContent.Routing;
using MedicalContent.Tests.Hostile;
using MedicalContent.Tests.Support;
using MedicalContent.Http;

namespace MedicalContent.Tests.Cdn;

/// <summary>
/// The API behind an edge that keys like Front Door (path + exactly the route table's query parameters, no Vary):
/// whatever spelling a client sends, the edge never holds one audience's (or page's) answer under another's key.
/// Requests go in raw, so percent-encodings reach the edge as sent.
/// </summary>
[Integration]
public sealed class FrontDoorLikeEdgeTests : IAsyncLifetime
{
    private const string BrowserOrigin = "https://app.example.org";

    private ApiFactory _origin = null!;
    private VarnishProxy _edge = null!;
    private int _originPort;
    private int _edgePort;

    public async Task InitializeAsync()
    {
        _origin = new ApiFactory(null, new Dictionary<string, string?> { [BrowserAccessOptions.Key(nameof(BrowserAccessOptions.AllowedOrigins))] = BrowserOrigin });
        _originPort = _origin.StartOnLoopback();
        _edge = await VarnishProxy.StartFrontDoorLikeAsync(_originPort);
        _edgePort = _edge.BaseAddress.Port;
    }

    public async Task DisposeAsync()
    {
        _edge.Dispose();
        await _origin.DisposeAsync();
    }

    [Fact]
    public async Task TheKeyIsThePathAndExactlyTheRouteTablesParametersAsSent()
    {
        const string path = "/api/v1/articles/insulin-resistance/versions/2";
        var stored = await EdgeAsync(path + "?audience=clinician");
        var tracked = await EdgeAsync(path + "?utm_source=mail&audience=clinician&Utm=x");

        Assert.Equal("audience=clinician", stored.Header(FrontDoorLikeVcl.KeyHeader));
        Assert.Equal("audience=clinician", tracked.Header(FrontDoorLikeVcl.KeyHeader));
        Assert.Equal("HIT", tracked.Header("X-Cache"));
        Assert.Equal(stored.Body, tracked.Body);
        Assert.Equal("", (await EdgeAsync(path + "?AUDIENCE=clinician")).Header(FrontDoorLikeVcl.KeyHeader));
        Assert.Equal("", (await EdgeAsync(path + "?%61udience=clinician")).Header(FrontDoorLikeVcl.KeyHeader));
    }

    /// <summary>
    /// Every parameter of every public route in case and percent-encoding variants (and repeated), sent to the edge
    /// both cold and warm: each answer is a 400 or exactly the origin's answer for the edge's key, and afterwards
    /// every key still holds exactly the origin's bytes for it.
    /// </summary>
    [Fact]
    public async Task EveryHostileSpellingOfEveryParameterIsA400AndNeverLandsUnderAnotherKey()
    {
        var values = await SampleValuesAsync();
        var hostile = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in RouteTable.Operations.Where(o => o.Access == OperationAccess.Public && o.Query.Count > 0))
        {
            var path = PathOf(operation);
            keys.Add(path);
            foreach (var name in operation.Query)
            {
                var value = values[name];
                keys.Add($"{path}?{name}={value}");
                hostile.AddRange(Spellings(name).Select(spelled => $"{path}?{spelled}={value}"));
                hostile.Add($"{path}?{name}={value}&{name}={value}");
            }
        }

        Assert.NotEmpty(hostile);
        for (var round = 0; round < 2; round++)
        {
            // Round 0 starts cold (hostile requests first); round 1 runs with every key warm.
            foreach (var url in hostile)
            {
                var answer = await EdgeAsync(url);
                if (answer.Status == 400)
                {
                    continue;
                }

                var key = KeyUrl(url);
                var expected = (await OriginAsync(key)).Body;
                Assert.True(
                    answer.Body.SequenceEqual(expected),
                    $"{url} answered {answer.Status} with bytes that are not the origin's answer for its key {key}");
            }

            foreach (var key in keys)
            {
                var fromEdge = await EdgeAsync(key);
                var fromOrigin = await OriginAsync(key);
                Assert.Equal(fromOrigin.Status, fromEdge.Status);
                // A 400 (a route whose required parameter is missing) is never stored and names its own trace id.
                Assert.True(
                    fromOrigin.Status == 400 || fromEdge.Body.SequenceEqual(fromOrigin.Body), $"the edge holds other bytes than the origin's under {key}");
            }
        }
    }

    /// <summary>
    /// What the edge stores when requests differ only by Origin: one answer per key, whichever request came first,
    /// because Front Door does not key on Vary. The stored answer's CORS headers are what every later client gets, so
    /// public answers allow any origin whoever asked first: a partner's server-side sync cannot break browsers.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithAndWithoutOriginTheEdgeStoresOneAnswerPerKeyThatEveryBrowserMayRead(bool browserFirst)
    {
        var url = browserFirst
            ? "/api/v1/articles/metformin?audience=clinician"
            : "/api/v1/articles/metformin?audience=patient";
        (string, string)[] browser = [("Origin", BrowserOrigin)];

        var first = await EdgeAsync(url, browserFirst ? browser : []);
        var second = await EdgeAsync(url, browserFirst ? [] : browser);

        Assert.Equal(200, first.Status);
        Assert.Equal("HIT", second.Header("X-Cache"));
        Assert.Equal(first.Header("ETag"), second.Header("ETag"));
        Assert.Equal("*", first.Header("Access-Control-Allow-Origin"));
        Assert.Equal("*", second.Header("Access-Control-Allow-Origin"));

        // A browser on a second origin gets the same stored answer, and may read it too.
        var other = await EdgeAsync(url, [("Origin", "https://partner.example.net")]);
        Assert.Equal("HIT", other.Header("X-Cache"));
        Assert.Equal(first.Header("ETag"), other.Header("ETag"));
        Assert.Equal("*", other.Header("Access-Control-Allow-Origin"));
    }

    /// <summary>
    /// Parameters that may repeat (<c>code</c> on the index, <c>slug</c> and <c>type</c> on the change feed) are in the
    /// key with every value, in the order sent: one value and two values are two keys, each holding its own URL's
    /// answer, and a parameter outside the list between them leaves the key unchanged.
    /// </summary>
    [Theory]
    [InlineData("/api/v1/articles?code=RxNorm%7C6809", "code=ICD-10-CM%7CR73.03")]
    [InlineData("/api/v1/changes?slug=metformin", "slug=prediabetes")]
    [InlineData("/api/v1/changes?type=version-published", "type=latest-changed")]
    public async Task EveryValueOfARepeatedParameterIsInTheKey(string oneValue, string secondValue)
    {
        var twoValues = oneValue + "&" + secondValue;
        var one = await EdgeAsync(oneValue);
        var two = await EdgeAsync(twoValues);
        var tracked = await EdgeAsync(oneValue + "&utm_source=mail&" + secondValue);

        Assert.Equal(oneValue[(oneValue.IndexOf('?', StringComparison.Ordinal) + 1)..], one.Header(FrontDoorLikeVcl.KeyHeader));
        Assert.Equal(twoValues[(twoValues.IndexOf('?', StringComparison.Ordinal) + 1)..], two.Header(FrontDoorLikeVcl.KeyHeader));
        Assert.Equal("MISS", two.Header("X-Cache"));
        Assert.Equal(two.Header(FrontDoorLikeVcl.KeyHeader), tracked.Header(FrontDoorLikeVcl.KeyHeader));
        Assert.Equal("HIT", tracked.Header("X-Cache"));
        Assert.Equal((await OriginAsync(oneValue)).Body, one.Body);
        Assert.Equal((await OriginAsync(twoValues)).Body, two.Body);
        Assert.Equal(two.Body, tracked.Body);
        Assert.NotEqual(one.Body, two.Body);
    }

    /// <summary>The edge's key for a URL: its path and, as sent, only the name=value pairs the route table lists.</summary>
    private static string KeyUrl(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return url;
        }

        var kept = url[(query + 1)..].Split('&')
            .Where(pair => RouteTable.CacheKeyQueryParameters.Contains(pair.Split('=')[0], StringComparer.Ordinal))
            .ToList();
        return kept.Count == 0 ? url[..query] : url[..query] + "?" + string.Join('&', kept);
    }

    /// <summary>Upper case, capitalised, each letter percent-encoded (both hex cases), the whole name encoded.</summary>
    private static IEnumerable<string> Spellings(string name)
    {
        yield return name.ToUpperInvariant();
        yield return char.ToUpperInvariant(name[0]) + name[1..];
        yield return name[..^1] + char.ToUpperInvariant(name[^1]);
        for (var i = 0; i < name.Length; i++)
        {
            yield return name[..i] + "%" + ((int)name[i]).ToString("x2", CultureInfo.InvariantCulture) + name[(i + 1)..];
        }

        yield return "%" + ((int)char.ToUpperInvariant(name[0])).ToString("X2", CultureInfo.InvariantCulture) + name[1..];
        yield return string.Concat(name.Select(c => "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture)));
    }

    private static string PathOf(ApiOperation operation) => operation.Pattern
        .Replace("{" + RouteParameter.Slug + "}", "insulin-resistance", StringComparison.Ordinal)
        .Replace("{" + RouteParameter.Version + "}", "2", StringComparison.Ordinal);

    /// <summary>Values that change the answer: the non-default audience, a small page, cursors from real pages.</summary>
    private async Task<Dictionary<string, string>> SampleValuesAsync()
    {
        var index = JsonDocument.Parse((await OriginAsync("/" + RouteTable.ListArticles + "?limit=1")).Body).RootElement;
        var feed = JsonDocument.Parse((await OriginAsync("/" + RouteTable.ListChanges + "?limit=1")).Body).RootElement;
        var values = new Dictionary<string, string>
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
            [QueryParameter.Q] = "insulin",
            [QueryParameter.MainSearchCriteriaCode] = "E88.819",
            [QueryParameter.MainSearchCriteriaCodeSystem] = "2.16.840.1.113883.6.90",
            [QueryParameter.MainSearchCriteriaDisplayName] = "Insulin%20resistance",
            [QueryParameter.InformationRecipient] = "PROV",
            [QueryParameter.KnowledgeResponseType] = "application/json",
        };
        Assert.Equal(RouteTable.CacheKeyQueryParameters.Order(StringComparer.Ordinal), values.Keys.Order(StringComparer.Ordinal));
        return values;
    }

    private Task<RawResponse> EdgeAsync(string target, IEnumerable<(string, string)>? headers = null) =>
        RawHttp.SendAsync(_edgePort, "GET", target, headers ?? []);

    private Task<RawResponse> OriginAsync(string target) => RawHttp.SendAsync(_originPort, "GET", target, []);
}
