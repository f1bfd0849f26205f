using System.Text;
using System.Text.Json.Nodes;
using MedicalContent.Model;
using MedicalContent.Tests.Support;
using MedicalContent.Validation;

namespace MedicalContent.Tests.Validation;

/// <summary>
/// The rules of the current content model that a schema cannot express: review due dates, drug labels, quote,
/// warning and table blocks, clinical codes, duplicate works and links between articles. Each malformed case is
/// one change to a valid article and must give exactly one problem, at its pointer.
/// </summary>
public class ContentModelRulesTests
{
    private static readonly AudienceVocabulary Vocabulary =
        ArticleValidator.ValidateVocabulary("audiences.json", Encoding.UTF8.GetBytes(Documents.Vocabulary)).Vocabulary!;

    private static IReadOnlyList<ValidationProblem> Validate(JsonNode article) =>
        ArticleValidator.ValidateArticle("articles/sample/v1.json", Encoding.UTF8.GetBytes(article.ToJsonString()), Vocabulary, "sample", 1).Problems;

    private static JsonObject Quote(string reference, JsonNode text) => new() { ["id"] = "quoted", ["type"] = "quote", ["reference"] = reference, ["text"] = text };

    private static JsonObject Warning(JsonNode text) => new() { ["id"] = "alert", ["type"] = "warning", ["severity"] = "red-flag", ["text"] = text };

    /// <summary>A 3-column table of plain texts: caption, header and two rows.</summary>
    private static JsonObject Table() => new()
    {
        ["id"] = "ranges",
        ["type"] = "table",
        ["caption"] = "Fasting glucose ranges",
        ["header"] = new JsonArray("Result", "mg/dL", "Meaning"),
        ["rows"] = new JsonArray(new JsonArray("Normal", "below 100", "No action"), new JsonArray("Prediabetes", "100 to 125", "Repeat the test")),
    };

    private static JsonObject Reference(string id) => new() { ["id"] = id, ["kind"] = "research", ["title"] = "A study", ["source"] = "A journal", ["year"] = 2020 };

    private static JsonObject AddedBlock(JsonObject article) => Documents.Blocks(article)[2]!.AsObject();

