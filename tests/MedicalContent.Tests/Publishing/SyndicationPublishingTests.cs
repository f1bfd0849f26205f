using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MedicalContent.Publishing;
using MedicalContent.Routing;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Publishing;

/// <summary>
/// Attribution is published content: each version is published under the syndication terms of its publish, and a
/// later change of <c>syndication.json</c> reaches only versions published after it.
/// </summary>
[Integration]
[Collection(UsesAzurite.Name)]
public sealed class SyndicationPublishingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task NewTermsReachOnlyNewVersionsAndPublishedVersionsKeepTheirBytes()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        var original = ContentFolder.Load(folder.Path).Syndication!;
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        var urls = VersionUrls.Of(folder.Path);
        var before = await FetchThroughApiAsync(container, urls);

        ChangeTerms(folder);
        BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);
        var result = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(1, result.Uploaded);
        var index = await BlobTestContent.IndexAsync(container);
        var entries = index.Articles.SelectMany(a => a.Versions.Select(v => (a.Slug, Version: v))).ToList();
        Assert.All(entries.Where(e => !(e.Slug == "prediabetes" && e.Version.Number == 3)), e => Assert.Equal(original, e.Version.Syndication));
        Assert.Equal("Partner Health", entries.Single(e => e.Slug == "prediabetes" && e.Version.Number == 3).Version.Syndication!.Publisher);

        var newUrl = RouteTable.VersionUrl("prediabetes", 3, "patient");
        var after = await FetchThroughApiAsync(container, [.. urls, newUrl, RouteTable.VersionJsonLdUrl("prediabetes", 3, "patient")]);
        VersionUrls.AssertUnchanged(before, after);
        Assert.Equal(HttpStatusCode.OK, after[newUrl].Status);
        var attribution = JsonDocument.Parse(after[newUrl].Body).RootElement.GetProperty("attribution");
        Assert.Equal("Partner Health", attribution.GetProperty("publisher").GetString());
        Assert.Equal("CC BY 4.0", attribution.GetProperty("license").GetString());
        Assert.Equal("https://health.partner.example/library/prediabetes", attribution.GetProperty("canonicalUrl").GetString());
        var page = JsonDocument.Parse(after[RouteTable.VersionJsonLdUrl("prediabetes", 3, "patient")].Body).RootElement;
        Assert.Equal("Partner Health", page.GetProperty("publisher").GetProperty("name").GetString());
    }

    [Fact]
    public async Task ChangedTermsAloneRewriteNoPublishedEntry()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        var publisher = new Publisher(container);
        await publisher.PublishAsync(folder.Path, null, CancellationToken.None);
        var before = await container.GetBlobClient(BlobContentStore.IndexBlobName).DownloadContentAsync();

        ChangeTerms(folder);
        var again = await publisher.PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.True(again.Plan.IsNoOp);
        Assert.False(again.IndexWritten);
        var after = await container.GetBlobClient(BlobContentStore.IndexBlobName).DownloadContentAsync();
        Assert.Equal(before.Value.Details.ETag, after.Value.Details.ETag);
    }

    private static void ChangeTerms(TempContentFolder folder)
    {
        var terms = JsonNode.Parse(folder.Read(ContentFolder.SyndicationFile))!;
        terms["publisher"] = "Partner Health";
        terms["publisherUrl"] = "https://health.partner.example/";
        terms["license"] = "CC BY 4.0";
        terms["licenseUrl"] = "https://creativecommons.org/licenses/by/4.0/";
        terms["canonicalBaseUrl"] = "https://health.partner.example/library/";
        folder.Write(ContentFolder.SyndicationFile, terms.ToJsonString());
    }

    /// <summary>A fresh API instance on the container: what any instance, cold or warm, would serve.</summary>
    private static async Task<Dictionary<string, UrlAnswer>> FetchThroughApiAsync(BlobContainerClient container, IEnumerable<string> urls)
    {
        using var api = new ApiFactory { Store = _ => new BlobContentStore(container) };
        return await VersionUrls.FetchAsync(api.CreateClient(), urls);
    }
}
