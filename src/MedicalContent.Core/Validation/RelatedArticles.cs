using MedicalContent.Model;

namespace MedicalContent.Validation;

/// <summary>
/// Links between articles (<c>related</c>, <c>relatedQuestions[].answeredBy</c>) must lead somewhere. One document
/// cannot tell, so this runs over a content set: the folder being validated, or on publish the store's index and
/// the folder being published together.
/// </summary>
public static class RelatedArticles
{
    /// <summary>Every slug the document links to that <paramref name="exists"/> does not know.</summary>
    /// <param name="where">Where the slug was looked for, completing "does not exist ..." ("in this content folder").</param>
    public static IEnumerable<ValidationProblem> Missing(string file, ArticleDocument document, Func<string, bool> exists, string where)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(exists);
        for (var i = 0; i < (document.Related?.Count ?? 0); i++)
        {
            var slug = document.Related![i];
            if (slug != document.Slug && !exists(slug))
            {
                yield return new(file, $"/related/{i}", $"related article '{slug}' does not exist {where}");
            }
        }

        for (var i = 0; i < (document.RelatedQuestions?.Count ?? 0); i++)
        {
            if (document.RelatedQuestions![i].AnsweredBy is { } slug && slug != document.Slug && !exists(slug))
            {
                yield return new(file, $"/relatedQuestions/{i}/answeredBy", $"the answering article '{slug}' does not exist {where}");
            }
        }
    }
}
