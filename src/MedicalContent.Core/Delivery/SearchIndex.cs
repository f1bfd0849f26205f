using System.Text;
using MedicalContent.Model;

namespace MedicalContent.Delivery;

/// <summary>
/// Words of a text as search compares them: split at everything that is not a letter or digit, lower-cased, with
/// diacritics folded ("Ménière's" → "meniere", "s"; "Stein-Leventhal" → "stein", "leventhal").
/// </summary>
public static class SearchText
{
    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var word = new StringBuilder();
        foreach (var c in Fold(text))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                tokens.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            tokens.Add(word.ToString());
        }

        return tokens;
    }

    /// <summary>
    /// Latin letters with diacritics folded to their base letters (and combining marks dropped). The app runs with
    /// invariant globalization (no ICU), where Unicode normalisation does not decompose, so the Latin-1 Supplement and
    /// Latin Extended-A letters, which cover the Western European languages of medical names, are folded by table.
    /// </summary>
    private static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < '\u00C0' || c > '\u036F')
            {
                folded.Append(c);
            }
            else if (c <= '\u017F')
            {
                folded.Append(c <= '\u00FF' ? Latin1[c - 0xC0] : ExtendedA[c - 0x100]);
            }
            else if (c < '\u0300')
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }

    private static readonly string[] Latin1 =
    [
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
    ];

    private static readonly string[] ExtendedA = Expand(
        ("a", 6), ("c", 8), ("d", 4), ("e", 10), ("g", 8), ("h", 4), ("i", 10), ("ij", 2), ("j", 2), ("k", 3), ("l", 10), ("n", 9),
        ("o", 6), ("oe", 2), ("r", 6), ("s", 8), ("t", 6), ("u", 12), ("w", 2), ("y", 3), ("z", 6), ("s", 1));

    private static string[] Expand(params (string Letter, int Count)[] runs) =>
        runs.SelectMany(r => Enumerable.Repeat(r.Letter, r.Count)).ToArray();
}

/// <summary>One ranked search result: the article, its latest served version and its score.</summary>
public readonly record struct SearchHit(string Slug, VersionEntry Latest, int Score);

/// <summary>
/// The in-memory search and code lookup of one snapshot, built once when the snapshot loads from the latest served
/// version of each article (its index entry: title, summary, <c>about</c>; no document is read). Per audience, an
/// inverted index of terms (sorted, for prefix lookups) to the articles and the strongest field they occur in.
/// <para>
/// Ranking: every query term must match (AND). A term scores, per article, the weight of the strongest field it
/// matches — title 4, subject name, synonyms and code displays 2, summary 1 — doubled when it matches a whole word and
/// single when it only starts one ("insulin" in "insulin", but "insul" in "insulin"). An article's score is the sum
/// over the query's terms; ties are broken by slug. So "insulin" ranks "insulin resistance" (title) above articles
/// that only mention insulin in their summary.
/// </para>
/// </summary>
public sealed class SearchIndex
{
    public const byte TitleWeight = 4;
    public const byte SubjectWeight = 2;
    public const byte SummaryWeight = 1;

    private readonly (string Slug, VersionEntry Latest)[] _articles;
    private readonly Dictionary<string, AudienceTerms> _byAudience = new(StringComparer.Ordinal);
    private readonly Dictionary<(CodeSystem, string), int[]> _byCode = new();
    private readonly Dictionary<string, int[]> _byName = new(StringComparer.Ordinal);

    public SearchIndex(IReadOnlyList<(string Slug, VersionEntry Latest)> published, IEnumerable<string> audiences)
    {
        _articles = published.ToArray();
        foreach (var audience in audiences)
        {
            _byAudience[audience] = AudienceTerms.Build(_articles, audience);
        }

        var codes = new Dictionary<(CodeSystem, string), List<int>>();
        var names = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _articles.Length; i++)
        {
            if (_articles[i].Latest.About is not { } about)
            {
                continue;
            }

            foreach (var code in about.Codes)
            {
                Add(codes, (code.System, NormalizeCode(code.Code)), i);
            }

            foreach (var name in (about.Synonyms ?? []).Prepend(about.Name))
            {
                Add(names, string.Join(' ', SearchText.Tokens(name)), i);
            }
        }

        foreach (var (key, list) in codes)
        {
            _byCode[key] = list.Distinct().ToArray();
        }

