using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Publishing;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MedicalContent.Tests.Publishing;

[Integration]
[Collection(UsesAzurite.Name)]
public sealed class RetractorTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 9, 30, 15, TimeSpan.Zero);

    [Fact]
    public async Task RetractingMarksOnlyThatVersionWithTheReasonAndTime()
    {
        var container = await PublishedAsync();

        await new Retractor(container, new FakeTimeProvider(Now)).RetractAsync("prediabetes", 2, "Dosage table was wrong.", CancellationToken.None);

        var index = await BlobTestContent.IndexAsync(container);
        var retracted = index.Articles.SelectMany(a => a.Versions.Select(v => (a.Slug, v))).Where(x => x.v.Retraction is not null).ToList();
        var (slug, version) = Assert.Single(retracted);
        Assert.Equal(("prediabetes", 2), (slug, version.Number));
        Assert.Equal("Dosage table was wrong.", version.Retraction!.Reason);
        Assert.Equal(Now, version.Retraction.RetractedAt);
    }

    [Fact]
    public async Task ARetractedVersionIsGoneWithItsReasonAndLatestFallsBackToThePreviousVersion()
    {
        var container = await PublishedAsync();
        await new Retractor(container, new FakeTimeProvider(Now)).RetractAsync("prediabetes", 2, "Dosage table was wrong.", CancellationToken.None);
        using var service = new ContentService(new BlobContentStore(container), new ContentCacheOptions(), TimeProvider.System, NullLogger<ContentService>.Instance);

        var version = await service.GetVersionAsync("prediabetes", "2", null, CancellationToken.None);
        var latest = await service.GetLatestAsync("prediabetes", null, CancellationToken.None);

        Assert.Equal("Dosage table was wrong.", Assert.IsType<Retracted>(version).Reason);
        using var body = System.Text.Json.JsonDocument.Parse(Assert.IsType<Found>(latest).Representation.Body);
        Assert.Equal(1, body.RootElement.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("no-such-article", 1, "no published article 'no-such-article'")]
    [InlineData("prediabetes", 7, "'prediabetes' has no version 7")]
    public async Task RetractingAnUnknownArticleOrVersionIsRefusedAndChangesNothing(string slug, int version, string message)
    {
        var container = await PublishedAsync();
        var before = await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync();

        var error = await Assert.ThrowsAsync<RetractionRefusedException>(() => new Retractor(container, new FakeTimeProvider(Now)).RetractAsync(slug, version, "reason", CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        var after = await container.GetBlobClient(BlobContentStore.IndexBlobName).GetPropertiesAsync();
        Assert.Equal(before.Value.ETag, after.Value.ETag);
    }

    [Fact]
    public async Task RetractingTwiceIsRefusedAndKeepsTheFirstReason()
    {
        var container = await PublishedAsync();
        var retractor = new Retractor(container, new FakeTimeProvider(Now));
        await retractor.RetractAsync("prediabetes", 2, "First reason.", CancellationToken.None);

        var error = await Assert.ThrowsAsync<RetractionRefusedException>(() => retractor.RetractAsync("prediabetes", 2, "Second reason.", CancellationToken.None));

        Assert.Contains("already retracted", error.Message, StringComparison.Ordinal);
        Assert.Equal("First reason.", Entry(await BlobTestContent.IndexAsync(container), "prediabetes", 2).Retraction!.Reason);
    }

    [Fact]
    public async Task RetractingWhenNothingIsPublishedIsRefused()
    {
        var container = await azurite.CreateContainerAsync();

        var error = await Assert.ThrowsAsync<RetractionRefusedException>(() => new Retractor(container, new FakeTimeProvider(Now)).RetractAsync("prediabetes", 2, "reason", CancellationToken.None));

        Assert.Contains("Nothing has been published", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetractionSurvivesRepublishingTheFolderAndPublishingNewVersions()
    {
        using var folder = new TempContentFolder();
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        await new Retractor(container, new FakeTimeProvider(Now)).RetractAsync("prediabetes", 2, "Dosage table was wrong.", CancellationToken.None);

        var republish = await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        Assert.True(republish.Plan.IsNoOp);
        var index = await BlobTestContent.IndexAsync(container);
        Assert.Equal("Dosage table was wrong.", Entry(index, "prediabetes", 2).Retraction!.Reason);
        Assert.Null(Entry(index, "prediabetes", 3).Retraction);
    }

    private async Task<Azure.Storage.Blobs.BlobContainerClient> PublishedAsync()
    {
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(RepoPaths.ContentJson, null, CancellationToken.None);
        return container;
    }

    private static VersionEntry Entry(ContentIndex index, string slug, int number) =>
        index.Articles.Single(a => a.Slug == slug).Versions.Single(v => v.Number == number);
}
