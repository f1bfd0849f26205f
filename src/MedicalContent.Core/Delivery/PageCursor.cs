using System.Text;
using MedicalContent.Validation;

namespace MedicalContent.Delivery;

/// <summary>Opaque, URL-safe paging cursors: clients pass back what they were given and never build one.</summary>
public static class PageCursor
{
    private const string Prefix = "after:";
    private const string FeedPrefix = "feed:";

    public static string Encode(string lastSlug) => ToBase64Url(Prefix + lastSlug);

    /// <summary>A change feed cursor: how many events the client has seen.</summary>
    public static string EncodeFeed(int position) => ToBase64Url(FeedPrefix + position.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The feed position a cursor resumes at, or null when the cursor is malformed.</summary>
    public static int? DecodeFeed(string cursor) =>
        DecodeText(cursor) is { } text && text.StartsWith(FeedPrefix, StringComparison.Ordinal)
        && int.TryParse(text.AsSpan(FeedPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
            ? position
            : null;

    private static string ToBase64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The slug a cursor resumes after, or null when the cursor is malformed.</summary>
    public static string? Decode(string cursor) =>
        DecodeText(cursor) is { } text && text.StartsWith(Prefix, StringComparison.Ordinal) && ArticleValidator.SlugPattern().IsMatch(text[Prefix.Length..])
            ? text[Prefix.Length..]
            : null;

    private static string? DecodeText(string cursor)
    {
        if (cursor.Length is 0 or > 200)
        {
            return null;
        }

        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
