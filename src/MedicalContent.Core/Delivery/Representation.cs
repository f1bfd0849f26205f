using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace MedicalContent.Delivery;

/// <summary>How long a representation may be reused, by the kind of URL it answers.</summary>
public enum CacheKind
{
    /// <summary>Moves when a new version is published: "latest" URLs, the index, version lists, audiences.</summary>
    Mutable,

    /// <summary>
    /// An explicit version of an article: its bytes never change, but a retraction takes it away, so caches keep it for
    /// minutes in browsers and longer only at purged edges (never <c>immutable</c>).
    /// </summary>
    Immutable,

    /// <summary>Behind a credential (preview): never stored by any cache.</summary>
    Private,
}

/// <summary>
/// Rendered bytes with their validators and header values, computed once so a warm request only copies bytes.
/// </summary>
public sealed class Representation
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string JsonLdContentType = "application/ld+json; charset=utf-8";

    public Representation(
        byte[] body, DateTimeOffset lastModified, CacheKind cacheKind, IReadOnlyList<string> surrogateKeys, string? contentLocation = null, string contentType = JsonContentType)
        : this(body, Validators.Of(body), lastModified, cacheKind, surrogateKeys, contentLocation, contentType)
    {
    }

    private Representation(
        byte[] body, Validators validators, DateTimeOffset lastModified, CacheKind cacheKind, IReadOnlyList<string> surrogateKeys, string? contentLocation, string contentType)
    {
        ContentType = contentType;
        Body = body;
        ETag = validators.ETag;
        Digest = validators.Digest;
        LastModified = lastModified;
        LastModifiedHeader = lastModified.ToString("r", CultureInfo.InvariantCulture);
        CacheKind = cacheKind;
        SurrogateKeys = surrogateKeys;
        SurrogateKeyHeader = string.Join(' ', surrogateKeys);
        CacheTagHeader = string.Join(',', surrogateKeys);
        ContentLocation = contentLocation;
    }

    public byte[] Body { get; }

    public string ContentType { get; }

    /// <summary>A strong entity tag: equal bytes, equal tag; different bytes, different tag.</summary>
    public string ETag { get; }

    /// <summary>
    /// The RFC 9530 digest of exactly these bytes, <c>sha-256=:base64:</c> (a structured-field dictionary whose one
    /// member is a byte sequence), the value of <c>Content-Digest</c> and <c>Repr-Digest</c>. The same SHA-256 as the
    /// ETag, computed once with it.
    /// </summary>
    public string Digest { get; }

    public DateTimeOffset LastModified { get; }

    public string LastModifiedHeader { get; }

    public CacheKind CacheKind { get; }

    public IReadOnlyList<string> SurrogateKeys { get; }

    /// <summary>Purge keys, space-separated (Fastly-style <c>Surrogate-Key</c>).</summary>
    public string SurrogateKeyHeader { get; }

    /// <summary>Purge keys, comma-separated (Cloudflare/Akamai-style <c>Cache-Tag</c>).</summary>
    public string CacheTagHeader { get; }

    /// <summary>The canonical URL of exactly these bytes (explicit version and audience).</summary>
    public string? ContentLocation { get; }

    /// <summary>The same bytes answering another URL kind: same ETag, other caching and purge keys.</summary>
    public Representation Reuse(CacheKind cacheKind, DateTimeOffset lastModified, IReadOnlyList<string> surrogateKeys) =>
        new(Body, new Validators(ETag, Digest), lastModified, cacheKind, surrogateKeys, ContentLocation, ContentType);

    public static string StrongETag(ReadOnlySpan<byte> body) => Validators.Of(body).ETag;

    /// <summary><c>sha-256=:base64:</c> of these bytes, as <c>Content-Digest</c> carries it (RFC 9530).</summary>
    public static string DigestOf(ReadOnlySpan<byte> body) => Validators.Of(body).Digest;

    /// <summary>Both header values from one SHA-256 of the bytes: the ETag (its first 144 bits) and the digest (all 256).</summary>
    private readonly record struct Validators(string ETag, string Digest)
    {
        public static Validators Of(ReadOnlySpan<byte> body)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(body, hash);
            return new($"\"{Base64Url.EncodeToString(hash[..18])}\"", $"sha-256=:{Convert.ToBase64String(hash)}:");
        }
    }
}
