using MedicalContent.Publishing;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Publishing;

[Integration]
[Collection(UsesAzurite.Name)]
public sealed class BlobContentStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ReadsThePublishedIndexAndAnswersNullWhileItsETagIsUnchanged()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        var store = new BlobContentStore(container);

        var first = await store.ReadIndexAsync(null, CancellationToken.None);
        var unchanged = await store.ReadIndexAsync(first!.ETag, CancellationToken.None);
        BlobTestContent.AddVersion(folder, "prediabetes", 2, 3);
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);
        var changed = await store.ReadIndexAsync(first.ETag, CancellationToken.None);

        Assert.Equal(ContentFolder.Load(RepoPaths.ContentJson).ToIndex().Articles.Count, first.Index.Articles.Count);
        Assert.Null(unchanged);
        Assert.NotNull(changed);
        Assert.NotEqual(first.ETag, changed.ETag);
        Assert.Contains("articles/prediabetes/v3.json", BlobTestContent.VersionNames(changed.Index));
    }

    [Fact]
    public async Task AContainerWithNothingPublishedSaysToRunThePublishCommand()
    {
        var container = await azurite.CreateContainerAsync();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => new BlobContentStore(container).ReadIndexAsync(null, CancellationToken.None));

        Assert.Contains("Nothing has been published", error.Message, StringComparison.Ordinal);
        Assert.Contains("publish", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(container.Name, error.Message, StringComparison.Ordinal); // public answers carry this message
    }

    [Fact]
    public async Task ReadsAVersionAsTheEditorsExactBytes()
    {
        var container = await azurite.CreateContainerAsync();
        using var folder = new TempContentFolder();
        await new Publisher(container).PublishAsync(folder.Path, null, CancellationToken.None);

        var bytes = await new BlobContentStore(container).ReadVersionAsync("insulin-resistance", 2, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(folder.File("articles/insulin-resistance/v2.json")), bytes);
    }

    [Fact]
    public async Task AVersionThatIsNotThereIsContentNotFound()
    {
        var container = await azurite.CreateContainerAsync();

        await Assert.ThrowsAsync<ContentNotFoundException>(() => new BlobContentStore(container).ReadVersionAsync("insulin-resistance", 9, CancellationToken.None));
    }

    [Fact]
    public async Task TheDescriptionNamesTheAccountAndContainerButNoCredential()
    {
        var container = await azurite.CreateContainerAsync();

        var description = new BlobContentStore(container).Description;

        Assert.Contains(container.Name, description, StringComparison.Ordinal);
        Assert.Contains("devstoreaccount1", description, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", description, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Eby8vdM02", description, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAccountUrlIsUsedWithTheGivenCredentialAndAConnectionStringWinsForTheEmulator()
    {
        var credential = AppCredential.Create(null);
        var azure = BlobContentStore.CreateContainerClient(new Uri("https://contoso.blob.core.windows.net"), null, "articles", credential);
        var emulator = BlobContentStore.CreateContainerClient(new Uri("https://contoso.blob.core.windows.net"), azurite.ConnectionString, "articles", credential);

        Assert.Equal(new Uri("https://contoso.blob.core.windows.net/articles"), azure.Uri);
        Assert.False(azure.CanGenerateSasUri);
        Assert.Equal("devstoreaccount1", emulator.AccountName);
        Assert.Throws<ArgumentException>(() => BlobContentStore.CreateContainerClient(null, null, "articles", credential));
        Assert.Throws<ArgumentNullException>(() => BlobContentStore.CreateContainerClient(new Uri("https://contoso.blob.core.windows.net"), null, "articles", null));
    }
}
