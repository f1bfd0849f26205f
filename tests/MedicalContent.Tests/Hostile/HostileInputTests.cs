using System.Text;
using CsCheck;
using MedicalContent.Api.Http;
using Xunit.Abstractions;

namespace MedicalContent.Tests.Hostile;

/// <summary>
/// Property-based tests with raw requests against real Kestrel: whatever arrives, the answer is a 2xx, 304 or a
/// documented 4xx, never a 5xx, never a hang, never a byte of a file outside the content store, and always with
/// <c>X-Content-Type-Options: nosniff</c> and no <c>Server</c> header.
/// </summary>
public sealed class HostileInputTests(HostileServer server, ITestOutputHelper output) : IClassFixture<HostileServer>
{
    /// <summary>Statuses the API documents (README) or its server limits produce.</summary>
    private static readonly HashSet<int> Documented = [200, 204, 304, 400, 401, 404, 405, 410, 413, 414, 431];

    [Fact]
    public async Task HostilePathsEncodingsAndQueriesGetDocumentedAnswersAndNeverAFileFromOutsideTheStore()
    {
        var tally = new Tally();
        await Gen.Select(HostileRequests.Method, HostileRequests.Target, HostileRequests.Headers).SampleAsync(
            async (method, target, headers) => Check(tally, method, target, headers, await SendAsync(method, target, headers)),
            iter: 3000,
            threads: 4,
            print: t => HostileRequests.Describe(t.Item1, t.Item2, t.Item3));
        tally.Report(output, "paths, encodings, queries");
    }

    [Fact]
    public async Task HostileConditionalAcceptAndOversizedHeadersOnRealRoutesNeverBreakTheAnswer()
    {
        var tally = new Tally();
        var routes = Gen.Select(
            Gen.OneOf(HostileRequests.PublicRoutes.Where(r => !r.EndsWith("/versions/3", StringComparison.Ordinal)).ToArray()),
            Gen.OneOf("", "?audience=patient", "?audience=clinician", "?audience=nurse", "?limit=1", "?limit=0"),
            (route, query) => route + query);
        await Gen.Select(Gen.OneOf("GET", "HEAD"), routes, HostileRequests.Headers).SampleAsync(
            async (method, target, headers) =>
            {
                var response = await SendAsync(method, target, headers);
                Check(tally, method, target, headers, response);

                // Real routes exist, so whatever the headers say, the only refusals are the size limits or a bad parameter.
                Assert.True(response.Status is not (404 or 405), $"{response.Status} for an existing route: {HostileRequests.Describe(method, target, headers)}");
            },
            iter: 1500,
            threads: 4,
            print: t => HostileRequests.Describe(t.Item1, t.Item2, t.Item3));
        tally.Report(output, "conditional, accept and oversized headers");
    }

