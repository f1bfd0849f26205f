using System.Text;
using MedicalContent.Validation;

namespace MedicalContent.Delivery;

/// <summary>Opaque, URL-safe paging cursors: clients pass back what they were given and never build one.</summary>
public static class PageCursor
{
    private const string Prefix = "after:";

    public static string Encode(string lastSlug) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + lastSlug)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The slug a cursor resumes after, or null when the cursor is malformed.</summary>
    public static string? Decode(string cursor)
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

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return text.StartsWith(Prefix, StringComparison.Ordinal) && ArticleValidator.SlugPattern().IsMatch(text[Prefix.Length..])
            ? text[Prefix.Length..]
            : null;
    }
}
