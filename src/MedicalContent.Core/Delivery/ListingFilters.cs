using System.Text;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Routing;
using MedicalContent.Validation;

namespace MedicalContent.Delivery;

/// <summary>
/// The filters of the article index (<c>code</c>, <c>kind</c>, <c>reviewState</c>). A parameter given several times
/// (only <c>code</c> may be) matches any of its values; different parameters must all match. Values are held
/// canonically (sorted, without repeats), so the order a client sends them in changes neither the answer's bytes nor
/// its links: an edge that keys on the query as sent stores the same bytes under each order, one that sorts the query
/// shares them.
/// </summary>
public sealed record IndexFilter(IReadOnlyList<SubjectCode> Codes, SubjectKind? Kind, ReviewState? ReviewState)
{
    /// <summary>At most this many values of one parameter.</summary>
    public const int MaxValues = 20;

    public static readonly IndexFilter None = new([], null, null);

    public static readonly IReadOnlyList<string> Kinds = ["condition", "drug", "test", "procedure"];

    public static readonly IReadOnlyList<string> ReviewStateNames = ["current", "due-soon", "overdue"];

    /// <summary>The code systems by the names documents write them ("ICD-10-CM", "SNOMED CT").</summary>
    public static readonly IReadOnlyList<string> SystemNames = Enum.GetValues<CodeSystem>().Select(ClinicalCodes.Name).ToList();

    public bool IsEmpty => Codes.Count == 0 && Kind is null && ReviewState is null;

    /// <summary>Whether the article whose latest version is <paramref name="latest"/> passes, on <paramref name="today"/>.</summary>
    public bool Matches(VersionEntry latest, DateOnly today, int dueSoonDays) =>
        (Codes.Count == 0 || (latest.About is { } about && about.Codes.Any(c => Codes.Any(f => f.System == c.System && f.Code == c.Code))))
        && (Kind is not { } kind || latest.About?.Kind == kind)
        && (ReviewState is not { } state || ReviewStates.On(today, latest.NextReviewDue, dueSoonDays) == state);

    /// <summary>The filter as query parameters (<c>&amp;name=value</c> each, canonical order, values escaped); empty when there is none.</summary>
    public string Query()
    {
        var query = new StringBuilder();
        foreach (var code in Codes)
        {
            query.Append('&').Append(QueryParameter.Code).Append('=').Append(Uri.EscapeDataString($"{ClinicalCodes.Name(code.System)}|{code.Code}"));
        }

        if (Kind is { } kind)
        {
            query.Append('&').Append(QueryParameter.Kind).Append('=').Append(Kinds[(int)kind]);
        }

        if (ReviewState is { } state)
        {
            query.Append('&').Append(QueryParameter.ReviewState).Append('=').Append(ReviewStateNames[(int)state]);
        }

        return query.ToString();
    }