    [Fact]
    public async Task EveryMethodButGetAndHeadIsRefusedWith405OnPublicRoutes()
    {
        var tally = new Tally();
        var methods = Gen.Frequency(
            (3, Gen.OneOf("POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "MKCOL", "LINK", "PURGE", "BAN", "QUERY")),
            (2, HostileRequests.Token()));
        await Gen.Select(methods, Gen.OneOf(HostileRequests.PublicRoutes)).SampleAsync(
            async (method, route) =>
            {
                var response = await SendAsync(method, route, []);
                Check(tally, method, route, [], response);
                Assert.Equal(405, response.Status);
                // Content routes also answer browsers' CORS preflight; probes and documentation do not.
                Assert.Equal(route.StartsWith("/api/v1/", StringComparison.Ordinal) ? "GET, HEAD, OPTIONS" : "GET, HEAD", response.Header("Allow"));
            },
            iter: 500,
            threads: 4);
        tally.Report(output, "methods");
    }

    [Fact]
    public async Task RequestLinesAndHeadersBeyondTheServerLimitsAreRefusedWith414And431()
    {
        var tally = new Tally();

        // Sizes clearly under or clearly over each limit (the exact boundary counts a few framing bytes either way).
        var lineLength = Gen.OneOf(Gen.Int[1, HttpConventions.MaxRequestLineBytes - 200], Gen.Int[HttpConventions.MaxRequestLineBytes + 1, 3 * HttpConventions.MaxRequestLineBytes]);
        var headerBytes = Gen.OneOf(Gen.Int[0, HttpConventions.MaxRequestHeadersBytes - 1000], Gen.Int[HttpConventions.MaxRequestHeadersBytes + 1, 2 * HttpConventions.MaxRequestHeadersBytes]);
        var headerCount = Gen.OneOf(Gen.Int[0, HttpConventions.MaxRequestHeaderCount - 5], Gen.Int[HttpConventions.MaxRequestHeaderCount + 1, 2 * HttpConventions.MaxRequestHeaderCount]);
        await Gen.Select(lineLength, headerBytes, headerCount).SampleAsync(
            async (length, bytes, count) =>
            {
                var target = "/api/v1/articles?audience=" + new string('a', length);
                (string, string)[] headers =
                [
                    ("X-Big", new string('b', bytes)),
                    .. Enumerable.Range(0, count).Select(i => ($"X-Filler-{i}", "1")),
                ];
                var response = await SendAsync("GET", target, headers);
                Check(tally, "GET", target, headers, response);
                var expected = length > HttpConventions.MaxRequestLineBytes ? 414
                    : bytes > HttpConventions.MaxRequestHeadersBytes || count > HttpConventions.MaxRequestHeaderCount ? 431
                    : 400; // under every limit: the app answers, and "aaa..." is not an audience
                Assert.Equal(expected, response.Status);
            },
            iter: 300,
            threads: 4,
            print: t => $"request line ~{t.Item1} bytes, one header of {t.Item2} bytes, {t.Item3} filler headers");
        tally.Report(output, "size limits");
    }

    [Theory]
    [InlineData("/api/v1/articles/insulin-resistance%0A")]
    [InlineData("/api/v1/articles/insulin-resistance%0a/versions")]
    [InlineData("/api/v1/articles/metformin%0A/versions/1")]
    public async Task RejectsASlugEndingInALineBreakAs400LikeAnyMalformedSlug(string target)
    {
        var response = await SendAsync("GET", target, []);

        Assert.Equal(400, response.Status);
        Assert.Contains("\"parameter\":\"slug\"", response.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedSlugsAndVersionsAreRejectedWith400()
    {
        var tally = new Tally();
        var malformed = Gen.Select(
            Gen.OneOf("insulin-resistance", "metformin", "a", "x1"),
            Gen.OneOf("-", "--x", "_", "A", "%2e", ".", "%20", "%09", "%0D", "%00", "%c3%a9", "!", "%2B", "%2F", "~", "%7E", "'"),
            Gen.Bool,
            (slug, bad, before) => before ? bad + slug : slug + bad);
        var version = Gen.OneOf("0", "-1", "+1", "1.0", "1e1", "%201", "1%20", "0x1", "99999999999", "%ef%bc%91", "%d9%a1", "one");
        await Gen.Select(malformed, version, Gen.Int[0, 2]).SampleAsync(
            async (slug, number, route) =>
            {
                var target = route switch
                {
                    0 => $"/api/v1/articles/{slug}",
                    1 => $"/api/v1/articles/{slug}/versions",
                    _ => $"/api/v1/articles/metformin/versions/{number}",
                };
                var response = await SendAsync("GET", target, []);
                Check(tally, "GET", target, [], response);
                Assert.Equal(400, response.Status);

                // Kestrel itself refuses some bytes (an encoded NUL) with an empty 400; every other 400 names the parameter.
                if (response.Body.Length > 0)
                {
                    Assert.Contains(route == 2 ? "\"parameter\":\"version\"" : "\"parameter\":\"slug\"", response.BodyText, StringComparison.Ordinal);
                }
            },
            iter: 400,
            threads: 4,
            print: t => $"{t.Item1} / {t.Item2} / route {t.Item3}");
        tally.Report(output, "malformed slugs and versions");
    }

    private Task<RawResponse> SendAsync(string method, string target, (string Name, string Value)[] headers) =>
        RawHttp.SendAsync(server.Port, method, target, headers);

    /// <summary>The properties every answer has, whatever was asked.</summary>
    private void Check(Tally tally, string method, string target, (string Name, string Value)[] headers, RawResponse response)
    {
        tally.Count(response.Status);
        var request = HostileRequests.Describe(method, target, headers);
        Assert.True(response.Status < 500, $"{response.Status} for {request}");
        Assert.True(
            Documented.Contains(response.Status) || IsSameOriginRedirect(response),
            $"undocumented {response.Status} (Location: {response.Header("Location")}) for {request}");
        Assert.False(response.Has("Server"), $"a Server header for {request}");
        Assert.DoesNotContain(server.Content.Secret, Encoding.Latin1.GetString(response.Raw), StringComparison.Ordinal);
        if (response.Body.Length > 0 || response.Has("Content-Type"))
        {
            Assert.True(response.Header("X-Content-Type-Options") == "nosniff", $"no nosniff on the {response.Status} for {request}");
        }

        if (response.Status == 405)
        {
            Assert.True(response.Has("Allow"), $"a 405 without Allow for {request}");
        }
    }

    /// <summary>The reference page adds its trailing slash with a relative redirect: never to another origin.</summary>
    private static bool IsSameOriginRedirect(RawResponse response) =>
        response.Status is 301 or 302 or 307 or 308
        && response.Header("Location") is { Length: > 0 } location
        && !location.StartsWith("//", StringComparison.Ordinal)
        && !location.StartsWith('\\')
        && !location.Contains(':', StringComparison.Ordinal);

    private sealed class Tally
    {
        private readonly Dictionary<int, int> _statuses = [];
        private int _cases;

        public void Count(int status)
        {
            lock (_statuses)
            {
                _cases++;
                _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            }
        }

        public void Report(ITestOutputHelper output, string what)
        {
            lock (_statuses)
            {
                var statuses = string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
                output.WriteLine($"fuzz [{what}]: {_cases} cases tried, 0 failures; statuses {statuses}");
            }
        }
    }
}
