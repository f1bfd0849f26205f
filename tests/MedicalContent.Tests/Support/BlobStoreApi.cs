using MedicalContent.Publishing;
using MedicalContent.Tests.Azurite;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Support;

/// <summary>
/// The real API pipeline on the blob store: content-json/ is published into a real Azurite container with the
/// publishing code the CLI uses, and the API reads it from there. The container is the fixture's own; the Azurite
/// process is the run's one <see cref="SharedAzurite"/>.
/// </summary>
public class BlobStoreApi : ApiFactory, IAsyncLifetime
{
    public string ContainerName { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var azurite = await SharedAzurite.GetAsync();
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(RepoPaths.ContentJson, null, CancellationToken.None);
        ContainerName = container.Name;
        Settings[ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "Blob";
        Settings[ContentStoreOptions.Key(nameof(ContentStoreOptions.ConnectionString))] = azurite.ConnectionString;
        Settings[ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName))] = container.Name;
        Settings.Remove(ContentStoreOptions.Key(nameof(ContentStoreOptions.Path)));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