    /// <summary>Reads the filter values of a request: null when they are good, else the 400 naming the parameter and what is allowed.</summary>
    public static Invalid? Parse(IReadOnlyList<string>? codes, string? kind, string? reviewState, out IndexFilter filter)
    {
        filter = None;
        if (codes is null && kind is null && reviewState is null)
        {
            return null; // no filter: nothing to parse or allocate
        }

        var parsed = new List<SubjectCode>();
        if (codes is { Count: > MaxValues })
        {
            return new(QueryParameter.Code, $"code may be given at most {MaxValues} times; it was given {codes.Count} times.");
        }

        foreach (var value in codes ?? [])
        {
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            var systemName = bar < 0 ? null : value[..bar];
            var system = systemName is null ? -1 : IndexOf(SystemNames, systemName);
            if (system < 0)
            {
                return new(
                    QueryParameter.Code,
                    $"code must be 'system|code', the system as the content model names it (e.g. 'ICD-10-CM|E11.9'); it was '{QueryParser.Truncate(value)}'.",
                    SystemNames);
            }

            var code = value[(bar + 1)..];
            if (ClinicalCodes.Problem((CodeSystem)system, code) is { } problem)
            {
                return new(QueryParameter.Code, $"code '{QueryParser.Truncate(value)}': {QueryParser.Truncate(problem)}.", SystemNames);
            }

            parsed.Add(new SubjectCode { System = (CodeSystem)system, Code = code, Display = "" });
        }

        SubjectKind? subjectKind = null;
        if (kind is not null)
        {
            var k = IndexOf(Kinds, kind);
            if (k < 0)
            {
                return new(QueryParameter.Kind, $"'{QueryParser.Truncate(kind)}' is not a kind of subject.", Kinds);
            }

            subjectKind = (SubjectKind)k;
        }

        ReviewState? state = null;
        if (reviewState is not null)
        {
            var r = IndexOf(ReviewStateNames, reviewState);
            if (r < 0)
            {
                return new(QueryParameter.ReviewState, $"'{QueryParser.Truncate(reviewState)}' is not a review state.", ReviewStateNames);
            }

            state = (ReviewState)r;
        }

        filter = new IndexFilter(
            parsed
                .DistinctBy(c => (c.System, c.Code))
                .OrderBy(c => c.System)
                .ThenBy(c => c.Code, StringComparer.Ordinal)
                .ToList(),
            subjectKind,
            state);
        return null;
    }

    private static int IndexOf(IReadOnlyList<string> names, string value)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// The filters of the change feed (<c>slug</c>, <c>type</c>, each given any number of times up to
/// <see cref="IndexFilter.MaxValues"/>): an event passes when its slug is one of the slugs and its type one of the
/// types (a parameter left out lets every value through). Canonical like <see cref="IndexFilter"/>.
/// </summary>
public sealed record ChangeFilter(IReadOnlyList<string> Slugs, IReadOnlyList<string> Types)
{
    public static readonly ChangeFilter None = new([], []);

    public static readonly IReadOnlyList<string> EventTypes = [ChangeFeed.VersionPublished, ChangeFeed.LatestChanged, ChangeFeed.VersionRetracted];

    public bool IsEmpty => Slugs.Count == 0 && Types.Count == 0;

    public bool Matches(ChangeEvent change) =>
        (Slugs.Count == 0 || Slugs.Contains(change.Slug, StringComparer.Ordinal))
        && (Types.Count == 0 || Types.Contains(change.Type, StringComparer.Ordinal));

    /// <summary>The filter as query parameters (<c>&amp;name=value</c> each, canonical order); empty when there is none.</summary>
    public string Query()
    {
        var query = new StringBuilder();
        foreach (var slug in Slugs)
        {
            query.Append('&').Append(QueryParameter.Slug).Append('=').Append(slug);
        }

        foreach (var type in Types)
        {
            query.Append('&').Append(QueryParameter.Type).Append('=').Append(type);
        }

        return query.ToString();
    }

    public static Invalid? Parse(IReadOnlyList<string>? slugs, IReadOnlyList<string>? types, out ChangeFilter filter)
    {
        filter = None;
        if (slugs is { Count: > IndexFilter.MaxValues })
        {
            return new(QueryParameter.Slug, $"slug may be given at most {IndexFilter.MaxValues} times; it was given {slugs.Count} times.");
        }

        if (types is { Count: > IndexFilter.MaxValues })
        {
            return new(QueryParameter.Type, $"type may be given at most {IndexFilter.MaxValues} times; it was given {types.Count} times.");
        }

        foreach (var slug in slugs ?? [])
        {
            if (!Slug.IsValid(slug))
            {
                return new(QueryParameter.Slug, $"'{QueryParser.Truncate(slug)}' is not a valid article slug: slugs are lowercase letters, digits and single hyphens.");
            }
        }

        foreach (var type in types ?? [])
        {
            if (!EventTypes.Contains(type, StringComparer.Ordinal))
            {
                return new(QueryParameter.Type, $"'{QueryParser.Truncate(type)}' is not a type of change.", EventTypes);
            }
        }

        filter = new ChangeFilter(
            (slugs ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            (types ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        return null;
    }
}