    /// <summary>Each case: a change to <see cref="Documents.ModelArticle"/> that breaks exactly one rule.</summary>
    private static readonly Dictionary<string, Action<JsonObject>> Breaks = new()
    {
        ["approved without a next review date"] = a => a["review"]!.AsObject().Remove("nextReviewDue"),
        ["next review on the review day"] = a => a["review"]!["nextReviewDue"] = "2025-01-02",
        ["next review before the review"] = a => a["review"]!["nextReviewDue"] = "2024-12-31",
        ["drug label on a guideline section"] = a => Documents.Section(a)["label"] = new JsonObject { ["drug"] = "metformin" },
        ["quote of an unknown reference"] = a => Documents.Blocks(a).Add(Quote("ref-zzz", "Verbatim words.")),
        ["quote with a citation marker"] = a => Documents.Blocks(a).Add(Quote("ref-a", "Verbatim [[ref-a]] words.")),
        ["quote with a malformed citation marker"] = a => Documents.Blocks(a).Add(Quote("ref-a", new JsonObject { ["default"] = "Verbatim.", ["clinician"] = "Verbatim [[Ref A]]." })),
        ["warning without text for clinicians"] = a => Documents.Blocks(a).Add(Warning(new JsonObject { ["patient"] = "Call 911 if you faint." })),
        ["warning title citing an unknown reference"] = a => Documents.Blocks(a).Add(new JsonObject
        {
            ["id"] = "alert", ["type"] = "warning", ["severity"] = "boxed", ["title"] = "Boxed warning [[ref-zzz]]", ["text"] = "Stop the drug.",
        }),
        ["table row shorter than the header"] = a => Documents.Blocks(a).Add(Table().Also(t => t["rows"]![1]!.AsArray().RemoveAt(2))),
        ["table row longer than the header"] = a => Documents.Blocks(a).Add(Table().Also(t => t["rows"]![0]!.AsArray().Add("Extra"))),
        ["table caption without text for clinicians"] = a => Documents.Blocks(a).Add(Table().Also(t => t["caption"] = new JsonObject { ["patient"] = "Your results" })),
        ["table header cell without text for clinicians"] = a => Documents.Blocks(a).Add(Table().Also(t => t["header"]![1] = new JsonObject { ["patient"] = "Number" })),
        ["table cell without text for clinicians"] = a => Documents.Blocks(a).Add(Table().Also(t => t["rows"]![0]![2] = new JsonObject { ["patient"] = "Nothing to do" })),
        ["table cell citing an unknown reference"] = a => Documents.Blocks(a).Add(Table().Also(t => t["rows"]![0]![0] = "Normal [[ref-zzz]]")),
        ["table caption citing an unknown reference"] = a => Documents.Blocks(a).Add(Table().Also(t => t["caption"] = "Ranges [[ref-zzz]]")),
        ["the same code twice"] = a => a["about"]!["codes"]!.AsArray().Add(Documents.Code("ICD-10-CM", "E88.819", "Insulin resistance, unspecified")),
        ["the same DOI twice, in another case"] = a =>
        {
            a["references"]![0]!["doi"] = "10.2337/dc25-S002";
            a["references"]![1]!["doi"] = "10.2337/DC25-s002";
        },
        ["the same PMID twice"] = a =>
        {
            a["references"]![0]!["pmid"] = "39651986";
            a["references"]![1]!["pmid"] = "39651986";
        },
        ["the same PMCID twice"] = a =>
        {
            a["references"]![0]!["pmcid"] = "PMC11635041";
            a["references"]![1]!["pmcid"] = "PMC11635041";
        },
        ["related to itself"] = a => a["related"] = new JsonArray("metformin", "sample"),
        ["question answered by itself"] = a => a["relatedQuestions"] = new JsonArray(new JsonObject { ["question"] = "Is it serious?", ["answeredBy"] = "sample" }),
        ["question without text for clinicians"] = a => a["relatedQuestions"] = new JsonArray(new JsonObject { ["question"] = new JsonObject { ["patient"] = "Is it serious?" } }),
        ["both about and the legacy condition"] = a => a["condition"] = "Insulin resistance",
    };

