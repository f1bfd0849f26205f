using System.Text.Json.Nodes;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Validation;

public class ContentFolderTests
{
    [Fact]
    public void TheShippedContentIsValid()
    {
        var load = ContentFolder.Load(RepoPaths.ContentJson);

        Assert.True(load.IsValid, string.Join(Environment.NewLine, load.Problems));
        Assert.True(load.Versions.Select(v => v.Document.Slug).Distinct().Count() >= 4);
        Assert.Contains(load.Vocabulary!.Audiences, a => a.Id == "patient");
        Assert.Contains(load.Vocabulary!.Audiences, a => a.Id == "clinician");
    }

    [Fact]
    public void TheInsulinResistanceArticleHasAnApprovedAndAnUnapprovedVersion()
    {
        var versions = ContentFolder.Load(RepoPaths.ContentJson).Versions.Where(v => v.Document.Slug == "insulin-resistance").ToList();

        Assert.True(versions.Count >= 2);
        Assert.Contains(versions, v => v.Document.Review.Status == Model.ReviewStatus.Approved);
        Assert.Contains(versions, v => v.Document.Review.Status != Model.ReviewStatus.Approved);
    }

    [Fact]
    public void ReportsAGapInVersionNumbers()
    {
        using var folder = new TempContentFolder();
        File.Delete(folder.File("articles/insulin-resistance/v2.json"));

        var load = ContentFolder.Load(folder.Path);

        var problem = Assert.Single(load.Problems);
        Assert.Equal("articles/insulin-resistance/v2.json", problem.File);
        Assert.Contains("version 2 is missing", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsBadFolderAndFileNames()
    {
        using var folder = new TempContentFolder();
        Directory.CreateDirectory(folder.File("articles/Bad_Slug"));
        folder.Write("articles/metformin/draft.json", "{}");
        folder.Write("articles/loose.json", "{}");

        var problems = ContentFolder.Load(folder.Path).Problems;

        Assert.Contains(problems, p => p.File == "articles/Bad_Slug" && p.Message.Contains("not a valid slug", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "articles/metformin/draft.json" && p.Message.Contains("v{N}.json", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == "articles/loose.json");
    }

    [Fact]
    public void ReportsAMissingVocabulary()
    {
        using var folder = new TempContentFolder();
        File.Delete(folder.File("audiences.json"));

        var problem = Assert.Single(ContentFolder.Load(folder.Path).Problems);

        Assert.Equal("audiences.json", problem.File);
    }

    [Fact]
    public void ReportsMissingSyndicationTerms()
    {
        using var folder = new TempContentFolder();
        File.Delete(folder.File("syndication.json"));

        var problem = Assert.Single(ContentFolder.Load(folder.Path).Problems);

        Assert.Equal("syndication.json", problem.File);
    }

    [Theory]
    [InlineData("canonicalBaseUrl", "https://medical-content.example/articles")]
    [InlineData("licenseUrl", "creativecommons.org/licenses/by-nc-nd/4.0/")]
    [InlineData("publisher", "")]
    public void RejectsInvalidSyndicationTerms(string property, string value)
    {
        using var folder = new TempContentFolder();
        var terms = System.Text.Json.Nodes.JsonNode.Parse(folder.Read("syndication.json"))!;
        terms[property] = value;
        folder.Write("syndication.json", terms.ToJsonString());

        var problem = Assert.Single(ContentFolder.Load(folder.Path).Problems);

        Assert.Equal(("syndication.json", "/" + property), (problem.File, problem.Pointer));
    }

    [Fact]
    public void EveryVersionOfAFolderCarriesItsSyndicationTerms()
    {
        var load = ContentFolder.Load(RepoPaths.ContentJson);

        Assert.All(load.ToIndex().Articles.SelectMany(a => a.Versions), v => Assert.Equal(load.Syndication, v.Syndication));
        Assert.Equal("https://medical-content.example/articles/metformin", load.Syndication!.CanonicalUrl("metformin"));
    }

    [Fact]
    public void ReportsProblemsInSeveralFilesAtOnce()
    {
        using var folder = new TempContentFolder();
        folder.Write("articles/metformin/v1.json", folder.Read("articles/metformin/v1.json").Replace("\"approved\"", "\"published\"", StringComparison.Ordinal));
        folder.Write("articles/prediabetes/v1.json", "not json");

        var problems = ContentFolder.Load(folder.Path).Problems;

        Assert.Contains(problems, p => p.File == "articles/metformin/v1.json" && p.Pointer == "/review/status");
        Assert.Contains(problems, p => p.File == "articles/prediabetes/v1.json" && p.Message.StartsWith("is not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void ReportsRelatedArticlesAndAnswersThatAreNotInTheFolder()
    {
        var linking = Documents.ModelArticle("linking");
        linking["related"] = new JsonArray("linked", "no-such-article");
        linking["relatedQuestions"] = new JsonArray(
            new JsonObject { ["question"] = "Is it linked?", ["answeredBy"] = "linked" },
            new JsonObject { ["question"] = "Is it answered?", ["answeredBy"] = "unwritten" });
        using var folder = Documents.Folder(linking, Documents.ModelArticle("linked"));

        var load = ContentFolder.Load(folder.Path);

        Assert.Equal(
            [
                ("articles/linking/v1.json", "/related/1", "related article 'no-such-article' does not exist in this content folder"),
                ("articles/linking/v1.json", "/relatedQuestions/1/answeredBy", "the answering article 'unwritten' does not exist in this content folder"),
            ],
            load.Problems.Select(p => (p.File, p.Pointer, p.Message)));
    }

    [Fact]
    public void ALinkedArticleWithInvalidFilesStillExists()
    {
        var linking = Documents.ModelArticle("linking");
        linking["related"] = new JsonArray("linked");
        var linked = Documents.ModelArticle("linked");
        linked.Remove("title");
        using var folder = Documents.Folder(linking, linked);

        var problem = Assert.Single(ContentFolder.Load(folder.Path).Problems);

        Assert.Equal("articles/linked/v1.json", problem.File);
    }

    [Fact]
    public void APublishLeavesLinksToTheStoreToThePublisher()
    {
        var linking = Documents.ModelArticle("linking");
        linking["related"] = new JsonArray("published-elsewhere");
        using var folder = Documents.Folder(linking);

        Assert.True(ContentFolder.Load(folder.Path, linksWithinFolder: false).IsValid);
        Assert.Contains(ContentFolder.Load(folder.Path).Problems, p => p.Pointer == "/related/0");
    }
}
