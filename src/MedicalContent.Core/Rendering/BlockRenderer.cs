using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>
/// One block as an audience reads it, or null when it has nothing for the audience. Whether a block is kept is
/// decided before any of its text is rendered, so a dropped block never takes a citation number. Within a block,
/// text is rendered in reading order: a warning's title before its text, a quote's text before its source, a
/// table's caption, then its header, then its rows.
/// </summary>
internal static class BlockRenderer
{
    public static BlockRepresentation? Render(Block block, string audience, CitationNumbering citations) => block.Type switch
    {
        BlockType.List => List(block, audience, citations),
        BlockType.Quote => Quote(block, audience, citations),
        BlockType.Warning => Warning(block, audience, citations),
        BlockType.Table => Table(block, audience, citations),
        _ => Text(block, audience, citations),
    };

    private static BlockRepresentation? Text(Block block, string audience, CitationNumbering citations)
    {
        if (block.Text?.For(audience) is not { } text)
        {
            return null;
        }

        var rendered = citations.Render(text);
        return new BlockRepresentation { Id = block.Id, Type = block.Type, Text = rendered.Text, Citations = rendered.Citations };
    }

    private static BlockRepresentation? List(Block block, string audience, CitationNumbering citations)
    {
        var items = (block.Items ?? [])
            .Select(item => item.For(audience))
            .OfType<string>()
            .Select(citations.Render)
            .ToList();
        return items.Count == 0 ? null : new BlockRepresentation { Id = block.Id, Type = block.Type, Items = items };
    }

    /// <summary>The verbatim text, then its source: the source counts as cited even when the text has no marker.</summary>
    private static BlockRepresentation? Quote(Block block, string audience, CitationNumbering citations) =>
        Text(block, audience, citations) is { } quote
            ? quote with { Reference = block.Reference is { } id ? citations.Number(id) : null }
            : null;

    private static BlockRepresentation? Warning(Block block, string audience, CitationNumbering citations)
    {
        if (block.Text?.For(audience) is not { } text)
        {
            return null;
        }

        var title = block.Title?.For(audience) is { } titleText ? citations.Render(titleText) : null;
        var rendered = citations.Render(text);
        return new BlockRepresentation
        {
            Id = block.Id,
            Type = block.Type,
            Severity = block.Severity,
            Title = title,
            Text = rendered.Text,
            Citations = rendered.Citations,
        };
    }

    /// <summary>
    /// A table is kept when its caption exists for the audience. A cell without text for the audience renders empty,
    /// so rows stay as long as the header (the validator requires every cell's text for every audience that sees it).
    /// </summary>
    private static BlockRepresentation? Table(Block block, string audience, CitationNumbering citations)
    {
        if (block.Caption?.For(audience) is not { } caption)
        {
            return null;
        }

        var renderedCaption = citations.Render(caption);
        var header = Cells(block.Header ?? [], audience, citations);
        var rows = (block.Rows ?? []).Select(row => Cells(row, audience, citations)).ToList();
        return new BlockRepresentation { Id = block.Id, Type = block.Type, Caption = renderedCaption, Header = header, Rows = rows };
    }

    private static List<TextRepresentation> Cells(IReadOnlyList<LocalizedText> cells, string audience, CitationNumbering citations) => cells
        .Select(cell => cell.For(audience) is { } text ? citations.Render(text) : Empty)
        .ToList();

    private static readonly TextRepresentation Empty = new(string.Empty, null);
}
