using System.Buffers.Text;
using System.Globalization;
using System.Text;
using MedicalContent.Model;
using MedicalContent.Routing;

namespace MedicalContent.Delivery;

/// <summary>A checked search request: the query's words, the audience, the page size and where the page starts.</summary>
internal readonly record struct SearchPage(IReadOnlyList<string> Terms, string Audience, int Size, SearchCursor? After)
{
    /// <summary>The query as searched (and cached): the words joined by single spaces.</summary>
    public string Query => string.Join(' ', Terms);
}

/// <summary>
/// Where a page of search results resumes: after the result with this score and slug. Results are ordered by score
/// (descending) then slug, so a cursor stays meaningful when the content changes between pages: the next page starts
/// after the last result seen, wherever it now ranks, never repeating or skipping what did not move.
/// </summary>
internal readonly record struct SearchCursor(int Score, string Slug)
{
    private const string Prefix = "hit:";

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Prefix}{Score.ToString(CultureInfo.InvariantCulture)}:{Slug}"));

    public static SearchCursor? Decode(string cursor)
    {
        if (cursor.Length is 0 or > PageCursor.MaxLength)
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return null;
        }

        var colon = text.IndexOf(':', Prefix.Length);
        return text.StartsWith(Prefix, StringComparison.Ordinal) && colon > Prefix.Length
            && int.TryParse(text.AsSpan(Prefix.Length, colon - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var score)
            && Model.Slug.IsValid(text[(colon + 1)..])
                ? new SearchCursor(score, text[(colon + 1)..])
                : null;
    }

    /// <summary>Whether <paramref name="hit"/> ranks after this cursor.</summary>
    public bool Precedes(SearchHit hit) => hit.Score < Score || (hit.Score == Score && string.CompareOrdinal(hit.Slug, Slug) > 0);
}

/// <summary>A checked Infobutton request: the code, its system, the display name and the recipient's audience.</summary>
internal readonly record struct InfobuttonRequest(CodeSystem System, string Oid, string Code, string? DisplayName, string Recipient, string Audience);

/// <summary>The checks of the search and Infobutton parameters: null when good, else the 400 naming the parameter.</summary>
internal static class SearchQuery
{
    public const int MaxQueryLength = 200;

    /// <summary>The code systems the Infobutton lookup accepts, by their HL7 OIDs.</summary>
    public static readonly IReadOnlyDictionary<string, CodeSystem> CodeSystemsByOid = new Dictionary<string, CodeSystem>(StringComparer.Ordinal)
    {
        ["2.16.840.1.113883.6.90"] = CodeSystem.Icd10Cm,
        ["2.16.840.1.113883.6.96"] = CodeSystem.SnomedCt,
        ["2.16.840.1.113883.6.88"] = CodeSystem.RxNorm,
        ["2.16.840.1.113883.6.1"] = CodeSystem.Loinc,
        ["2.16.840.1.113883.6.177"] = CodeSystem.Mesh,
    };

    /// <summary>informationRecipient values and the audiences they mean.</summary>
    public static readonly IReadOnlyDictionary<string, string> AudiencesByRecipient = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PAT"] = "patient",
        ["PROV"] = "clinician",
    };

    public const string JsonResponseType = "application/json";

    public static Invalid? ParseSearch(string? q, string? audience, string? limit, string? cursor, AudienceVocabulary vocabulary, out SearchPage page)
    {
        page = default;
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength)
        {
            return new Invalid(
                QueryParameter.Q,
                q is null ? "q is required: the words to search for (1 to 200 characters)." : $"q must be 1 to {MaxQueryLength} characters with a letter or digit; it was {q.Length} characters.");
        }

        var terms = SearchText.Tokens(q);
        if (terms.Count == 0)
        {
            return new Invalid(QueryParameter.Q, $"q has no letter or digit to search for; it was '{QueryParser.Truncate(q)}'.");
        }

        audience ??= vocabulary.Default;
        if (!vocabulary.Contains(audience))
        {
            return new Invalid(QueryParameter.Audience, $"'{QueryParser.Truncate(audience)}' is not an audience.", vocabulary.Audiences.Select(a => a.Id).ToList());
        }

        var size = QueryParser.DefaultPageSize;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size >= 1 && size <= QueryParser.MaxPageSize))
        {
            return new Invalid(QueryParameter.Limit, $"limit must be a whole number from 1 to {QueryParser.MaxPageSize}; it was '{QueryParser.Truncate(limit)}'.");
        }

        SearchCursor? after = null;
        if (cursor is not null && (after = SearchCursor.Decode(cursor)) is null)
        {
            return new Invalid(QueryParameter.Cursor, "cursor is not one this search issued; use the nextCursor of a previous page, or omit it to start from the best result.");
        }

        page = new SearchPage(terms, audience, size, after);
        return null;
    }

    public static Invalid? ParseInfobutton(
        string? code, string? system, string? displayName, string? recipient, string? responseType, AudienceVocabulary vocabulary, out InfobuttonRequest request)
    {
        request = default;
        if (responseType is not null && responseType != JsonResponseType)
        {
            return new Invalid(
                QueryParameter.KnowledgeResponseType,
                $"knowledgeResponseType '{QueryParser.Truncate(responseType)}' is not supported; this service answers {JsonResponseType} only.",
                [JsonResponseType]);
        }

        if (string.IsNullOrWhiteSpace(system))
        {
            return new Invalid(
                QueryParameter.MainSearchCriteriaCodeSystem,
                "mainSearchCriteria.v.cs is required: the OID of the code's system.",
                CodeSystemsByOid.Keys.ToList());
        }

        if (!CodeSystemsByOid.TryGetValue(system.Trim(), out var codeSystem))
        {
            return new Invalid(
                QueryParameter.MainSearchCriteriaCodeSystem,
                $"'{QueryParser.Truncate(system)}' is not a supported code system OID; supported are " +
                string.Join(", ", CodeSystemsByOid.Values.Select(Validation.ClinicalCodes.Name)) + " (their OIDs below, in the same order).",
                CodeSystemsByOid.Keys.ToList());
        }

        if (string.IsNullOrWhiteSpace(code) || code.Length > 64)
        {
            return new Invalid(QueryParameter.MainSearchCriteriaCode, "mainSearchCriteria.v.c is required: the code to look up (at most 64 characters).");
        }

        if (displayName is { Length: > MaxQueryLength })
        {
            return new Invalid(QueryParameter.MainSearchCriteriaDisplayName, $"mainSearchCriteria.v.dn must be at most {MaxQueryLength} characters.");
        }

        string audience;
        if (recipient is null)
        {
            audience = vocabulary.Default;
            recipient = AudiencesByRecipient.FirstOrDefault(r => r.Value == audience).Key ?? "";
        }
        else if (!AudiencesByRecipient.TryGetValue(recipient, out audience!))
        {
            return new Invalid(
                QueryParameter.InformationRecipient,
                $"informationRecipient '{QueryParser.Truncate(recipient)}' is not supported: PAT (patient) or PROV (clinician).",
                AudiencesByRecipient.Keys.ToList());
        }

        if (!vocabulary.Contains(audience))
        {
            return new Invalid(QueryParameter.InformationRecipient, $"informationRecipient '{recipient}' means audience '{audience}', which this content does not offer.", vocabulary.Audiences.Select(a => a.Id).ToList());
        }

        request = new InfobuttonRequest(codeSystem, system.Trim(), code.Trim(), string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(), recipient, audience);
        return null;
    }
}
