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
}
