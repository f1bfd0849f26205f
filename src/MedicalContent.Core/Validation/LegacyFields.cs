using MedicalContent.Model;

namespace MedicalContent.Validation;

/// <summary>
/// Fields of versions written before the current content model. They stay valid, because published versions never
/// change and the API still serves them, but an editor writing a new version should not copy them.
/// </summary>
public static class LegacyFields
{
    /// <summary>Warnings (not problems) for a document that uses a legacy field.</summary>
    public static IEnumerable<ValidationProblem> Warnings(string file, ArticleDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Condition is null)
        {
            yield break;
        }

        yield return new(file, "/condition", "uses the legacy 'condition'; new versions use 'about' (kind, name and codes) instead");
        if (document.Review.Status == ReviewStatus.Approved && document.Review.NextReviewDue is null)
        {
            yield return new(file, "/review", "approved without 'nextReviewDue', so readers are not told when it is due for review; new versions must give one");
        }
    }
}
