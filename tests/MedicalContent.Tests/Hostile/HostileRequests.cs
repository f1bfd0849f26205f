using System.Globalization;
using System.Text;
using CsCheck;

namespace MedicalContent.Tests.Hostile;

/// <summary>CsCheck generators for what an attacker (or a broken client) sends: paths, encodings, queries, headers, methods.</summary>
public static class HostileRequests
{
    /// <summary>Where requests start: every route family, documentation and health included.</summary>
    public static readonly string[] Prefixes =
    [
        "/", "/api/", "/api/v1/", "/api/v1/articles/", "/api/v1/articles/insulin-resistance/",
        "/api/v1/articles/insulin-resistance/versions/", "/api/v1/articles/metformin/versions/1/", "/api/v1/audiences/",
        "/api/v1/schemas/", "/api/v1/changes/", "/api/v1/preview/articles/", "/api/health/", "/api/openapi/",
        "/api/reference/", "/content-json/", "/articles/",
    ];

    /// <summary>Public content routes that exist (GET and HEAD only).</summary>
    public static readonly string[] PublicRoutes =
    [
        "/api/v1/audiences", "/api/v1/articles", "/api/v1/articles/insulin-resistance", "/api/v1/articles/insulin-resistance/versions",
        "/api/v1/articles/insulin-resistance/versions/1", "/api/v1/articles/insulin-resistance/versions/2",
        "/api/v1/articles/insulin-resistance/versions/3", "/api/v1/articles/metformin/jsonld",
        "/api/v1/articles/prediabetes/versions/2/jsonld", "/api/v1/schemas/article.schema.json", "/api/health",
    ];

    /// <summary>Traversal and encoding tricks: dot segments, percent- and double-encoding, overlong UTF-8, separators.</summary>
    private static readonly string[] Tricks =
    [
        "..", ".", "...", "%2e%2e", "%2E%2E", "%2e", "%2e%2e%2f", "%2e%2e/", "..%2f", "..%2F", "%2f", "%2F", "..%5c", "..\\", "\\",
        "%5c", "%252e%252e%252f", "%252e%252e", "%25%32%65%25%32%65", "%c0%ae%c0%ae%c0%af", "%c0%ae", "%c0%af", "%c1%9c",
        "%e0%80%ae", "%e0%80%af", "%f0%80%80%ae", "%ef%bc%8e%ef%bc%8e", "%u002e%u002e", "%00", "%0a", "%0d%0a", "%09", "%20",
        "%ff", "%", "%%", "%zz", "%2", "....//", "..;", ";", ";x=1", "~", "//", "./", "..././", ".%00.", "%2e%2e%00",
        "content-json", "content-json-evil", "articles", "v1.json", "audiences.json", "secret.txt", "appsettings.json",
        "etc", "passwd", "insulin-resistance", "metformin", "versions", "jsonld", "1", "2", "3", "0", "-1", "007",
        "99999999999", "INSULIN-RESISTANCE", "insulin--resistance", "-insulin", "a", "article.schema.json", "v1.json",
    ];

    private const string UrlChars = "abcdefghijklmnopqrstuvwxyz0123456789-._~%/\\;:@!$&'()*+,=?#[]";

    private static readonly Gen<string> RandomSegment = Chars(UrlChars, 0, 16);

    /// <summary>Any byte, percent-encoded.</summary>
    private static readonly Gen<string> EncodedByte = Gen.Byte.Select(b => "%" + b.ToString("x2", CultureInfo.InvariantCulture));

    /// <summary>Raw bytes that do not belong in a request target (controls, space, non-ASCII): the server must refuse them.</summary>
    private static readonly Gen<string> RawByte = Gen.OneOf("\u0001", "\u007f", " ", "\u00c3\u00a9", "\u00c0\u00ae", "\"", "<", "\t");

    public static readonly Gen<string> Segment = Gen.Frequency(
        (6, Gen.OneOf(Tricks)),
        (3, RandomSegment),
        (2, Gen.Select(Gen.OneOf(Tricks), EncodedByte, (trick, b) => trick + b)),
        (1, RawByte));

    public static readonly Gen<string> Path = Gen.Select(
        Gen.OneOf(Prefixes),
        Segment.Array[0, 6],
        Gen.OneOf("", "/"),
        (prefix, segments, tail) => prefix + string.Join('/', segments) + tail);

    private static readonly Gen<string> QueryName = Gen.Frequency(
        (6, Gen.OneOf("audience", "limit", "cursor", "since", "version", "slug", "AUDIENCE", "audience[]", "")),
        (1, RandomSegment));

    private static readonly Gen<string> QueryValue = Gen.Frequency(
        (4, Gen.OneOf(
            "patient", "clinician", "nurse", "default", "", "PATIENT", "patient%00", "patient%0a", "..%2f..%2f", "%c0%ae%c0%ae",
            "1", "0", "-1", "100", "101", "2147483648", "1e3", "0x10", "%20", "%", "YWZ0ZXI6bWV0Zm9ybWlu", "YWZ0ZXI6Li4vLi4v",
            "ZmVlZDox", "=", "&", "\u00e9")),
        (2, RandomSegment),
        (1, Gen.Int[0, 3000].Select(n => new string('a', n))));

