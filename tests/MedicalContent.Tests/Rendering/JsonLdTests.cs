using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalContent.Model;
using MedicalContent.Rendering;
using MedicalContent.Serialization;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Rendering;

/// <summary>The schema.org MedicalWebPage: typed subject with codes, authors, dates, citations, reading aids, related links.</summary>
public class JsonLdTests
{
    private static ArticleRepresentation Render(JsonObject article, string audience = "patient") =>
        ArticleRenderer.Render(Documents.Parse(article), audience, syndication: null, datePublished: new DateOnly(2024, 3, 1));

    private static JsonObject JsonLd(ArticleRepresentation article) =>
        JsonSerializer.SerializeToNode(JsonLdRenderer.Render(article), CoreJsonContext.Default.MedicalWebPage)!.AsObject();

    private static JsonObject About(string kind, string name, JsonArray codes, JsonArray? synonyms = null)
    {
        var article = Documents.Article();
        article.Remove("condition");
        article["about"] = new JsonObject { ["kind"] = kind, ["name"] = name, ["codes"] = codes };
        if (synonyms is not null)
        {
            article["about"]!["synonyms"] = synonyms;
        }

        return article;
    }

    private static JsonObject Code(string system, string code, string display) => new() { ["system"] = system, ["code"] = code, ["display"] = display };

