using System.Text.Json.Nodes;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Support;

/// <summary>Small article documents built in code, for validator and renderer edge cases.</summary>
public static class Documents
{
    public const string Vocabulary = """
        {
          "prompt": "Which best describes you?",
          "default": "patient",
          "audiences": [
            { "id": "patient", "label": "Patient or caregiver" },
            { "id": "clinician", "label": "Healthcare professional" }
          ]
        }
        """;

    /// <summary>A minimal valid approved article; tests mutate the returned node.</summary>
    public static JsonObject Article(string slug = "sample", int version = 1) => new()
    {
        ["slug"] = slug,
        ["version"] = version,
        ["title"] = new JsonObject { ["patient"] = "Plain title", ["clinician"] = "Clinical title" },
        ["condition"] = "Sample condition",
        ["defaultAudience"] = "patient",
        ["audiences"] = new JsonArray("patient", "clinician"),
        ["lastUpdated"] = "2025-01-01",
        ["review"] = new JsonObject
        {
            ["status"] = "approved",
            ["reviewedBy"] = new JsonObject { ["name"] = "Dr. Test Reviewer", ["credentials"] = "MD" },
            ["reviewedOn"] = "2025-01-02",
        },
        ["editorialPolicyUrl"] = "https://medical-content.example/editorial-policy",
        ["sections"] = new JsonArray(new JsonObject
        {
            ["id"] = "guidelines",
            ["kind"] = "guideline",
            ["title"] = "From the Guidelines",
            ["blocks"] = new JsonArray(
                new JsonObject { ["id"] = "intro", ["type"] = "paragraph", ["text"] = new JsonObject { ["patient"] = "Simple words [[ref-a]].", ["clinician"] = "Clinical words [[ref-a]][[ref-b]]." } },
                new JsonObject { ["id"] = "points", ["type"] = "list", ["items"] = new JsonArray("Shared point", new JsonObject { ["clinician"] = "Clinician-only point [[ref-b]]" }) }),
        }),
        ["references"] = new JsonArray(
            new JsonObject { ["id"] = "ref-a", ["kind"] = "guideline", ["title"] = "A guideline", ["source"] = "A society", ["year"] = 2024 },
            new JsonObject { ["id"] = "ref-b", ["kind"] = "research", ["title"] = "A study", ["source"] = "A journal", ["year"] = 2010 }),
        ["disclaimer"] = new JsonObject { ["text"] = new JsonObject { ["patient"] = "Talk to your doctor.", ["clinician"] = "Use clinical judgement." } },
    };

    public static JsonObject Section(JsonObject article, int index = 0) => article["sections"]![index]!.AsObject();

    public static JsonArray Blocks(JsonObject article, int section = 0) => Section(article, section)["blocks"]!.AsArray();

    /// <summary>The document a test built, read as the API reads a version file.</summary>
    public static MedicalContent.Model.ArticleDocument Parse(JsonObject article) =>
        System.Text.Json.JsonSerializer.Deserialize(article.ToJsonString(), MedicalContent.Serialization.CoreJsonContext.Default.ArticleDocument)!;

    /// <summary>A text with a variant per audience, for the two audiences of <see cref="Article"/>.</summary>
    public static JsonObject Variants(string patient, string clinician) => new() { ["patient"] = patient, ["clinician"] = clinician };

    /// <summary>
    /// A minimal valid approved article in the current content model (<c>about</c> with codes confirmed in
    /// docs/editorial/reference-checks.md, and a next review date); tests mutate the returned node.
    /// </summary>
    public static JsonObject ModelArticle(string slug = "sample", int version = 1)
    {
        var article = Article(slug, version);
        article.Remove("condition");
        article["about"] = new JsonObject
        {
            ["kind"] = "condition",
            ["name"] = "Insulin resistance",
            ["codes"] = new JsonArray(
                Code("ICD-10-CM", "E88.819", "Insulin resistance, unspecified"),
                Code("SNOMED CT", "763325000", "Insulin resistance (disorder)"),
                Code("MeSH", "D007333", "Insulin Resistance")),
        };
        article["review"]!["nextReviewDue"] = "2026-01-02";
        return article;
    }

    public static JsonObject Code(string system, string code, string display) =>
        new() { ["system"] = system, ["code"] = code, ["display"] = display };

    /// <summary>
    /// An approved version in the current model: reviewed on its <paramref name="lastUpdated"/> date, next due on
    /// <paramref name="nextReviewDue"/>, its subject as <c>about</c> (without codes: test content names no real
    /// code), titled <paramref name="patientTitle"/> and <paramref name="clinicianTitle"/>.
    /// </summary>
    public static JsonObject Reviewed(
        string slug, int version, string lastUpdated, string nextReviewDue, string patientTitle = "Plain title", string clinicianTitle = "Clinical title")
    {
        var article = Article(slug, version);
        article.Remove("condition");
        article["about"] = new JsonObject { ["kind"] = "condition", ["name"] = "Sample condition", ["codes"] = new JsonArray() };
        article["title"] = new JsonObject { ["patient"] = patientTitle, ["clinician"] = clinicianTitle };
        article["lastUpdated"] = lastUpdated;
        article["review"]!["reviewedOn"] = lastUpdated;
        article["review"]!["nextReviewDue"] = nextReviewDue;
        return article;
    }

    /// <summary>Adds related articles and related questions (each answered by the slug given, or by none) to a version.</summary>
    public static JsonObject WithRelated(this JsonObject article, string[] related, params (string Question, string? AnsweredBy)[] questions)
    {
        article["related"] = new JsonArray([.. related.Select(slug => JsonValue.Create(slug))]);
        article["relatedQuestions"] = new JsonArray([.. questions.Select(q => q.AnsweredBy is null
            ? new JsonObject { ["question"] = q.Question }
            : new JsonObject { ["question"] = q.Question, ["answeredBy"] = q.AnsweredBy })]);
        return article;
    }

    /// <summary>A content folder with content-json/'s vocabulary and syndication terms and exactly these versions.</summary>
    public static TempContentFolder Folder(params JsonObject[] versions)
    {
        var folder = new TempContentFolder();
        Directory.Delete(folder.File(ContentFolder.ArticlesFolder), recursive: true);
        foreach (var version in versions)
        {
            Write(folder, version);
        }

        return folder;
    }

    /// <summary>Writes a version where the content folder keeps it (articles/{slug}/v{n}.json).</summary>
    public static void Write(TempContentFolder folder, JsonObject version) =>
        folder.Write(ContentFolder.VersionPath(version["slug"]!.GetValue<string>(), version["version"]!.GetValue<int>()), version.ToJsonString());
}
