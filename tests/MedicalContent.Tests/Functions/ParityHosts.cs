using MedicalContent.Http;
using MedicalContent.Publishing;
using MedicalContent.Storage;
using MedicalContent.Tests.Azurite;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Functions;

/// <summary>
/// The self-hosted app and the Functions worker side by side on the same store and settings: one retracted version
/// (prediabetes v1), one preview key. The worker is driven without its host (see <see cref="FunctionsWorker"/>).
/// </summary>
public abstract class ParityHosts : IAsyncLifetime
{
    public const string PreviewKey = "parity-preview-key-0123456789-abcdefghij";
    public const string RetractionReason = "The glucose thresholds were misquoted.";
    public const string EditorOrigin = "https://editor.example.com";

    public ApiFactory App { get; private set; } = null!;

    public FunctionsWorker Worker { get; private set; } = null!;

    /// <summary>The store's settings, and the real store the hosts read (wrapped to retract one version, its index entries carrying summaries and subjects).</summary>
    protected abstract Task<(Dictionary<string, string?> Settings, Func<IContentStore> Store)> PrepareAsync();

    public async Task InitializeAsync()
    {
        var (settings, inner) = await PrepareAsync();
        settings[PreviewOptions.Key(nameof(PreviewOptions.Keys))] = PreviewKey;
        settings[BrowserAccessOptions.Key(nameof(BrowserAccessOptions.AllowedOrigins))] = EditorOrigin;
        IContentStore Store(IServiceProvider _) => new RetractingStore(new SubjectIndexingStore(inner()), ("prediabetes", 1, RetractionReason));
        App = new ApiFactory(null, settings) { Store = Store };
        Worker = new FunctionsWorker(settings, Store);
        await Worker.LoadContentAsync();
    }

    public virtual Task DisposeAsync()
    {
        App.Dispose();
        Worker.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class FileStoreParityHosts : ParityHosts
{
    protected override Task<(Dictionary<string, string?> Settings, Func<IContentStore> Store)> PrepareAsync() =>
        Task.FromResult((
            new Dictionary<string, string?> { [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "FileSystem", [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = RepoPaths.ContentJson },
            (Func<IContentStore>)(() => new FileContentStore(RepoPaths.ContentJson))));
}

public sealed class BlobStoreParityHosts : ParityHosts
{
    protected override async Task<(Dictionary<string, string?> Settings, Func<IContentStore> Store)> PrepareAsync()
    {
        var azurite = await SharedAzurite.GetAsync();
        var container = await azurite.CreateContainerAsync();
        await new Publisher(container).PublishAsync(RepoPaths.ContentJson, null, CancellationToken.None);
        return (
            new Dictionary<string, string?>
            {
                [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "Blob",
                [ContentStoreOptions.Key(nameof(ContentStoreOptions.ConnectionString))] = azurite.ConnectionString,
                [ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName))] = container.Name,
            },
            () => new BlobContentStore(container));
    }
}
