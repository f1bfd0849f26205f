using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Clients;

/// <summary>
/// The API on Kestrel at a loopback port, as a third-party tool meets it, and the OpenAPI document it serves
/// (<c>/api/openapi/v1.json</c>) downloaded to a temporary file; the npm tools installed.
/// </summary>
public sealed class ServedOpenApiDocument : IAsyncLifetime
{
    private readonly ApiFactory _api = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The downloaded document, in a temporary folder of its own.</summary>
    public string Path { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var install = NodeTools.EnsureInstalledAsync();
        BaseAddress = new Uri($"http://127.0.0.1:{_api.StartOnLoopback()}");
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mc-openapi-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, "v1.json");
        using (var client = new HttpClient { BaseAddress = BaseAddress })
        {
            await File.WriteAllBytesAsync(Path, await client.GetByteArrayAsync("/api/openapi/v1.json"));
        }

        await install;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
    }
}
