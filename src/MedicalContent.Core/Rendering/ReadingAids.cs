using System.Text;

namespace MedicalContent.Rendering;

/// <summary>Word count, reading time and readability grade of one audience's rendering of a version.</summary>
public sealed record ReadingMeasures(int WordCount, int ReadingTimeMinutes, double ReadabilityGrade);

/// <summary>
/// Reading aids computed from the rendered text alone (after the audience filter, citation markers cut out by their
/// recorded positions), so they are a function of the version's bytes and never change behind a version URL.
/// The rules are simple and deterministic rather than linguistically exact; they are spelled out here so editors and
/// frontends can reproduce a number by hand.
/// <list type="bullet">
/// <item><b>Words</b>: whitespace-separated tokens holding at least one letter or digit ("6.5%" and "well-known" are
/// one word each; a lone "≥" or "—" is none). Counted over the summary, section titles and every block's text: list
/// items, warning titles and texts, quotes, table caption, header and cells.</item>
/// <item><b>Reading time</b>: words / <see cref="WordsPerMinute"/>, rounded up, at least 1 minute.</item>
/// <item><b>Readability</b>: the Flesch–Kincaid grade level 0.39·(words/sentences) + 11.8·(syllables/words) − 15.59,
/// rounded to one decimal (midpoint away from zero), never below 0, over the prose only: summary, paragraphs, list
/// items, warning texts and quotes (not headings, section or warning titles, nor table text, which are not read as
/// sentences). 0 when there is no prose.</item>
/// <item><b>Sentences</b>: a sentence ends at a run of '.', '!' or '?' (optionally followed by closing quotes or
/// brackets) that is followed by whitespace or the end of the text, so "6.5" does not end one; abbreviations such as
/// "e.g." do. Text after the last terminator is a sentence too, so every prose piece with words (each list item,
/// each block) counts as at least one sentence.</item>
/// <item><b>Syllables</b> (<see cref="CountSyllables"/>): per word, its letter runs (split at anything but letters
/// and apostrophes) each count their groups of consecutive vowels (a, e, i, o, u, y; other letters, accented ones
/// included, count as consonants), less a silent final "e" after a consonant ("make": 1) unless it ends a
/// consonant + "le" ("table": 2), at least 1 per run; a word without letters (a number) is one syllable.</item>
/// </list>
/// </summary>
public static class ReadingAids
{
    public const int WordsPerMinute = 200;

    private const string Vowels = "aeiouy";
    private const string SentenceEnds = ".!?";
    private const string Closers = "\"')]”’";

    /// <summary>The reading aids of a rendered article.</summary>
    public static ReadingMeasures Measure(ArticleRepresentation article) => Measure(article.Summary, article.Sections);

    /// <summary>The reading aids of a rendered summary and sections (what <see cref="ArticleRenderer"/> is about to return).</summary>
    public static ReadingMeasures Measure(TextRepresentation? summary, IEnumerable<SectionRepresentation> sections)
    {
        int words = 0, proseWords = 0, sentences = 0, syllables = 0;
        foreach (var piece in RenderedTexts.Of(summary, sections))
        {
            var text = WithoutCitations(piece.Text, piece.Citations);
            var tokens = Words(text);
            words += tokens.Count;
            if (IsProse(piece.Role))
            {
                proseWords += tokens.Count;
                sentences += CountSentences(text);
                syllables += tokens.Sum(CountSyllables);
            }
        }

        return new ReadingMeasures(words, ReadingTimeMinutes(words), Grade(proseWords, sentences, syllables));
    }

    /// <summary>The text with each citation marker replaced by a space, cut where the marks say it is (never by pattern).</summary>
    public static string WithoutCitations(string text, IReadOnlyList<CitationMark>? marks)
    {
        if (marks is null || marks.Count == 0)
        {
            return text;
        }

        var cut = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var mark in marks.OrderBy(m => m.Offset))
        {
            cut.Append(text, copied, mark.Offset - copied).Append(' ');
            copied = mark.Offset + mark.Length;
        }

        return cut.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The words of a text: whitespace-separated tokens holding a letter or a digit.</summary>
    public static IReadOnlyList<string> Words(string text) => text
        .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
        .Where(token => token.Any(char.IsLetterOrDigit))
        .ToList();

    /// <summary>Sentences in a text that has words: terminated ones plus a trailing one without a terminator; 0 without words.</summary>
    public static int CountSentences(string text)
    {
        var sentences = 0;
        var open = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                open = true;
                continue;
            }

            if (!SentenceEnds.Contains(text[i], StringComparison.Ordinal))
            {
                continue;
            }

            var next = i;
            while (next < text.Length && SentenceEnds.Contains(text[next], StringComparison.Ordinal))
            {
                next++;
            }

            while (next < text.Length && Closers.Contains(text[next], StringComparison.Ordinal))
            {
                next++;
            }

            if (open && (next == text.Length || char.IsWhiteSpace(text[next])))
            {
                sentences++;
                open = false;
            }

            i = next - 1;
        }

        return open ? sentences + 1 : sentences;
    }

    /// <summary>Syllables of one word by the heuristic in the class summary: at least 1.</summary>
    public static int CountSyllables(string word)
    {
        var runs = new List<string>();
        var run = new StringBuilder();
        foreach (var c in word)
        {
            if (char.IsLetter(c))
            {
                run.Append(char.ToLowerInvariant(c));
            }
            else if (c is not ('\'' or '’'))
            {
                Flush();
            }
        }

        Flush();
        return runs.Count == 0 ? 1 : runs.Sum(SyllablesOfLetters);

        void Flush()
        {
            if (run.Length > 0)
            {
                runs.Add(run.ToString());
                run.Clear();
            }
        }
    }

    /// <summary>Reading time in whole minutes: words / <see cref="WordsPerMinute"/> rounded up, at least 1.</summary>
    public static int ReadingTimeMinutes(int words) => Math.Max(1, (words + WordsPerMinute - 1) / WordsPerMinute);

    /// <summary>
    /// Flesch–Kincaid grade level, in decimal arithmetic so a grade computed by hand matches to the digit: rounded to
    /// one decimal (midpoint away from zero), at least 0; 0 without words or sentences.
    /// </summary>
    public static double Grade(int words, int sentences, int syllables)
    {
        if (words == 0 || sentences == 0)
        {
            return 0;
        }

        var grade = (0.39m * words / sentences) + (11.8m * syllables / words) - 15.59m;
        return (double)Math.Max(0m, Math.Round(grade, 1, MidpointRounding.AwayFromZero));
    }

    private static bool IsProse(TextRole role) =>
        role is TextRole.Summary or TextRole.Paragraph or TextRole.ListItem or TextRole.WarningText or TextRole.Quote;

    /// <summary>Vowel groups of a lower-case letter run, less a silent final "e" (but not a consonant + "le" ending), at least 1.</summary>
    private static int SyllablesOfLetters(string letters)
    {
        var groups = 0;
        for (var i = 0; i < letters.Length; i++)
        {
            if (IsVowel(letters[i]) && (i == 0 || !IsVowel(letters[i - 1])))
            {
                groups++;
            }
        }

        var silentE = groups > 1
            && letters[^1] == 'e'
            && !IsVowel(letters[^2])
            && !(letters[^2] == 'l' && letters.Length >= 3 && !IsVowel(letters[^3]));
        return Math.Max(1, silentE ? groups - 1 : groups);
    }

    private static bool IsVowel(char c) => Vowels.Contains(c, StringComparison.Ordinal);
}
