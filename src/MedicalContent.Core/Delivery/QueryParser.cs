using System.Globalization;
using MedicalContent.Model;
using MedicalContent.Routing;

namespace MedicalContent.Delivery;

/// <summary>
/// Reads the values of a request (slug, version, limit, cursors, audience): each check answers null when the value is
/// good, or the <see cref="Invalid"/> outcome saying what was wrong and what is allowed.
/// </summary>
public static class QueryParser
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
    public const int DefaultFeedPageSize = 100;
    public const int MaxFeedPageSize = 500;

    /// <summary>A client's value as echoed in a message: at most 64 characters.</summary>
    public static string Truncate(string value) => value.Length <= 64 ? value : value[..61] + "...";

    /// <summary>A page of the article index: the audience (the vocabulary's default when absent), its size, and the slug it starts after.</summary>
    internal readonly record struct IndexPage(string Audience, int Size, string? After);

    internal static Invalid? ParseIndexPage(string? audience, string? limit, string? cursor, Snapshot snapshot, out IndexPage page)
    {
        audience ??= snapshot.Index.Audiences.Default;
        var size = DefaultPageSize;
        string? after = null;
        var invalid = CheckAudience(audience, snapshot.Index.Audiences)
            ?? ParsePageSize(limit, DefaultPageSize, MaxPageSize, out size)
            ?? ParseIndexCursor(cursor, snapshot, out after);
        page = new IndexPage(audience, size, after);
        return invalid;
    }

    /// <summary>Where a page of the change feed starts (after <paramref name="since"/>) and how many events it holds.</summary>
    internal static Invalid? ParseFeedPage(string? since, string? limit, out int position, out int pageSize)
    {
        position = 0;
        return ParsePageSize(limit, DefaultFeedPageSize, MaxFeedPageSize, out pageSize) ?? ParseFeedCursor(since, out position);
    }

    internal static Invalid? ParseVersion(string slug, string version, out int number)
    {
        number = 0;
        return CheckSlug(slug) ?? ParseVersion(version, out number);
    }

    internal static Invalid? CheckSlug(string slug) => Slug.IsValid(slug)
        ? null
        : new("slug", $"'{Truncate(slug)}' is not a valid article slug: slugs are lowercase letters, digits and single hyphens.");

    private static Invalid? ParseVersion(string version, out int number) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= 1
            ? null
            : new("version", $"version must be a positive whole number; it was '{Truncate(version)}'.");

    private static Invalid? ParsePageSize(string? limit, int defaultSize, int maxSize, out int pageSize)
    {
        pageSize = defaultSize;
        return limit is null || (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) && pageSize >= 1 && pageSize <= maxSize)
            ? null
            : new(QueryParameter.Limit, $"limit must be a whole number from 1 to {maxSize}; it was '{Truncate(limit)}'.");
    }

    /// <summary>The slug an index cursor resumes after; it must name an article of <paramref name="snapshot"/>.</summary>
    private static Invalid? ParseIndexCursor(string? cursor, Snapshot snapshot, out string? after)
    {
        after = null;
        return cursor is null || ((after = PageCursor.Decode(cursor)) is not null && snapshot.Latest(after) is not null)
            ? null
            : new(QueryParameter.Cursor, "cursor is not one this API issued; use the nextCursor of a previous page, or omit it to start from the beginning.");
    }

    private static Invalid? ParseFeedCursor(string? since, out int position)
    {
        position = 0;
        if (since is null)
        {
            return null;
        }

        if (PageCursor.DecodeFeed(since) is not { } decoded)
        {
            return new(QueryParameter.Since, "since is not a cursor this feed issued; use the cursor of a previous page, or omit it to read from the beginning.");
        }

        position = decoded;
        return null;
    }

    internal static Invalid? CheckFeedPosition(int position, int events) => position <= events
        ? null
        : new(QueryParameter.Since, $"since points past the end of the feed ({events} events); read it again from the beginning.");

    private static Invalid? CheckAudience(string audience, AudienceVocabulary vocabulary) => vocabulary.Contains(audience)
        ? null
        : new(QueryParameter.Audience, $"'{Truncate(audience)}' is not an audience.", vocabulary.Audiences.Select(a => a.Id).ToList());

    /// <summary>An article version is written for some audiences only; the others are named in the answer.</summary>
    internal static Invalid? CheckArticleAudience(string slug, VersionEntry entry, string audience, AudienceVocabulary vocabulary) =>
        entry.Audiences.Contains(audience)
            ? null
            : new(
                QueryParameter.Audience,
                vocabulary.Contains(audience) ? $"'{slug}' is not written for audience '{audience}'." : $"'{Truncate(audience)}' is not an audience.",
                entry.Audiences);
}
