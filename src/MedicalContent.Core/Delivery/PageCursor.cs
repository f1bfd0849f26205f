using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MedicalContent.Model;

namespace MedicalContent.Delivery;

/// <summary>Opaque, URL-safe paging cursors (base64url without padding): clients pass back what they were given and never build one.</summary>
public static class PageCursor
{
    private const string Prefix = "after:";
    private const string FeedPrefix = "feed:";
    /// <summary>The longest cursor the API accepts or writes.</summary>
    public const int MaxLength = 200;

    /// <summary>What every cursor looks like (base64url, no padding), as the OpenAPI document states it; anything else is a 400.</summary>
    public static readonly string Pattern = $"^[A-Za-z0-9_-]{{1,{MaxLength}}}$";
    private static readonly UTF8Encoding Strict = new(false, true);

    public static string Encode(string lastSlug) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastSlug));

    /// <summary>A change feed cursor: how many events the client has seen.</summary>
    public static string EncodeFeed(int position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(FeedPrefix + position.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The feed position a cursor resumes at, or null when the cursor is malformed.</summary>
    public static int? DecodeFeed(string cursor) =>
        DecodeText(cursor) is { } text && text.StartsWith(FeedPrefix, StringComparison.Ordinal)
        && int.TryParse(text.AsSpan(FeedPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : null;

    /// <summary>The slug a cursor resumes after, or null when the cursor is malformed.</summary>
    public static string? Decode(string cursor) =>
        DecodeText(cursor) is { } text && text.StartsWith(Prefix, StringComparison.Ordinal) && Slug.IsValid(text[Prefix.Length..])
            ? text[Prefix.Length..]
            : null;

    private static string? DecodeText(string cursor)
    {
        if (cursor.Length is 0 or > MaxLength)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        if (Base64Url.DecodeFromChars(cursor, buffer, out _, out var written) != OperationStatus.Done)
        {
            return null;
        }

        try
        {
            return Strict.GetString(buffer[..written]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
