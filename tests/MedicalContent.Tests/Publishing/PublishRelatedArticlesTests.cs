using System.Text.Json.Nodes;
using MedicalContent.Publishing;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Publishing;

/// <summary>
/// A publish checks that the articles a new version links to (related, answeredBy) exist in the store's index or in
/// the folder being published; when one does not, nothing is uploaded.
/// </summary>
[Integration]
[Collection(UsesAzurite.Name)]
public sealed class PublishRelatedArticlesTests(AzuriteFixture azurite)
{
    private static JsonObject Linking(params string[] related)
    {
        var article = Documents.ModelArticle("linking");
        article["related"] = new JsonArray(related.Select(s => (JsonNode)s).ToArray());
        return article;
    }

    [Fact]
    public async Task ARelatedArticleThatExistsNowhereIsRefusedAndNothingIsUploaded()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = Documents.Folder(Linking("linked", "nowhere"), Documents.ModelArticle("linked"));

        var result = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Plan.Problems);
        Assert.Equal(("articles/linking/v1.json", "/related/1"), (problem.File, problem.Pointer));
        Assert.Equal("related article 'nowhere' does not exist in the store or in the folder being published", problem.Message);
        Assert.Empty(await BlobTestContent.BlobNamesAsync(container));
    }

    [Fact]
    public async Task ARelatedArticleAlreadyInTheStoreNeedNotBeInTheFolder()
    {
        var container = await azurite.CreateContainerAsync();
        using (var first = Documents.Folder(Documents.ModelArticle("linked")))
        {
            Assert.True((await new Publisher(container).PublishAsync(first.Path, null, CancellationToken.None)).Succeeded);
        }

        var linking = Linking("linked");
        linking["relatedQuestions"] = new JsonArray(new JsonObject { ["question"] = "Is it linked?", ["answeredBy"] = "linked" });
        using var folder = Documents.Folder(linking);

        var result = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Plan.Problems));
        Assert.Contains("articles/linking/v1.json", BlobTestContent.VersionNames(await BlobTestContent.IndexAsync(container)));
    }

    [Fact]
    public async Task AnArticleWhoseEveryVersionIsRetractedIsNoLongerThereToLinkTo()
    {
        var container = await azurite.CreateContainerAsync();
        using (var first = Documents.Folder(Documents.ModelArticle("linked")))
        {
            await new Publisher(container).PublishAsync(first.Path, null, CancellationToken.None);
        }

        await new Retractor(container, TimeProvider.System).RetractAsync("linked", 1, "Withdrawn.", CancellationToken.None);
        var linking = Documents.ModelArticle("linking");
        linking["relatedQuestions"] = new JsonArray(new JsonObject { ["question"] = "Is it linked?", ["answeredBy"] = "linked" });
        using var folder = Documents.Folder(linking);
        var before = await BlobTestContent.BlobNamesAsync(container);

        var result = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        var problem = Assert.Single(result.Plan.Problems);
        Assert.Equal(("articles/linking/v1.json", "/relatedQuestions/0/answeredBy"), (problem.File, problem.Pointer));
        Assert.Equal(before, await BlobTestContent.BlobNamesAsync(container));
    }
}
