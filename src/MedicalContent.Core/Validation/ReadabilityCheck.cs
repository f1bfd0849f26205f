using System.Globalization;
using MedicalContent.Model;
using MedicalContent.Rendering;

namespace MedicalContent.Validation;

/// <summary>
/// Warns when the text a patient audience reads is harder than a school grade: advice to the editor, not a rule,
/// since a precise medical word can be worth a higher grade. "Patient" audiences are the vocabulary's audiences whose
/// <see cref="Audience.SchemaOrgAudience"/> is <c>Patient</c>.
/// </summary>
/// <param name="grade">The grade of a document as one audience reads it (a seam: tests pass a fake).</param>
public sealed class ReadabilityCheck(Func<ArticleDocument, string, double> grade)
{
    /// <summary>The grade every reader is shown: the renderer's <see cref="ArticleRepresentation.ReadabilityGrade"/>.</summary>
    public static ReadabilityCheck Rendered { get; } = new((document, audience) => ArticleRenderer.Render(document, audience, null).ReadabilityGrade);

    public const double DefaultMaxGrade = 8;

    public const string PatientAudience = "Patient";

    /// <summary>One warning per patient audience of each document that reads above <paramref name="maxGrade"/>.</summary>
    public IEnumerable<ValidationProblem> Warnings(IEnumerable<(string File, ArticleDocument Document)> documents, AudienceVocabulary vocabulary, double maxGrade)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var patients = vocabulary.Audiences
            .Where(a => string.Equals(a.SchemaOrgAudience, PatientAudience, StringComparison.Ordinal))
            .Select(a => a.Id)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (file, document) in documents)
        {
            foreach (var audience in document.Audiences.Where(patients.Contains))
            {
                var level = grade(document, audience);
                if (level > maxGrade)
                {
                    yield return new(file, "", string.Create(
                        CultureInfo.InvariantCulture,
                        $"the text for audience '{audience}' reads at grade {level:0.0}, above the {maxGrade:0.#} patient texts aim for: shorter sentences and everyday words bring it down"));
                }
            }
        }
    }
}