        foreach (var (key, list) in names.Where(n => n.Key.Length > 0))
        {
            _byName[key] = list.Distinct().ToArray();
        }
    }

    /// <summary>How many distinct terms the index holds across audiences (for the benchmark).</summary>
    public int TermCount => _byAudience.Values.Sum(a => a.Terms.Length);

    /// <summary>How many (term, article) postings the index holds across audiences (for the benchmark).</summary>
    public int PostingCount => _byAudience.Values.Sum(a => a.Postings.Sum(p => p.Length));

    /// <summary>Every article matching all of <paramref name="terms"/> in <paramref name="audience"/>'s text, best first, ties by slug.</summary>
    public List<SearchHit> Search(IReadOnlyList<string> terms, string audience)
    {
        var hits = new List<SearchHit>();
        if (terms.Count == 0 || !_byAudience.TryGetValue(audience, out var index))
        {
            return hits;
        }

        Dictionary<int, int>? scores = null;
        foreach (var term in terms.Distinct(StringComparer.Ordinal))
        {
            var matched = index.Match(term);
            if (scores is null)
            {
                scores = matched;
            }
            else
            {
                var both = new Dictionary<int, int>();
                foreach (var (article, score) in scores)
                {
                    if (matched.TryGetValue(article, out var more))
                    {
                        both[article] = score + more;
                    }
                }

                scores = both;
            }

            if (scores.Count == 0)
            {
                break;
            }
        }

        foreach (var (article, score) in scores!)
        {
            hits.Add(new SearchHit(_articles[article].Slug, _articles[article].Latest, score));
        }

        hits.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Slug, b.Slug));
        return hits;
    }

    /// <summary>Articles whose latest version carries <paramref name="code"/> of <paramref name="system"/>, in slug order.</summary>
    public List<(string Slug, VersionEntry Latest)> ByCode(CodeSystem system, string code) =>
        Pick(_byCode.GetValueOrDefault((system, NormalizeCode(code))));

    /// <summary>Articles whose subject name or a synonym is <paramref name="name"/> (compared as words), in slug order.</summary>
    public List<(string Slug, VersionEntry Latest)> ByName(string name) =>
        Pick(_byName.GetValueOrDefault(string.Join(' ', SearchText.Tokens(name))));

    private List<(string Slug, VersionEntry Latest)> Pick(int[]? articles) =>
        articles is null ? [] : articles.Order().Select(i => _articles[i]).ToList();

    /// <summary>Codes compare without surrounding space and case (ICD-10-CM "e88.819" is E88.819).</summary>
    private static string NormalizeCode(string code) => code.Trim().ToUpperInvariant();

    private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int article)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(article);
    }

    /// <summary>One posting: an article and the weight of the strongest field the term occurs in.</summary>
    private readonly record struct Posting(int Article, byte Weight);

    /// <summary>The terms of one audience's text, sorted ordinally, each with its postings.</summary>
    private sealed class AudienceTerms(string[] terms, Posting[][] postings)
    {
        public string[] Terms { get; } = terms;

        public Posting[][] Postings { get; } = postings;

        public static AudienceTerms Build((string Slug, VersionEntry Latest)[] articles, string audience)
        {
            var map = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
            var fields = new Dictionary<string, byte>(StringComparer.Ordinal);
            for (var i = 0; i < articles.Length; i++)
            {
                var latest = articles[i].Latest;
                fields.Clear();
                Collect(fields, latest.Title.For(audience) ?? latest.Title.For(latest.DefaultAudience), TitleWeight);
                if (latest.About is { } about)
                {
                    Collect(fields, about.Name, SubjectWeight);
                    foreach (var synonym in about.Synonyms ?? [])
                    {
                        Collect(fields, synonym, SubjectWeight);
                    }

                    foreach (var code in about.Codes)
                    {
                        Collect(fields, code.Display, SubjectWeight);
                    }
                }

                Collect(fields, latest.Summary?.For(audience) ?? latest.Summary?.For(latest.DefaultAudience), SummaryWeight);
                foreach (var (term, weight) in fields)
                {
                    if (!map.TryGetValue(term, out var list))
                    {
                        map[term] = list = [];
                    }

                    list.Add(new Posting(i, weight));
                }
            }

            var sorted = map.Keys.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            return new AudienceTerms(sorted, sorted.Select(t => map[t].ToArray()).ToArray());
        }

        /// <summary>Per article, the score of <paramref name="term"/>: its best field weight, doubled for a whole word.</summary>
        public Dictionary<int, int> Match(string term)
        {
            var scores = new Dictionary<int, int>();
            var at = Array.BinarySearch(Terms, term, StringComparer.Ordinal);
            for (var i = at >= 0 ? at : ~at; i < Terms.Length && Terms[i].StartsWith(term, StringComparison.Ordinal); i++)
            {
                var factor = Terms[i].Length == term.Length ? 2 : 1;
                foreach (var posting in Postings[i])
                {
                    var score = posting.Weight * factor;
                    if (!scores.TryGetValue(posting.Article, out var best) || score > best)
                    {
                        scores[posting.Article] = score;
                    }
                }
            }

            return scores;
        }

        private static void Collect(Dictionary<string, byte> fields, string? text, byte weight)
        {
            foreach (var token in SearchText.Tokens(text))
            {
                if (!fields.TryGetValue(token, out var existing) || weight > existing)
                {
                    fields[token] = weight;
                }
            }
        }
    }
}
