using MedicalContent.Publishing;
using MedicalContent.Tests.Azurite;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Support;

/// <summary>
/// The real API pipeline on the blob store: content-json/ is published into a real Azurite container with the
/// publishing code the CLI uses, and the API reads it from there.
/// </summary>
public sealed class BlobStoreApi : ApiFactory, IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();

    public string ContainerName { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var container = await Azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(RepoPaths.ContentJson, null, CancellationToken.None);
        ContainerName = container.Name;
        Settings[ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "Blob";
        Settings[ContentStoreOptions.Key(nameof(ContentStoreOptions.ConnectionString))] = Azurite.ConnectionString;
        Settings[ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName))] = container.Name;
        Settings.Remove(ContentStoreOptions.Key(nameof(ContentStoreOptions.Path)));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
