using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>What a piece of rendered text is in its article: decides whether reading aids treat it as prose.</summary>
public enum TextRole
{
    Summary,
    SectionTitle,
    Heading,
    Paragraph,
    ListItem,
    Quote,
    WarningTitle,
    WarningText,
    TableCaption,
    TableHeader,
    TableCell,
}

/// <summary>One piece of rendered text, where its citation markers are (null when it has none) and what it is.</summary>
public sealed record RenderedText(string Text, IReadOnlyList<CitationMark>? Citations, TextRole Role);

/// <summary>
/// Every piece of text an article's body shows, in reading order: the summary, then each section's title and its
/// blocks (a warning's title before its text; a table's caption, header, then rows). The article title, the
/// disclaimer and the reference list are not body text. One walk over the representation, so reading aids and
/// checks over citation markers see the same texts.
/// </summary>
public static class RenderedTexts
{
    public static IEnumerable<RenderedText> Of(ArticleRepresentation article) => Of(article.Summary, article.Sections);

    public static IEnumerable<RenderedText> Of(TextRepresentation? summary, IEnumerable<SectionRepresentation> sections)
    {
        if (summary is not null)
        {
            yield return new RenderedText(summary.Text, summary.Citations, TextRole.Summary);
        }

        foreach (var section in sections)
        {
            if (section.Title is { } title)
            {
                yield return new RenderedText(title, null, TextRole.SectionTitle);
            }

            foreach (var text in section.Blocks.SelectMany(Of))
            {
                yield return text;
            }
        }
    }

    private static IEnumerable<RenderedText> Of(BlockRepresentation block)
    {
        IEnumerable<RenderedText> Texts(IEnumerable<TextRepresentation>? texts, TextRole role) =>
            (texts ?? []).Select(t => new RenderedText(t.Text, t.Citations, role));

        var own = block.Text is { } text ? [new RenderedText(text, block.Citations, Role(block.Type))] : Array.Empty<RenderedText>();
        return Texts(block.Title is { } title ? [title] : null, TextRole.WarningTitle)
            .Concat(own)
            .Concat(Texts(block.Items, TextRole.ListItem))
            .Concat(Texts(block.Caption is { } caption ? [caption] : null, TextRole.TableCaption))
            .Concat(Texts(block.Header, TextRole.TableHeader))
            .Concat(Texts(block.Rows?.SelectMany(row => row), TextRole.TableCell));
    }

    private static TextRole Role(BlockType type) => type switch
    {
        BlockType.Heading => TextRole.Heading,
        BlockType.Quote => TextRole.Quote,
        BlockType.Warning => TextRole.WarningText,
        _ => TextRole.Paragraph,
    };
}
