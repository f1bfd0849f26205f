using MedicalContent.Delivery;
using MedicalContent.Routing;

namespace MedicalContent.Http;

/// <summary>
/// The exact-name rule for query parameters. ASP.NET Core reads query names case-insensitively and after
/// percent-decoding, while CDN edges key their caches on the names exactly as sent: <c>?AUDIENCE=clinician</c> or
/// <c>?%61udience=clinician</c> would be answered as the clinician text and stored under the key of the URL without
/// an audience. So a name the operation reads must be spelled exactly (as the route table spells it, not encoded) and
/// appear once, unless it is one of the filters that take several values (<see cref="QueryParameter.Repeatable"/>);
/// names it does not read are ignored, as edges ignore them.
/// </summary>
public static class QueryNames
{
    /// <summary>Null when the query is acceptable; otherwise the 400 naming the parameter.</summary>
    public static Invalid? Check(string? rawQuery, IReadOnlyList<string> names)
    {
        if (string.IsNullOrEmpty(rawQuery) || names.Count == 0)
        {
            return null;
        }

        Span<bool> seen = stackalloc bool[names.Count];
        var query = rawQuery.AsSpan(rawQuery[0] == '?' ? 1 : 0);
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var raw = equals < 0 ? pair : pair[..equals];
            if (raw.IsEmpty)
            {
                continue;
            }

            // Decoded exactly as ASP.NET Core decodes names ('+' is a space, one round of %XX), compared with its comparer.
            var decoded = raw.ContainsAny('%', '+') ? Uri.UnescapeDataString(raw.ToString().Replace('+', ' ')) : null;
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i];
                if (!(decoded ?? raw).Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!raw.SequenceEqual(name))
                {
                    return new Invalid(
                        name,
                        $"The query parameter '{QueryParser.Truncate(raw.ToString())}' must be spelled exactly '{name}' (this letter case, not percent-encoded): caches key on the exact name.");
                }

                if (seen[i] && !QueryParameter.Repeatable.Contains(name))
                {
                    return new Invalid(name, $"The query parameter '{name}' may appear only once.");
                }

                seen[i] = true;
            }
        }

        return null;
    }
}
