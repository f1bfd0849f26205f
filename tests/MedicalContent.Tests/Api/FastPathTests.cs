using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MedicalContent.Api.Http;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Routing;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedicalContent.Tests.Api;

/// <summary>
/// The self-hosted app's fast path (decision 0011) answers plain public reads before routing. These tests hold it to
/// the pipeline's answers: the same requests give the same status, headers (in order) and bytes with it on and off;
/// what it answers is never older than what the pipeline would answer after a retraction, a review-status change or a
/// new snapshot; and the exact-name rule holds (a misspelled name goes to the pipeline, which answers 400).
/// </summary>
public sealed partial class FastPathTests(FastPathTests.Hosts hosts) : IClassFixture<FastPathTests.Hosts>
{
    public sealed class Hosts : IDisposable
    {
        public ApiFactory On { get; } = new();

        public ApiFactory Off { get; } = new(null, new Dictionary<string, string?> { [FastPath.EnabledKey] = "false" });

        public void Dispose()
        {
            On.Dispose();
            Off.Dispose();
        }
    }

    /// <summary>The requests the fast path answers itself (no endpoint is selected for them).</summary>
    public static TheoryData<string> Answered => new()
    {
        "/api/v1/articles/insulin-resistance",
        "/api/v1/articles/insulin-resistance?audience=patient",
        "/api/v1/articles/insulin-resistance?audience=clinician",
        "/api/v1/articles/insulin-resistance/jsonld?audience=clinician",
        "/api/v1/articles/insulin-resistance/versions",
        "/api/v1/articles/insulin-resistance/versions/2?audience=patient",
        "/api/v1/articles/insulin-resistance/versions/2/jsonld",
        "/api/v1/articles",
        "/api/v1/articles?audience=clinician&limit=2",
        "/api/v1/articles?kind=condition",
        "/api/v1/articles?code=ICD-10-CM|E88.819",
        "/api/v1/audiences",
        "/api/v1/search?q=insulin",
        "/api/v1/search?q=insulin&audience=clinician&limit=1",
        "/api/v1/changes?limit=2",
    };

    /// <summary>Requests the fast path leaves to the pipeline: problems, odd spellings, other routes and methods.</summary>
    public static TheoryData<string> LeftToThePipeline => new()
    {
        "/api/v1/articles/insulin-resistance?Audience=clinician",
        "/api/v1/articles/insulin-resistance?%61udience=clinician",
        "/api/v1/articles/insulin-resistance?audience=patient&audience=clinician",
        "/api/v1/articles/insulin-resistance?audience=nobody",
        "/api/v1/articles/insulin-resistance?utm_source=x&audience=clinician",
        "/api/v1/articles/no-such-article",
        "/api/v1/articles/insulin-resistance/versions/99",
        "/api/v1/articles/insulin-resistance/versions/two",
        "/api/v1/articles/insulin-resistance/versions/3",
        "/api/v1/articles?limit=0",
        "/api/v1/articles?code=ICD-10-CM%7CE88.819",
        "/api/v1/search?q=insulin+resistance",
        "/api/v1/search",
        "/API/V1/articles/insulin-resistance",
        "/api/v1/articles/insulin-resistance/",
        "/api/v1/infobutton?mainSearchCriteria.v.c=E88.819&mainSearchCriteria.v.cs=2.16.840.1.113883.6.90",
        "/api/v1/schemas/article",
        "/api/v1/preview/articles/insulin-resistance",
        "/api/openapi/v1.json",
        "/api/v1/nothing-here",
    };

    [Theory]
    [MemberData(nameof(Answered))]
    public async Task WhatTheFastPathAnswersIsByteForByteThePipelinesAnswer(string url)
    {
        foreach (var (method, headers) in Variants(await EtagAndDateAsync(url)))
        {
            var on = await SendAsync(hosts.On, method, url, headers);
            var off = await SendAsync(hosts.Off, method, url, headers);

            Assert.False(on.Routed, $"{method} {url} went through routing with the fast path on");
            Assert.True(off.Routed);
            AssertSame(off, on, $"{method} {url} {string.Join(' ', headers)}");
        }
    }

    [Theory]
    [MemberData(nameof(LeftToThePipeline))]
    public async Task WhatTheFastPathLeavesIsAnsweredByThePipelineAsBefore(string url)
    {
        foreach (var method in new[] { HttpMethods.Get, HttpMethods.Head })
        {
            var on = await SendAsync(hosts.On, method, url, []);
            var off = await SendAsync(hosts.Off, method, url, []);

            AssertSame(off, on, $"{method} {url}");
        }
    }