    public static readonly Gen<string> Query = Gen.Frequency(
        (2, Gen.Const("")),
        (5, Gen.Select(QueryName, QueryValue, (n, v) => n + "=" + v).Array[1, 4].Select(pairs => "?" + string.Join('&', pairs))),
        (1, RandomSegment.Select(s => "?" + s)));

    /// <summary>A request target: usually a hostile path, sometimes a real route, with a hostile query.</summary>
    public static readonly Gen<string> Target = Gen.Select(
        Gen.Frequency((4, Path), (1, Gen.OneOf(PublicRoutes))),
        Query,
        (path, query) => path + query);

    public static readonly Gen<string> Method = Gen.Frequency(
        (12, Gen.Const("GET")),
        (4, Gen.Const("HEAD")),
        (4, Gen.OneOf("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "get", "Get")),
        (1, Token()));

    /// <summary>A method-like token (RFC 9110 tchar only) that is not GET or HEAD in any case.</summary>
    public static Gen<string> Token() =>
        Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~", 1, 12)
            .Where(t => !t.Equals("GET", StringComparison.OrdinalIgnoreCase) && !t.Equals("HEAD", StringComparison.OrdinalIgnoreCase));

    private static readonly Gen<string> HeaderText = Gen.Frequency(
        (4, Gen.Char[' ', '~'].Array[0, 40].Select(c => new string(c))),
        (1, Gen.Char['\u0080', '\u00ff'].Array[1, 8].Select(c => new string(c))),
        (1, Gen.Int[0, 20_000].Select(n => new string('x', n))));

    private static readonly Gen<string> EntityTag = Gen.Frequency(
        (3, Gen.OneOf("*", "\"\"", "W/\"\"", "\"abc\"", "W/\"abc\"", "\"unterminated", "W/", "W/\"", ",", ", ,", "\"a\"\"b\"", "\"a\",,\"b\"", "w/\"abc\"", "\"\\\"\"")),
        (2, Chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 0, 30).Select(t => "\"" + t + "\"")),
        (1, HeaderText));

    private static readonly Gen<string> IfNoneMatch = Gen.Frequency(
        (3, EntityTag),
        (2, EntityTag.Array[2, 6].Select(tags => string.Join(", ", tags))),
        (1, Gen.Int[100, 3000].Select(n => string.Join(", ", Enumerable.Repeat("\"tag\"", n)))));

    private static readonly Gen<string> IfModifiedSince = Gen.Frequency(
        (3, Gen.DateTime[new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc)].Select(d => d.ToString("r", CultureInfo.InvariantCulture))),
        (2, Gen.OneOf(
            "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 32 Jan 2025 00:00:00 GMT", "0", "-1", "yesterday",
            "2025-01-01", "Thu, 01 Jan 1970 00:00:00 GMT, Thu, 01 Jan 1970 00:00:00 GMT", "")),
        (1, HeaderText));

    private static readonly Gen<string> Accept = Gen.Frequency(
        (3, Gen.OneOf(
            "application/json", "application/ld+json", "application/problem+json", "*/*", "text/html", "text/html;q=0", "application/xml",
            "*/*;q=abc", "application/json; charset=utf-16", ";;;", "*", "")),
        (1, HeaderText));

    private static readonly Gen<(string, string)> Header = Gen.Frequency(
        (4, IfNoneMatch.Select(v => ("If-None-Match", v))),
        (3, IfModifiedSince.Select(v => ("If-Modified-Since", v))),
        (3, Accept.Select(v => ("Accept", v))),
        (1, HeaderText.Select(v => ("Preview-Key", v))),
        (1, Gen.OneOf("https://evil.example", "null", "http://127.0.0.1").Select(v => ("Origin", v))),
        (1, Gen.OneOf("gzip", "br", "identity;q=0", "*;q=0").Select(v => ("Accept-Encoding", v))),
        (1, Gen.OneOf("bytes=0-10", "bytes=-1", "bytes=999999-", "lines=1-2").Select(v => ("Range", v))),
        (1, Gen.Select(Chars("abcdefghijklmnopqrstuvwxyz-", 1, 20), HeaderText, (n, v) => ("X-" + n, v))));

    /// <summary>Zero or more headers, and now and then far more than the server allows.</summary>
    public static readonly Gen<(string Name, string Value)[]> Headers = Gen.Frequency(
        (8, Header.Array[0, 5]),
        (1, Gen.Int[40, 70].Select(n => Enumerable.Range(0, n).Select(i => ($"X-Filler-{i}", "1")).ToArray())));

    /// <summary>Strings of <paramref name="min"/> to <paramref name="max"/> characters drawn from <paramref name="alphabet"/>.</summary>
    public static Gen<string> Chars(string alphabet, int min, int max) => Gen.Char[alphabet].Array[min, max].Select(c => new string(c));

    public static string Describe(string method, string target, (string Name, string Value)[] headers)
    {
        var text = new StringBuilder(method).Append(' ').Append(target);
        foreach (var (name, value) in headers)
        {
            text.Append(" | ").Append(name).Append(": ").Append(value.Length > 80 ? $"{value[..40]}...({value.Length} chars)" : value);
        }

        return text.ToString();
    }
}
