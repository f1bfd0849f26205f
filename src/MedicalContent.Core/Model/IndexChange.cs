namespace MedicalContent.Model;

/// <summary>
/// One committed change of the index as a delta: the complete entries of the articles it touched (added or changed)
/// and the audience vocabulary when that changed. Applied to the index it was computed from (the one whose ETag is
/// <see cref="Base"/>), it gives exactly the index written with it; an API instance that holds that index reads the
/// delta instead of the whole index (see docs/decisions/0013-index-change-log.md).
/// </summary>
public sealed record IndexChange
{
    /// <summary>The ETag of the index this change applies to.</summary>
    public required string Base { get; init; }

    /// <summary>The new vocabulary, or null when it did not change.</summary>
    public AudienceVocabulary? Audiences { get; init; }

    /// <summary>The complete entries of the articles this change adds or changes, in ordinal slug order.</summary>
    public required IReadOnlyList<ArticleEntry> Articles { get; init; }

    /// <summary>
    /// The delta from <paramref name="current"/> to <paramref name="next"/>, or null when it cannot be expressed as one
    /// (an article was removed, or the articles are not in ordinal slug order). Entries the change kept are the same
    /// objects (publishing and retraction rebuild only what they touch), so unchanged articles are found by reference.
    /// </summary>
    public static IndexChange? Between(ContentIndex current, ContentIndex next, string baseETag, bool audiencesChanged)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        if (!Ordered(current.Articles) || !Ordered(next.Articles))
        {
            return null;
        }

        var before = new Dictionary<string, ArticleEntry>(current.Articles.Count, StringComparer.Ordinal);
        foreach (var article in current.Articles)
        {
            before[article.Slug] = article;
        }

        var touched = new List<ArticleEntry>();
        var kept = 0;
        foreach (var article in next.Articles)
        {
            if (before.TryGetValue(article.Slug, out var old))
            {
                kept++;
                if (SameVersions(old, article))
                {
                    continue;
                }
            }

            touched.Add(article);
        }

        return kept != current.Articles.Count
            ? null
            : new IndexChange { Base = baseETag, Audiences = audiencesChanged ? next.Audiences : null, Articles = touched };
    }

    /// <summary>The index this change leads to from <paramref name="index"/> (the one it was computed from).</summary>
    public ContentIndex ApplyTo(ContentIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var articles = new List<ArticleEntry>(index.Articles.Count + Articles.Count);
        articles.AddRange(index.Articles);
        foreach (var article in Articles)
        {
            var at = Find(articles, article.Slug);
            if (at >= 0)
            {
                articles[at] = article;
            }
            else
            {
                articles.Insert(~at, article);
            }
        }

        return index with { Audiences = Audiences ?? index.Audiences, Articles = articles };
    }

    /// <summary>The slugs this change touches.</summary>
    public IEnumerable<string> Slugs => Articles.Select(a => a.Slug);

    private static bool SameVersions(ArticleEntry a, ArticleEntry b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Versions.Count != b.Versions.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Versions.Count; i++)
        {
            if (!ReferenceEquals(a.Versions[i], b.Versions[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Ordered(IReadOnlyList<ArticleEntry> articles)
    {
        for (var i = 1; i < articles.Count; i++)
        {
            if (string.CompareOrdinal(articles[i - 1].Slug, articles[i].Slug) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int Find(List<ArticleEntry> articles, string slug)
    {
        int low = 0, high = articles.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var order = string.CompareOrdinal(articles[mid].Slug, slug);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }
}