    [Theory]
    [InlineData("approved without a next review date", "/review/nextReviewDue", "must say when it is next due for review (nextReviewDue)")]
    [InlineData("next review on the review day", "/review/nextReviewDue", "next review date 2025-01-02 must be after the review date (2025-01-02)")]
    [InlineData("next review before the review", "/review/nextReviewDue", "must be after the review date")]
    [InlineData("drug label on a guideline section", "/sections/0/label", "only a section of kind 'drug-label' reflects a drug label; this section is 'guideline'")]
    [InlineData("quote of an unknown reference", "/sections/0/blocks/2/reference", "no reference with id 'ref-zzz'")]
    [InlineData("quote with a citation marker", "/sections/0/blocks/2/text", "verbatim text, so it holds no citation marker: remove [[ref-a]]")]
    [InlineData("quote with a malformed citation marker", "/sections/0/blocks/2/text", "remove [[Ref A]]")]
    [InlineData("warning without text for clinicians", "/sections/0/blocks/2/text", "has no text for audience 'clinician'")]
    [InlineData("warning title citing an unknown reference", "/sections/0/blocks/2/title", "cites [[ref-zzz]]")]
    [InlineData("table row shorter than the header", "/sections/0/blocks/2/rows/1", "row has 2 cell(s) but the header has 3")]
    [InlineData("table row longer than the header", "/sections/0/blocks/2/rows/0", "row has 4 cell(s) but the header has 3")]
    [InlineData("table caption without text for clinicians", "/sections/0/blocks/2/caption", "has no text for audience 'clinician'")]
    [InlineData("table header cell without text for clinicians", "/sections/0/blocks/2/header/1", "has no text for audience 'clinician'")]
    [InlineData("table cell without text for clinicians", "/sections/0/blocks/2/rows/0/2", "has no text for audience 'clinician'")]
    [InlineData("table cell citing an unknown reference", "/sections/0/blocks/2/rows/0/0", "cites [[ref-zzz]]")]
    [InlineData("table caption citing an unknown reference", "/sections/0/blocks/2/caption", "cites [[ref-zzz]]")]
    [InlineData("the same code twice", "/about/codes/3/code", "ICD-10-CM code 'E88.819' is listed twice (first at /about/codes/0/code)")]
    [InlineData("the same DOI twice, in another case", "/references/1/doi", "is already the DOI of reference 'ref-a' (/references/0/doi)")]
    [InlineData("the same PMID twice", "/references/1/pmid", "PMID '39651986' is already the PMID of reference 'ref-a' (/references/0/pmid)")]
    [InlineData("the same PMCID twice", "/references/1/pmcid", "PMCID 'PMC11635041' is already the PMCID of reference 'ref-a' (/references/0/pmcid)")]
    [InlineData("related to itself", "/related/1", "'sample' is this article")]
    [InlineData("question answered by itself", "/relatedQuestions/0/answeredBy", "'sample' is this article")]
    [InlineData("question without text for clinicians", "/relatedQuestions/0/question", "has no text for audience 'clinician'")]
    [InlineData("both about and the legacy condition", "", "must not have 'condition' here")]
    public void ReportsEachBrokenRuleOnceAtItsPointer(string change, string at, string message)
    {
        var article = Documents.ModelArticle();
        Breaks[change](article);

        var problem = Assert.Single(Validate(article));

        Assert.Equal(at, problem.Pointer);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCaseIsTested()
    {
        var tested = typeof(ContentModelRulesTests).GetMethod(nameof(ReportsEachBrokenRuleOnceAtItsPointer))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(d => (string)d.GetData(null!).Single()[0]);

        Assert.Equal(Breaks.Keys.Order(StringComparer.Ordinal), tested.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AcceptsTheCurrentModelArticle()
    {
        Assert.Empty(Validate(Documents.ModelArticle()));
    }

    [Fact]
    public void ReportsEveryBrokenRuleAtOnce()
    {
        var article = Documents.ModelArticle();
        foreach (var change in new[] { "approved without a next review date", "drug label on a guideline section", "table row shorter than the header", "the same PMID twice", "related to itself" })
        {
            Breaks[change](article);
        }

        var pointers = Validate(article).Select(p => p.Pointer).ToList();

        Assert.Equal(["/review/nextReviewDue", "/sections/0/label", "/sections/0/blocks/2/rows/1", "/references/1/pmid", "/related/1"], pointers);
    }

    [Fact]
    public void ALegacyVersionMayBeApprovedWithoutANextReviewDate()
    {
        var legacy = Documents.Article();

        Assert.Null(legacy["review"]!["nextReviewDue"]);
        Assert.Empty(Validate(legacy));
    }

    [Fact]
    public void QuotesWarningsAndTablesCiteTheirReferencesAndTheirTextsAreCheckedPerAudience()
    {
        var article = Documents.ModelArticle();
        var references = article["references"]!.AsArray();
        foreach (var id in new[] { "ref-quoted", "ref-warned", "ref-titled", "ref-captioned", "ref-headed", "ref-tabled" })
        {
            references.Add(Reference(id));
        }

        Documents.Blocks(article).Add(Quote("ref-quoted", new JsonObject { ["patient"] = "Plain quote.", ["clinician"] = "Clinical quote." }));
        Documents.Blocks(article).Add(new JsonObject
        {
            ["id"] = "alert", ["type"] = "warning", ["severity"] = "boxed", ["audiences"] = new JsonArray("clinician"),
            ["title"] = "Lactic acidosis [[ref-titled]]", ["text"] = new JsonObject { ["clinician"] = "Stop the drug [[ref-warned]]." },
        });
        Documents.Blocks(article).Add(Table().Also(t =>
        {
            t["id"] = "ranges";
            t["caption"] = new JsonObject { ["default"] = "Ranges [[ref-captioned]]", ["clinician"] = "Diagnostic thresholds [[ref-captioned]]" };
            t["header"]![0] = "Result [[ref-headed]]";
            t["rows"]![1]![2] = new JsonObject { ["patient"] = "Test again", ["clinician"] = "Repeat the test [[ref-tabled]]" };
        }));

        Assert.Empty(Validate(article));
    }

    [Fact]
    public void ADrugLabelSectionMayNameItsLabel()
    {
        var article = Documents.ModelArticle();
        Documents.Section(article)["kind"] = "drug-label";
        Documents.Section(article)["label"] = new JsonObject { ["drug"] = "pioglitazone", ["brand"] = "ACTOS", ["rxcui"] = "33738", ["splSetId"] = "d2ddc491-88a9-4063-9150-443b4fa4330c" };

        Assert.Empty(Validate(article));
    }

    [Fact]
    public void RelatedArticlesAndQuestionsAnsweredElsewhereAreFineInOneDocument()
    {
        var article = Documents.ModelArticle();
        article["related"] = new JsonArray("metformin", "prediabetes");
        article["relatedQuestions"] = new JsonArray(
            new JsonObject { ["question"] = new JsonObject { ["patient"] = "Can it be reversed?", ["clinician"] = "Is it reversible? [[ref-a]]" }, ["answeredBy"] = "prediabetes" },
            new JsonObject { ["question"] = "What should I eat?" });

        Assert.Empty(Validate(article));
    }

    [Fact]
    public void DistinctWorksMayShareNothingButTheirFormat()
    {
        var article = Documents.ModelArticle();
        article["references"]![0]!["doi"] = "10.2337/dc25-S002";
        article["references"]![0]!["pmid"] = "39651986";
        article["references"]![1]!["doi"] = "10.2337/dc24-S002";
        article["references"]![1]!["pmid"] = "38078589";

        Assert.Empty(Validate(article));
    }

    // Codes confirmed in docs/editorial/reference-checks.md (and 73211009 "Diabetes mellitus (disorder)" in a SNOMED CT value set).
    [Theory]
    [InlineData("ICD-10-CM", "E88.819")]
    [InlineData("ICD-10-CM", "E11.9")]
    [InlineData("ICD-10-CM", "R73.03")]
    [InlineData("ICD-10-CM", "E28.2")]
    [InlineData("SNOMED CT", "73211009")]
    [InlineData("SNOMED CT", "44054006")]
    [InlineData("SNOMED CT", "763325000")]
    [InlineData("SNOMED CT", "714628002")]
    [InlineData("SNOMED CT", "237602007")]
    [InlineData("SNOMED CT", "237055002")]
    [InlineData("RxNorm", "6809")]
    [InlineData("RxNorm", "33738")]
    [InlineData("MeSH", "D007333")]
    [InlineData("MeSH", "D011236")]
    [InlineData("MeSH", "D003924")]
    [InlineData("LOINC", "4548-4")]
    [InlineData("LOINC", "1558-6")]
    [InlineData("LOINC", "20436-2")]
    [InlineData("LOINC", "20438-8")]
    public void AcceptsWellFormedCodes(string system, string code)
    {
        var article = Documents.ModelArticle();
        article["about"]!["codes"] = new JsonArray(Documents.Code(system, code, "A display"));

        Assert.Empty(Validate(article));
    }

    [Theory]
    [InlineData("ICD-10-CM", "E1", "is not an ICD-10-CM code")]
    [InlineData("ICD-10-CM", "e11.9", "is not an ICD-10-CM code")]
    [InlineData("ICD-10-CM", "E11.12345", "is not an ICD-10-CM code")]
    [InlineData("ICD-10-CM", "E11-9", "is not an ICD-10-CM code")]
    [InlineData("ICD-10-CM", "119.0", "is not an ICD-10-CM code")]
    [InlineData("SNOMED CT", "12345", "is not a SNOMED CT identifier")]
    [InlineData("SNOMED CT", "073211009", "is not a SNOMED CT identifier")]
    [InlineData("SNOMED CT", "SCT73211009", "is not a SNOMED CT identifier")]
    [InlineData("SNOMED CT", "73211008", "fails the SNOMED CT check digit (Verhoeff)")]
    [InlineData("SNOMED CT", "44054060", "fails the SNOMED CT check digit (Verhoeff)")]
    [InlineData("SNOMED CT", "763352000", "fails the SNOMED CT check digit (Verhoeff)")]
    [InlineData("RxNorm", "RX6809", "is not an RxNorm concept id")]
    [InlineData("RxNorm", "06809", "is not an RxNorm concept id")]
    [InlineData("MeSH", "D00733", "is not a MeSH id")]
    [InlineData("MeSH", "d007333", "is not a MeSH id")]
    [InlineData("MeSH", "Q000009", "is not a MeSH id")]
    [InlineData("LOINC", "45484", "is not a LOINC code")]
    [InlineData("LOINC", "4548-44", "is not a LOINC code")]
    [InlineData("LOINC", "4548-5", "fails the LOINC check digit: 4548 takes 4")]
    [InlineData("LOINC", "20463-2", "fails the LOINC check digit")]
    public void ReportsMalformedCodesAtTheirPointer(string system, string code, string message)
    {
        var article = Documents.ModelArticle();
        article["about"]!["codes"]!.AsArray().Add(Documents.Code(system, code, "A display"));

        var problem = Assert.Single(Validate(article));

        Assert.Equal("/about/codes/3/code", problem.Pointer);
        Assert.Contains($"'{code}' {message}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameCodeInTwoSystemsIsNotADuplicate()
    {
        var article = Documents.ModelArticle();
        article["about"]!["codes"] = new JsonArray(Documents.Code("RxNorm", "6809", "metformin"), Documents.Code("SNOMED CT", "73211009", "Diabetes mellitus"));

        Assert.Empty(Validate(article));
    }

    [Theory]
    [InlineData("doi", "https://doi.org/10.2337/dc25-S002", "DOI without resolver prefix, e.g. 10.2337/dc25-S002")]
    [InlineData("doi", "doi:10.2337/dc25-S002", "DOI without resolver prefix")]
    [InlineData("pmid", "PMID: 39651986", "PubMed id, e.g. 39651986")]
    [InlineData("pmid", "039651986", "PubMed id")]
    [InlineData("pmcid", "11635041", "PubMed Central id, e.g. PMC11635041")]
    [InlineData("pmcid", "pmc11635041", "PubMed Central id")]
    public void AMalformedWorkIdentifierIsExplainedAtItsPointer(string field, string value, string expected)
    {
        var article = Documents.ModelArticle();
        article["references"]![1]![field] = value;

        var problem = Assert.Single(Validate(article));

        Assert.Equal($"/references/1/{field}", problem.Pointer);
        Assert.Contains("does not match the pattern", problem.Message, StringComparison.Ordinal);
        Assert.Contains($": expected {expected}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocumentWithNeitherAboutNorConditionIsToldToAddAbout()
    {
        var article = Documents.ModelArticle();
        article.Remove("about");

        var problem = Assert.Single(Validate(article));

        Assert.Equal(("", "is missing the required property 'about'"), (problem.Pointer, problem.Message));
    }

    [Fact]
    public void LegacyFieldsAreWarnedAboutNotRefused()
    {
        var legacy = Deserialize(Documents.Article());
        var current = Deserialize(Documents.ModelArticle());

        var warnings = LegacyFields.Warnings("articles/sample/v1.json", legacy).ToList();

        Assert.Equal(["/condition", "/review"], warnings.Select(w => w.Pointer));
        Assert.Contains("use 'about'", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("nextReviewDue", warnings[1].Message, StringComparison.Ordinal);
        Assert.Empty(LegacyFields.Warnings("articles/sample/v1.json", current));
    }

    private static ArticleDocument Deserialize(JsonObject article) =>
        ArticleValidator.ValidateArticle("articles/sample/v1.json", Encoding.UTF8.GetBytes(article.ToJsonString()), Vocabulary).Document!;
}

internal static class JsonObjectExtensions
{
    /// <summary>Changes the object in place and returns it, so a changed copy reads as one expression.</summary>
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