    [Fact]
    public async Task PreflightsAndOtherMethodsAreThePipelines()
    {
        const string url = "/api/v1/articles/insulin-resistance?audience=patient";
        foreach (var (method, headers) in new (string, string[])[]
                 {
                     (HttpMethods.Options, ["Origin: https://example.com", "Access-Control-Request-Method: GET"]),
                     (HttpMethods.Post, []),
                     (HttpMethods.Delete, []),
                 })
        {
            var on = await SendAsync(hosts.On, method, url, headers);
            var off = await SendAsync(hosts.Off, method, url, headers);

            Assert.True(on.Routed || on.Status == 405, $"{method} {url} answered {on.Status} without routing");
            AssertSame(off, on, $"{method} {url}");
        }
    }

    [Theory]
    [InlineData("/api/v1/articles/insulin-resistance", "?Audience=clinician", "audience")]
    [InlineData("/api/v1/articles/insulin-resistance/versions/2", "?AUDIENCE=patient", "audience")]
    [InlineData("/api/v1/articles", "?Limit=2", "limit")]
    [InlineData("/api/v1/search", "?q=insulin&Q=insulin", "q")]
    public async Task AMisspelledNameIsStillA400NamingTheParameter(string path, string query, string parameter)
    {
        await SendAsync(hosts.On, HttpMethods.Get, path, []); // warm: the canonical URL's answer is cached
        var answer = await SendAsync(hosts.On, HttpMethods.Get, path + query, []);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.Header("Content-Type"));
        Assert.Equal(parameter, JsonDocument.Parse(answer.Body).RootElement.GetProperty("parameter").GetString());
    }

    /// <summary>
    /// A store whose index the test changes while the app runs (re-checked on every request): each change is a new
    /// snapshot, and the next request, warm as the previous ones were, answers from it.
    /// </summary>
    [Fact]
    public async Task ARetractionAReviewStatusChangeAndANewSnapshotAreNeverAnsweredFromTheOldOne()
    {
        var store = new ChangingStore();
        using var api = new ApiFactory(null, new Dictionary<string, string?> { [ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))] = "0" })
        {
            Store = _ => store,
        };
        var version = RouteTable.VersionUrl("prediabetes", 2, "patient");
        var latest = RouteTable.LatestUrl("prediabetes", "patient");
        var versions = RouteTable.VersionsUrl("prediabetes");

        var before = await SendAsync(api, HttpMethods.Get, version, []);
        var latestBefore = await SendAsync(api, HttpMethods.Get, latest, []);
        var listBefore = await SendAsync(api, HttpMethods.Get, versions, []);
        Assert.Equal(200, before.Status);
        Assert.Equal(2, Json(latestBefore).GetProperty("version").GetInt32());
        Assert.False((await SendAsync(api, HttpMethods.Get, version, [])).Routed);

        store.Change(v => v.Number == 2 && v.Retraction is null
            ? v with { Retraction = new Retraction { Reason = "Wrong dose.", RetractedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) } }
            : v);
        var retracted = await SendAsync(api, HttpMethods.Get, version, [$"If-None-Match: {before.Header("ETag")}"]);
        Assert.Equal(410, retracted.Status);
        Assert.Equal("application/problem+json", retracted.Header("Content-Type"));
        Assert.Equal(1, Json(await SendAsync(api, HttpMethods.Get, latest, [])).GetProperty("version").GetInt32());
        Assert.NotEqual(listBefore.Body, (await SendAsync(api, HttpMethods.Get, versions, [])).Body);

        store.Change(v => v.Number == 2 ? v with { Retraction = null, ReviewStatus = ReviewStatus.UnderReview } : v);
        var unpublished = await SendAsync(api, HttpMethods.Get, version, []);
        Assert.Equal(404, unpublished.Status);
        Assert.Equal(1, Json(await SendAsync(api, HttpMethods.Get, latest, [])).GetProperty("version").GetInt32());

        store.Change(v => v.Number == 2 ? v with { ReviewStatus = ReviewStatus.Approved } : v);
        var again = await SendAsync(api, HttpMethods.Get, version, []);
        Assert.Equal(200, again.Status);
        Assert.Equal(before.Body, again.Body);
        Assert.False(again.Routed);
        var latestAgain = await SendAsync(api, HttpMethods.Get, latest, []);
        Assert.Equal(2, Json(latestAgain).GetProperty("version").GetInt32());
        Assert.False(latestAgain.Routed);
    }

    private static JsonElement Json(Answer answer) => JsonDocument.Parse(answer.Body).RootElement;

    /// <summary>Plain, conditional (match, no match, If-Modified-Since, malformed) and HEAD forms of one request.</summary>
    private static IEnumerable<(string Method, string[] Headers)> Variants((string ETag, string LastModified) validators)
    {
        foreach (var method in new[] { HttpMethods.Get, HttpMethods.Head })
        {
            yield return (method, []);
            yield return (method, [$"If-None-Match: {validators.ETag}"]);
            yield return (method, [$"If-None-Match: \"other\", W/{validators.ETag}"]);
            yield return (method, ["If-None-Match: \"other\""]);
            yield return (method, ["If-None-Match: not-a-tag"]);
            yield return (method, [$"If-Modified-Since: {validators.LastModified}"]);
            yield return (method, ["If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT"]);
            yield return (method, ["If-None-Match: \"other\"", $"If-Modified-Since: {validators.LastModified}"]);
            yield return (method, ["Origin: https://example.com", "Accept: application/json"]);
        }
    }

    private async Task<(string ETag, string LastModified)> EtagAndDateAsync(string url)
    {
        var answer = await SendAsync(hosts.Off, HttpMethods.Get, url, []);
        Assert.Equal(200, answer.Status);
        return (answer.Header("ETag")!, answer.Header("Last-Modified")!);
    }

    private static void AssertSame(Answer expected, Answer actual, string request)
    {
        Assert.True(expected.Status == actual.Status, $"{request}: status {actual.Status}, the pipeline's {expected.Status}");
        Assert.True(
            expected.Headers.SequenceEqual(actual.Headers),
            $"{request}: headers\n  {string.Join("\n  ", actual.Headers)}\nthe pipeline's\n  {string.Join("\n  ", expected.Headers)}");
        Assert.True(
            WithoutTraceId(expected.Body).AsSpan().SequenceEqual(WithoutTraceId(actual.Body)),
            $"{request}: the body differs from the pipeline's\n  {Encoding.UTF8.GetString(actual.Body)}\nthe pipeline's\n  {Encoding.UTF8.GetString(expected.Body)}");
    }

    /// <summary>A problem's <c>traceId</c> names the request, so two requests never share it; everything else must match.</summary>
    private static byte[] WithoutTraceId(byte[] body) =>
        Encoding.UTF8.GetBytes(TraceId().Replace(Encoding.UTF8.GetString(body), "\"traceId\":\"\""));

    [GeneratedRegex("\"traceId\"\\s*:\\s*\"[^\"]*\"")]
    private static partial Regex TraceId();

    private static async Task<Answer> SendAsync(ApiFactory app, string method, string url, string[] headers)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = query < 0 ? url : url[..query];
            c.Request.QueryString = new QueryString(query < 0 ? null : url[query..]);
            foreach (var header in headers)
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                c.Request.Headers.Append(header[..colon], header[(colon + 2)..]);
            }
        });
        using var body = new MemoryStream();
        await context.Response.Body.CopyToAsync(body);
        var all = context.Response.Headers
            .Where(h => !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            .Select(h => $"{h.Key}: {h.Value}")
            .ToList();
        return new Answer(context.Response.StatusCode, all, body.ToArray(), context.Features.Get<IEndpointFeature>()?.Endpoint is not null);
    }

    private sealed record Answer(int Status, IReadOnlyList<string> Headers, byte[] Body, bool Routed)
    {
        public string? Header(string name) =>
            Headers.FirstOrDefault(h => h.StartsWith(name + ": ", StringComparison.OrdinalIgnoreCase))?[(name.Length + 2)..];
    }

    /// <summary>The sample content, with each version entry passed through the test's latest change; a new index (ETag) on every read.</summary>
    private sealed class ChangingStore : IContentStore
    {
        private readonly IContentStore _inner = ContentStores.Create(
            new ContentStoreOptions { Kind = ContentStoreKind.FileSystem, Path = RepoPaths.ContentJson }, NullLoggerFactory.Instance, credential: null);

        private volatile Func<VersionEntry, VersionEntry> _change = static v => v;
        private int _reads;

        public string Description => "changing test store";

        public void Change(Func<VersionEntry, VersionEntry> change) => _change = change;

        public async Task<IndexSnapshot?> ReadIndexAsync(string? knownETag, CancellationToken cancellationToken)
        {
            var read = (await _inner.ReadIndexAsync(null, cancellationToken))!;
            var change = _change;
            var articles = read.Index.Articles
                .Select(a => a.Slug == "prediabetes" ? a with { Versions = [.. a.Versions.Select(change)] } : a)
                .ToList();
            return new IndexSnapshot(read.Index with { Articles = articles }, $"\"changing-{Interlocked.Increment(ref _reads)}\"");
        }

        public Task<byte[]> ReadVersionAsync(string slug, int version, CancellationToken cancellationToken) =>
            _inner.ReadVersionAsync(slug, version, cancellationToken);
    }
}
