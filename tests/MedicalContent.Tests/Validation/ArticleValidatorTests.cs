using System.Text;
using System.Text.Json.Nodes;
using MedicalContent.Model;
using MedicalContent.Tests.Support;
using MedicalContent.Validation;

namespace MedicalContent.Tests.Validation;

public class ArticleValidatorTests
{
    private static readonly AudienceVocabulary Vocabulary =
        ArticleValidator.ValidateVocabulary("audiences.json", Encoding.UTF8.GetBytes(Documents.Vocabulary)).Vocabulary!;

    private static IReadOnlyList<ValidationProblem> Validate(JsonNode article, string? slug = null, int? version = null) =>
        ArticleValidator.ValidateArticle("articles/sample/v1.json", Encoding.UTF8.GetBytes(article.ToJsonString()), Vocabulary, slug, version).Problems;

    [Fact]
    public void AcceptsAValidArticle()
    {
        Assert.Empty(Validate(Documents.Article(), "sample", 1));
    }

    [Fact]
    public void ReportsAnUnknownAudienceWithItsPointer()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[0]!["audiences"] = new JsonArray("nurse");

        var problem = Assert.Single(Validate(article), p => p.Message.Contains("unknown audience 'nurse'", StringComparison.Ordinal));

        Assert.Equal("/sections/0/blocks/0/audiences/0", problem.Pointer);
        Assert.Contains("'patient', 'clinician'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsAnUnknownAudienceVariant()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[0]!["text"]!["pharmacist"] = "Dosing notes [[ref-a]].";

        var problem = Assert.Single(Validate(article));

        Assert.Equal("/sections/0/blocks/0/text/pharmacist", problem.Pointer);
    }

    [Fact]
    public void ReportsACitationToAMissingReference()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[0]!["text"] = "Cites a ghost [[ref-ghost]] and a real one [[ref-a]][[ref-b]].";

        var problem = Assert.Single(Validate(article));

        Assert.Equal("/sections/0/blocks/0/text", problem.Pointer);
        Assert.Contains("[[ref-ghost]]", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsDuplicateIdsAcrossSectionsBlocksAndReferences()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[1]!["id"] = "intro";
        article["references"]![1]!["id"] = "guidelines";
        Documents.Blocks(article)[1]!["items"] = new JsonArray("Point [[guidelines]]");
        Documents.Blocks(article)[0]!["text"] = "Text [[ref-a]]";

        var problems = Validate(article);

        Assert.Contains(problems, p => p.Pointer == "/sections/0/blocks/1/id" && p.Message.Contains("'intro' is already used at /sections/0/blocks/0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/references/1/id" && p.Message.Contains("'guidelines' is already used at /sections/0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Insulin-Resistance")]
    [InlineData("insulin--resistance")]
    [InlineData("../etc")]
    [InlineData("-leading")]
    public void ReportsABadSlug(string slug)
    {
        var article = Documents.Article(slug);

        var problem = Assert.Single(Validate(article));

        Assert.Equal("/slug", problem.Pointer);
        Assert.Contains("does not match the pattern", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsEveryProblemAtOnce()
    {
        var article = Documents.Article();
        article["review"]!.AsObject().Remove("reviewedBy");
        Documents.Blocks(article)[0]!["audiences"] = new JsonArray("nurse");
        article["references"]!.AsArray().Add(new JsonObject { ["id"] = "ref-unused", ["kind"] = "research", ["title"] = "T", ["source"] = "S", ["year"] = 2000 });

        var problems = Validate(article, "other-slug", 2);

        Assert.Contains(problems, p => p.Pointer == "/slug" && p.Message.Contains("does not match its folder", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/version" && p.Message.Contains("v2.json", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/review" && p.Message.Contains("reviewedBy", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/sections/0/blocks/0/audiences/0");
        Assert.Contains(problems, p => p.Pointer == "/references/2" && p.Message.Contains("never cited", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.Equal("articles/sample/v1.json", p.File));
    }

    [Fact]
    public void ReportsSchemaViolationsWithPointers()
    {
        var article = Documents.Article();
        article["version"] = 0;
        article["colour"] = "blue";
        Documents.Blocks(article)[0]!["items"] = new JsonArray("x");
        article["references"]![0]!["year"] = "2024";

        var problems = Validate(article);

        Assert.Contains(problems, p => p.Pointer == "/version" && p.Message == "must be at least 1");
        Assert.Contains(problems, p => p.Pointer == "/colour" && p.Message.Contains("not a known property", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Pointer == "/sections/0/blocks/0");
        Assert.Contains(problems, p => p.Pointer == "/references/0/year" && p.Message.Contains("must be an integer", StringComparison.Ordinal));
    }

    [Fact]
    public void ReportsInvalidJsonWithItsLine()
    {
        var (document, problems) = ArticleValidator.ValidateArticle("v1.json", "{\n  \"slug\": \"x\",\n  oops\n}"u8, Vocabulary);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Contains("not valid JSON (line 3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequiresTextForEveryAudienceOfALimitedBlock()
    {
        var article = Documents.Article();
        Documents.Blocks(article)[0]!["audiences"] = new JsonArray("patient", "clinician");
        Documents.Blocks(article)[0]!["text"] = new JsonObject { ["patient"] = "Only for patients [[ref-a]][[ref-b]]." };

        var problem = Assert.Single(Validate(article));

        Assert.Equal("/sections/0/blocks/0/text", problem.Pointer);
        Assert.Contains("no text for audience 'clinician'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequiresADisclaimerForEveryAudience()
    {
        var article = Documents.Article();
        article["disclaimer"] = new JsonObject { ["text"] = new JsonObject { ["clinician"] = "Use clinical judgement." } };

        var problem = Assert.Single(Validate(article));

        Assert.Equal("/disclaimer/text", problem.Pointer);
    }

    [Fact]
    public void ReportsABlockThatNoAudienceCanSee()
    {
        var article = Documents.Article();
        Documents.Section(article)["audiences"] = new JsonArray("patient");
        Documents.Blocks(article)[1]!["audiences"] = new JsonArray("clinician");
        Documents.Blocks(article)[0]!["text"] = "Text [[ref-a]][[ref-b]]";

        var problems = Validate(article);

        Assert.Contains(problems, p => p.Pointer == "/sections/0/blocks/1/audiences" && p.Message.Contains("no audience sees this block", StringComparison.Ordinal));
    }

    [Fact]
    public void RejectsAVocabularyWhoseDefaultIsNotListed()
    {
        var (vocabulary, problems) = ArticleValidator.ValidateVocabulary("audiences.json",
            """{ "prompt": "Who?", "default": "nurse", "audiences": [ { "id": "patient", "label": "P" }, { "id": "patient", "label": "Q" } ] }"""u8);

        Assert.Null(vocabulary);
        Assert.Contains(problems, p => p.Pointer == "/default");
        Assert.Contains(problems, p => p.Pointer == "/audiences/1/id" && p.Message.Contains("listed twice", StringComparison.Ordinal));
    }
}
