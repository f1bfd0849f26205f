using System.Text;
using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>
/// What an index entry records of a version for listing pages, computed once when the entry is written (publish, or
/// loading a content folder) from the version's representation for each of its audiences, so a listing never reads
/// a version: the summary each audience reads, as plain text, and the reading time its article states.
/// </summary>
public static class ListingFields
{
    /// <summary>
    /// The summary per audience as the article renders it, with the citation markers cut out by their recorded
    /// positions (a card has no reference list to link them to), null when the version has no summary; and each
    /// audience's reading time, exactly as its article representation says
    /// (<see cref="ArticleRepresentation.ReadingTimeMinutes"/>). One render per audience.
    /// </summary>
    public static (LocalizedText? Summary, IReadOnlyDictionary<string, int> ReadingTimeMinutes) Of(ArticleDocument document)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        var minutes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var audience in document.Audiences.Distinct(StringComparer.Ordinal))
        {
            var article = ArticleRenderer.Render(document, audience, null);
            minutes[audience] = article.ReadingTimeMinutes;
            if (article.Summary is { } summary)
            {
                summaries[audience] = PlainText(summary);
            }
        }

        return (summaries.Count == 0 ? null : LocalizedText.OfVariants(summaries), minutes);
    }

    /// <summary>
    /// The text without its citation markers, cut where the marks say they are (never by pattern), together with the
    /// spaces before each ("rises [1]." reads "rises.").
    /// </summary>
    public static string PlainText(TextRepresentation text)
    {
        if (text.Citations is not { Count: > 0 } marks)
        {
            return text.Text;
        }

        var cut = new StringBuilder(text.Text.Length);
        var copied = 0;
        foreach (var mark in marks.OrderBy(m => m.Offset))
        {
            cut.Append(text.Text.AsSpan(copied, mark.Offset - copied).TrimEnd());
            copied = mark.Offset + mark.Length;
        }

        return cut.Append(text.Text.AsSpan(copied)).ToString().Trim();
    }
}
