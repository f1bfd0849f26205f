using MedicalContent.Model;

namespace MedicalContent.Validation;

/// <summary>
/// Checks across an article's references that the schema cannot express: one work cited under two ids would be
/// numbered twice for the reader, as if two sources agreed.
/// </summary>
public static class ReferenceChecks
{
    private static readonly (string Field, string Label, Func<Reference, string?> Value, StringComparer Comparer)[] WorkIds =
    [
        ("doi", "DOI", r => r.Doi, StringComparer.OrdinalIgnoreCase), // DOIs are case-insensitive (ISO 26324).
        ("pmid", "PMID", r => r.Pmid, StringComparer.Ordinal),
        ("pmcid", "PMCID", r => r.Pmcid, StringComparer.Ordinal),
    ];

    /// <summary>
    /// Every reference that repeats another's DOI, PMID or PMCID, as (pointer, message) at the later reference's
    /// field, naming the earlier reference and where it is.
    /// </summary>
    public static IEnumerable<(string Pointer, string Message)> DuplicateWorks(IReadOnlyList<Reference> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        foreach (var (field, label, value, comparer) in WorkIds)
        {
            var first = new Dictionary<string, int>(comparer);
            for (var i = 0; i < references.Count; i++)
            {
                if (value(references[i]) is not { } id)
                {
                    continue;
                }

                if (first.TryGetValue(id, out var earlier))
                {
                    yield return ($"/references/{i}/{field}",
                        $"{label} '{id}' is already the {label} of reference '{references[earlier].Id}' (/references/{earlier}/{field}): " +
                        $"one work is one reference; cite [[{references[earlier].Id}]] and remove this one");
                }
                else
                {
                    first.Add(id, i);
                }
            }
        }
    }
}
