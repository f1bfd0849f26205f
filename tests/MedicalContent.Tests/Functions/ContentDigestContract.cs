using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Functions;

/// <summary>
/// RFC 9530 digests, on both hosts and both stores: every 200 carries a <c>Content-Digest</c> equal to the SHA-256 of
/// the bytes received (recomputed here, not taken from the app), and a <c>Repr-Digest</c> with the same value; HEAD
/// carries the <c>Repr-Digest</c> of what GET sends and no <c>Content-Digest</c> (its content is empty); a 304 and a
/// problem carry neither.
/// </summary>
public abstract partial class ContentDigestContract(ParityHosts hosts)
{
    private const string ContentDigest = "content-digest";
    private const string ReprDigest = "repr-digest";

    /// <summary>Every content route, public and preview (with the key).</summary>
    public static TheoryData<string> ContentUrls() =>
    [
        "/api/v1/audiences",
        "/api/v1/articles",
        "/api/v1/articles?audience=clinician&limit=2",
        "/api/v1/articles/insulin-resistance",
        "/api/v1/articles/insulin-resistance?audience=clinician",
        "/api/v1/articles/metformin/jsonld?audience=patient",
        "/api/v1/articles/insulin-resistance/versions",
        "/api/v1/articles/insulin-resistance/versions/1?audience=clinician",
        "/api/v1/articles/metformin/versions/1/jsonld?audience=clinician",
        "/api/v1/changes",
        "/api/v1/changes?limit=3",
        "/api/v1/schemas/article.schema.json",
        "/api/v1/preview/articles/insulin-resistance",
        "/api/v1/preview/articles/insulin-resistance/versions",
        "/api/v1/preview/articles/insulin-resistance/versions/3?audience=clinician",
    ];

    public static TheoryData<string> ProblemUrls() =>
    [
        "/api/v1/articles/no-such-article",
        "/api/v1/articles/insulin-resistance?audience=nobody",
        "/api/v1/articles/prediabetes/versions/1?audience=patient",
        "/api/v1/articles?cursor=not-a-cursor",
        "/api/v1/preview/articles/no-such-article",
    ];

    [Theory]
    [MemberData(nameof(ContentUrls))]
    public async Task EveryRepresentationCarriesTheDigestOfTheBytesReceived(string url)
    {
        foreach (var answer in await BothHostsAsync("GET", url))
        {
            Assert.Equal(200, answer.Status);
            Assert.NotEmpty(answer.Body);
            var expected = Sha256(answer.Body);

            Assert.Equal(expected, DigestBytes(answer.Headers[ContentDigest]));
            Assert.Equal(answer.Headers[ContentDigest], answer.Headers[ReprDigest]);
        }
    }

    [Theory]
    [MemberData(nameof(ContentUrls))]
    public async Task HeadCarriesTheRepresentationDigestOfWhatGetSends(string url)
    {
        var get = await BothHostsAsync("GET", url);
        var head = await BothHostsAsync("HEAD", url);

        for (var host = 0; host < get.Length; host++)
        {
            Assert.Equal(200, head[host].Status);
            Assert.Empty(head[host].Body);
            Assert.Equal(Sha256(get[host].Body), DigestBytes(head[host].Headers[ReprDigest]));
            Assert.False(head[host].Headers.ContainsKey(ContentDigest), "HEAD has no content, so no Content-Digest");
        }
    }

    [Theory]
    [MemberData(nameof(ContentUrls))]
    public async Task NotModifiedCarriesNoDigest(string url)
    {
        foreach (var method in new[] { "GET", "HEAD" })
        {
            var etag = (await BothHostsAsync("GET", url))[0].Headers["etag"];
            foreach (var answer in await BothHostsAsync(method, url, ("If-None-Match", etag)))
            {
                Assert.Equal(304, answer.Status);
                Assert.False(answer.Headers.ContainsKey(ContentDigest));
                Assert.False(answer.Headers.ContainsKey(ReprDigest));
            }
        }
    }

    /// <summary>Problems are not representations of content (and carry a per-request trace id): no digest.</summary>
    [Theory]
    [MemberData(nameof(ProblemUrls))]
    public async Task ProblemsCarryNoDigest(string url)
    {
        foreach (var answer in await BothHostsAsync("GET", url))
        {
            Assert.InRange(answer.Status, 400, 499);
            Assert.StartsWith("application/problem+json", answer.Headers["content-type"], StringComparison.Ordinal);
            Assert.False(answer.Headers.ContainsKey(ContentDigest));
            Assert.False(answer.Headers.ContainsKey(ReprDigest));
        }
    }

    [Fact]
    public async Task BrowserScriptsMayReadTheDigests()
    {
        foreach (var answer in await BothHostsAsync("GET", "/api/v1/articles/insulin-resistance", ("Origin", "https://partner.example.org")))
        {
            var exposed = answer.Headers["access-control-expose-headers"].Split(',', StringSplitOptions.TrimEntries);
            Assert.Contains("Content-Digest", exposed);
            Assert.Contains("Repr-Digest", exposed);
        }
    }

    /// <summary>The self-hosted app's answer, then the worker's.</summary>
    private async Task<Answer[]> BothHostsAsync(string method, string url, params (string Name, string Value)[] extra)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (url.StartsWith("/api/v1/preview/", StringComparison.Ordinal))
        {
            headers["Preview-Key"] = ParityHosts.PreviewKey;
        }

        foreach (var (name, value) in extra)
        {
            headers[name] = value;
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var app = await Answer.FromAsync(await hosts.App.CreateClient().SendAsync(request));
        var worker = await hosts.Worker.SendAsync(method, url, headers);
        return [app, worker];
    }

    private static byte[] Sha256(byte[] body) => SHA256.HashData(body);

    /// <summary>
    /// The bytes of an RFC 9530 field with one sha-256 member: a structured-field dictionary whose value is a byte
    /// sequence, standard base64 with padding between colons.
    /// </summary>
    private static byte[] DigestBytes(string field)
    {
        var match = Sha256Member().Match(field);
        Assert.True(match.Success, $"'{field}' is not sha-256=:<base64>:");
        return Convert.FromBase64String(match.Groups["value"].Value);
    }

    [GeneratedRegex("^sha-256=:(?<value>[A-Za-z0-9+/]{43}=):$")]
    private static partial Regex Sha256Member();
}

public sealed class ContentDigestOnFileStore(FileStoreParityHosts hosts) : ContentDigestContract(hosts), IClassFixture<FileStoreParityHosts>;

[Integration]
public sealed class ContentDigestOnBlobStore(BlobStoreParityHosts hosts) : ContentDigestContract(hosts), IClassFixture<BlobStoreParityHosts>;