    // Codes confirmed in docs/editorial/reference-checks.md.
    public static TheoryData<string, string, string, JsonArray> Subjects() => new()
    {
        { "condition", "MedicalCondition", "Insulin resistance", new JsonArray(Code("ICD-10-CM", "E88.819", "Insulin resistance, unspecified"), Code("SNOMED CT", "763325000", "Insulin resistance (disorder)"), Code("MeSH", "D007333", "Insulin Resistance")) },
        { "drug", "Drug", "Metformin", new JsonArray(Code("RxNorm", "6809", "metformin"), Code("MeSH", "D008687", "Metformin")) },
        { "test", "MedicalTest", "HbA1c test", new JsonArray(Code("LOINC", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood")) },
        { "procedure", "MedicalProcedure", "Bariatric surgery", new JsonArray() },
    };

    [Theory]
    [MemberData(nameof(Subjects))]
    public void TypesTheSubjectByItsKindWithItsCodes(string kind, string type, string name, JsonArray codes)
    {
        var expectedCodes = codes.Select(c => (c!["code"]!.GetValue<string>(), c["system"]!.GetValue<string>())).ToList();

        var about = JsonLd(Render(About(kind, name, codes)))["about"]!.AsObject();

        Assert.Equal(type, about["@type"]!.GetValue<string>());
        Assert.Equal(name, about["name"]!.GetValue<string>());
        if (expectedCodes.Count == 0)
        {
            Assert.False(about.ContainsKey("code"));
        }
        else
        {
            Assert.All(about["code"]!.AsArray(), c => Assert.Equal(["@type", "codeValue", "codingSystem"], c!.AsObject().Select(p => p.Key)));
            Assert.All(about["code"]!.AsArray(), c => Assert.Equal("MedicalCode", c!["@type"]!.GetValue<string>()));
            Assert.Equal(expectedCodes, about["code"]!.AsArray().Select(c => (c!["codeValue"]!.GetValue<string>(), c["codingSystem"]!.GetValue<string>())));
        }
    }

    [Fact]
    public void NamesTheSubjectsOtherNames()
    {
        var article = About("condition", "Polycystic ovary syndrome", [Code("ICD-10-CM", "E28.2", "Polycystic ovarian syndrome")], ["PCOS", "Stein-Leventhal syndrome"]);

        var about = JsonLd(Render(article))["about"]!;

        Assert.Equal(["PCOS", "Stein-Leventhal syndrome"], about["alternateName"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(JsonLd(Render(About("drug", "Metformin", [])))["about"]!.AsObject().ContainsKey("alternateName"));
    }

    [Fact]
    public void ALegacyConditionIsAConditionWithoutCodes()
    {
        var rendered = Render(Documents.Article());

        Assert.Equal((SubjectKind.Condition, "Sample condition"), (rendered.About.Kind, rendered.About.Name));
        Assert.Empty(rendered.About.Codes);
        var about = JsonSerializer.SerializeToNode(rendered, CoreJsonContext.Default.ArticleRepresentation)!["about"]!.AsObject();
        Assert.Equal("""{"kind":"condition","name":"Sample condition","codes":[]}""", about.ToJsonString());
        Assert.Equal("""{"@type":"MedicalCondition","name":"Sample condition"}""", JsonLd(rendered)["about"]!.ToJsonString());
    }

    [Fact]
    public void CreditsAuthorsAndDatesThePage()
    {
        var article = Documents.Article();
        article["authors"] = new JsonArray(new JsonObject { ["name"] = "Dr. Test Writer", ["credentials"] = "MD, MPH" }, new JsonObject { ["name"] = "Test Editor" });

        var rendered = Render(article);
        var page = JsonLd(rendered);

        Assert.Equal(["Dr. Test Writer", "Test Editor"], rendered.Authors!.Select(a => a.Name));
        Assert.Equal(new DateOnly(2024, 3, 1), rendered.DatePublished);
        Assert.Equal(
            """[{"@type":"Person","name":"Dr. Test Writer","jobTitle":"MD, MPH"},{"@type":"Person","name":"Test Editor"}]""",
            page["author"]!.ToJsonString());
        Assert.Equal("2024-03-01", page["datePublished"]!.GetValue<string>());
        Assert.Equal("2025-01-01", page["dateModified"]!.GetValue<string>());
        Assert.Equal("2025-01-02", page["lastReviewed"]!.GetValue<string>());
        Assert.Equal("MD", page["reviewedBy"]!["jobTitle"]!.GetValue<string>());
    }

    [Fact]
    public void LeavesOutAuthorsAndPublicationDateWhenUnknown()
    {
        var page = JsonLd(ArticleRenderer.Render(Documents.Parse(Documents.Article()), "patient", syndication: null));

        Assert.False(page.ContainsKey("author"));
        Assert.False(page.ContainsKey("datePublished"));
    }

    [Theory]
    [InlineData(true, true, true, true, "https://publisher.example/work", "https://doi.org/10.2337/dc25-S002|https://pubmed.ncbi.nlm.nih.gov/39651986/|https://pmc.ncbi.nlm.nih.gov/articles/PMC11635041/")]
    [InlineData(false, true, true, false, "https://doi.org/10.2337/dc25-S002", "https://pubmed.ncbi.nlm.nih.gov/39651986/")]
    [InlineData(false, false, true, true, "https://pubmed.ncbi.nlm.nih.gov/39651986/", "https://pmc.ncbi.nlm.nih.gov/articles/PMC11635041/")]
    [InlineData(false, true, false, false, "https://doi.org/10.2337/dc25-S002", null)]
    [InlineData(true, false, false, false, "https://publisher.example/work", null)]
    [InlineData(false, false, false, false, null, null)]
    public void LinksEachCitationAndListsItsOtherIdentifierLinks(bool url, bool doi, bool pmid, bool pmcid, string? expectedUrl, string? expectedSameAs)
    {
        // One work (ADA Standards of Care 2025, section 2) and its confirmed identifiers: docs/editorial/reference-checks.md.
        var article = Documents.Article();
        var reference = article["references"]![0]!.AsObject();
        reference["url"] = url ? "https://publisher.example/work" : null;
        reference["doi"] = doi ? "10.2337/dc25-S002" : null;
        reference["pmid"] = pmid ? "39651986" : null;
        reference["pmcid"] = pmcid ? "PMC11635041" : null;

        var citation = JsonLd(Render(article))["citation"]!.AsArray().Single()!.AsObject();

        Assert.Equal(expectedUrl, citation["url"]?.GetValue<string>());
        Assert.Equal(expectedSameAs, citation["sameAs"] is { } sameAs ? string.Join('|', sameAs.AsArray().Select(l => l!.GetValue<string>())) : null);
    }

    [Fact]
    public void NamesCitationAuthorsAsPersons()
    {
        var article = Documents.Article();
        article["references"]![0]!["authors"] = new JsonArray("Zhao X", "Test Y");

        var citation = JsonLd(Render(article))["citation"]![0]!;

        Assert.Equal("""[{"@type":"Person","name":"Zhao X"},{"@type":"Person","name":"Test Y"}]""", citation["author"]!.ToJsonString());
        Assert.Equal(1, citation["position"]!.GetValue<int>());
    }

    [Fact]
    public void StatesWordCountReadingTimeAndRelatedLinks()
    {
        var article = Documents.Article();
        article["related"] = new JsonArray("prediabetes", "metformin");
        article["summary"] = string.Join(' ', Enumerable.Repeat("word", 400));

        var rendered = Render(article, "clinician");
        var page = JsonLd(rendered);

        Assert.Equal(rendered.WordCount, page["wordCount"]!.GetValue<int>());
        Assert.True(rendered.WordCount > 400);
        Assert.Equal("PT3M", page["timeRequired"]!.GetValue<string>());
        Assert.Equal(
            ["/api/v1/articles/prediabetes?audience=clinician", "/api/v1/articles/metformin?audience=clinician"],
            page["relatedLink"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public void NeverCarriesTheReviewStateOrRelatedTitles()
    {
        var article = Documents.Article();
        article["related"] = new JsonArray("prediabetes");
        article["review"]!["nextReviewDue"] = "2026-01-02";
        var version = Render(article);

        var latest = ArticleRenderer.AsLatest(version, ReviewState.Overdue, _ => "Prediabetes explained");

        var json = JsonSerializer.Serialize(JsonLdRenderer.Render(latest), CoreJsonContext.Default.MedicalWebPage);
        Assert.DoesNotContain("reviewState", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("overdue", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Prediabetes explained", json, StringComparison.Ordinal);
        Assert.Equal(JsonSerializer.Serialize(JsonLdRenderer.Render(version), CoreJsonContext.Default.MedicalWebPage), json);
    }
}
