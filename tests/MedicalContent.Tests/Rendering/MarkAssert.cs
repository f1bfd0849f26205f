using MedicalContent.Rendering;

namespace MedicalContent.Tests.Rendering;

/// <summary>The citation-mark contract: each mark is exactly "[n, m]" at its offset, so frontends can link it by position.</summary>
internal static class MarkAssert
{
    public static void MatchesText(string text, IReadOnlyList<CitationMark>? marks)
    {
        foreach (var mark in marks ?? [])
        {
            Assert.Equal("[" + string.Join(", ", mark.Numbers) + "]", text.Substring(mark.Offset, mark.Length));
        }
    }

    /// <summary>Every mark of every body text, and every number a reference of the article.</summary>
    public static void MatchEveryText(ArticleRepresentation article)
    {
        foreach (var text in RenderedTexts.Of(article))
        {
            MatchesText(text.Text, text.Citations);
            Assert.All(text.Citations ?? [], m => Assert.All(m.Numbers, n => Assert.InRange(n, 1, article.References.Count)));
        }
    }
}
