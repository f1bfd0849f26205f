using Azure.Storage.Blobs;

namespace MedicalContent.Tests.Azurite;

/// <summary>
/// A test class's handle on the run's one Azurite (<see cref="SharedAzurite"/>): creating it starts nothing, its
/// initialisation waits for the shared process (started on first use), its disposal leaves the process running for
/// the other classes. Each test makes its own container with <see cref="CreateContainerAsync"/>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private SharedAzurite? _azurite;

    public string ConnectionString => Azurite.ConnectionString;

    public int Port => Azurite.Port;

    public BlobServiceClient Service => Azurite.Service;

    private SharedAzurite Azurite => _azurite ?? throw new InvalidOperationException("The Azurite fixture is used before xunit initialised it.");

    public async Task InitializeAsync() => _azurite = await SharedAzurite.GetAsync();

    /// <summary>A new, empty container with a unique name: each test gets its own.</summary>
    public Task<BlobContainerClient> CreateContainerAsync() => Azurite.CreateContainerAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class UsesAzurite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
