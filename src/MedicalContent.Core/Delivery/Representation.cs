using System.Security.Cryptography;

namespace MedicalContent.Delivery;

/// <summary>How long a representation may be reused, by the kind of URL it answers.</summary>
public enum CacheKind
{
    /// <summary>Moves when a new version is published: "latest" URLs, the index, version lists, audiences.</summary>
    Mutable,

    /// <summary>Never changes: an explicit version of an article.</summary>
    Immutable,
}

/// <summary>Rendered bytes with their validators, ready to be written as they are.</summary>
public sealed record Representation(
    byte[] Body,
    string ETag,
    DateTimeOffset LastModified,
    CacheKind CacheKind,
    IReadOnlyList<string> SurrogateKeys,
    string? ContentLocation = null)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static Representation Create(byte[] body, DateTimeOffset lastModified, CacheKind cacheKind, IReadOnlyList<string> surrogateKeys, string? contentLocation = null) =>
        new(body, StrongETag(body), lastModified, cacheKind, surrogateKeys, contentLocation);

    /// <summary>A strong validator derived from the bytes alone: equal bytes, equal tag; different bytes, different tag.</summary>
    public static string StrongETag(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return $"\"{Convert.ToBase64String(hash[..18]).Replace('+', '-').Replace('/', '_')}\"";
    }
}
