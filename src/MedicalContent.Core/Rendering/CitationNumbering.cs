using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>
/// Numbers references in order of first citation while an article is rendered in reading order; only cited
/// references reach the list, so numbers never skip. Text that is not rendered (another audience's) never asks for a
/// number, which is why callers render a block only once they know it is kept.
/// </summary>
internal sealed class CitationNumbering(IReadOnlyList<Reference> references)
{
    private readonly Dictionary<string, Reference> _byId = references.ToDictionary(r => r.Id, StringComparer.Ordinal);
    private readonly List<Reference> _cited = [];

    /// <summary>The text with its markers numbered, and where each marker is.</summary>
    public TextRepresentation Render(string text)
    {
        var (rendered, marks) = Citations.Render(text, Number);
        return new TextRepresentation(rendered, marks.Count == 0 ? null : marks);
    }

    /// <summary>The number of a reference, which counts as cited from now on; null for an unknown id.</summary>
    public int? Number(string referenceId)
    {
        if (!_byId.TryGetValue(referenceId, out var reference))
        {
            return null;
        }

        var index = _cited.IndexOf(reference);
        if (index < 0)
        {
            _cited.Add(reference);
            index = _cited.Count - 1;
        }

        return index + 1;
    }

    public List<ReferenceRepresentation> CitedReferences() => _cited
        .Select((r, i) => new ReferenceRepresentation
        {
            Number = i + 1,
            Id = r.Id,
            Kind = r.Kind,
            Title = r.Title,
            Authors = r.Authors,
            Source = r.Source,
            Year = r.Year,
            Doi = r.Doi,
            Pmid = r.Pmid,
            Pmcid = r.Pmcid,
            Url = r.Link(),
            Identifier = r.Identifier,
        })
        .ToList();
}
