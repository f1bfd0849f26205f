using MedicalContent.Model;

namespace MedicalContent.Http;

/// <summary>Conditional GET/HEAD evaluation (RFC 9110 section 13.2.2).</summary>
internal static class Conditional
{
    /// <summary>True when the client's copy is current and a 304 answers.</summary>
    public static bool IsNotModified(HttpRequest request, string etag, DateTimeOffset lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            // A malformed If-None-Match is ignored, as if absent; If-Modified-Since still does not apply (RFC 9110 13.1.3).
            return IfNoneMatchMatches(ifNoneMatch, etag) == true;
        }

        var ifModifiedSince = request.Headers.IfModifiedSince;
        return ifModifiedSince.Count == 1
            && ifModifiedSince[0] is { Length: <= 64 } value
            && DateTimeOffset.TryParseExact(value, "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since)
            && lastModified.ToWholeSeconds() <= since;
    }

    /// <summary>Weak comparison of every listed entity tag, or "*"; null when the header is malformed.</summary>
    internal static bool? IfNoneMatchMatches(Microsoft.Extensions.Primitives.StringValues values, string etag)
    {
        var opaque = etag.AsSpan(); // our tags are always strong: "..."
        var matched = false;
        foreach (var value in values)
        {
            var rest = (value ?? string.Empty).AsSpan();
            while (true)
            {
                rest = rest.TrimStart(" \t,");
                if (rest.IsEmpty)
                {
                    break;
                }

                if (rest[0] == '*')
                {
                    matched = true;
                    rest = rest[1..];
                    continue;
                }

                if (rest.StartsWith("W/", StringComparison.Ordinal))
                {
                    rest = rest[2..];
                }

                if (rest.IsEmpty || rest[0] != '"')
                {
                    return null;
                }

                var end = rest[1..].IndexOf('"');
                if (end < 0)
                {
                    return null;
                }

                var tag = rest[..(end + 2)];
                matched |= tag.SequenceEqual(opaque);
                rest = rest[(end + 2)..];
                if (!rest.IsEmpty && rest[0] is not (',' or ' ' or '\t'))
                {
                    return null;
                }
            }
        }

        return matched;
    }
}
