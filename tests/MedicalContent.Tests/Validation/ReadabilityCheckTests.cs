using System.Text;
using MedicalContent.Model;
using MedicalContent.Tests.Support;
using MedicalContent.Validation;

namespace MedicalContent.Tests.Validation;

/// <summary>The comparison behind the CLI's readability warning, with grades the test chooses.</summary>
public class ReadabilityCheckTests
{
    private static readonly AudienceVocabulary PatientAndClinician = Vocabulary("""
        {
          "prompt": "Who?", "default": "patient",
          "audiences": [
            { "id": "patient", "label": "Patient", "schemaOrgAudience": "Patient" },
            { "id": "clinician", "label": "Clinician", "schemaOrgAudience": "Clinician" }
          ]
        }
        """);

    private static readonly ArticleDocument Article = ArticleValidator.ValidateArticle(
        "articles/sample/v1.json", Encoding.UTF8.GetBytes(Documents.ModelArticle().ToJsonString()), PatientAndClinician).Document!;

    private static AudienceVocabulary Vocabulary(string json) => ArticleValidator.ValidateVocabulary("audiences.json", Encoding.UTF8.GetBytes(json)).Vocabulary!;

    private static ReadabilityCheck Grades(double patient, double clinician) => new((_, audience) => audience == "patient" ? patient : clinician);

    private static List<ValidationProblem> Warnings(ReadabilityCheck check, AudienceVocabulary vocabulary, double max) =>
        check.Warnings([("articles/sample/v1.json", Article)], vocabulary, max).ToList();

    [Fact]
    public void WarnsWhenAPatientTextReadsAboveTheGrade()
    {
        var warning = Assert.Single(Warnings(Grades(patient: 9.44, clinician: 3), PatientAndClinician, 8));

        Assert.Equal(("articles/sample/v1.json", ""), (warning.File, warning.Pointer));
        Assert.Contains("audience 'patient' reads at grade 9.4, above the 8 patient texts aim for", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8.0, 8.0)]
    [InlineData(7.9, 8.0)]
    [InlineData(10.5, 10.5)]
    public void AGradeAtOrBelowTheMaximumIsFine(double grade, double max)
    {
        Assert.Empty(Warnings(Grades(patient: grade, clinician: 3), PatientAndClinician, max));
    }

    [Fact]
    public void ClinicianTextsMayReadAtAnyGrade()
    {
        Assert.Empty(Warnings(Grades(patient: 6, clinician: 16), PatientAndClinician, 8));
    }

    [Fact]
    public void PatientAudiencesAreTheOnesTheVocabularyMarksAsSchemaOrgPatients()
    {
        var unmarked = Vocabulary(Documents.Vocabulary);
        var clinicianMarkedPatient = Vocabulary("""
            {
              "prompt": "Who?", "default": "patient",
              "audiences": [ { "id": "patient", "label": "P" }, { "id": "clinician", "label": "C", "schemaOrgAudience": "Patient" } ]
            }
            """);

        Assert.Empty(Warnings(Grades(patient: 12, clinician: 12), unmarked, 8));
        var warning = Assert.Single(Warnings(Grades(patient: 12, clinician: 12), clinicianMarkedPatient, 8));
        Assert.Contains("audience 'clinician'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMaximumMayBeFractional()
    {
        var warning = Assert.Single(Warnings(Grades(patient: 7.6, clinician: 3), PatientAndClinician, 7.5));

        Assert.Contains("grade 7.6, above the 7.5", warning.Message, StringComparison.Ordinal);
    }
}
