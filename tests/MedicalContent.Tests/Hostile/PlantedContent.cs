using System.Net;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MedicalContent.Tests.Hostile;

/// <summary>
/// A copy of content-json/ with secrets planted around it, where a walk out of the content root would land:
/// in its parent folder (as <c>v1.json</c>, the name a version read looks for) and in a sibling folder whose name
/// starts with the root's name (<c>content-json-evil/</c>, which a prefix check without the separator lets through).
/// </summary>
public sealed class PlantedContent : IDisposable
{
    public PlantedContent()
    {
        Base = Path.Combine(Path.GetTempPath(), "mc-hostile-" + Guid.NewGuid().ToString("N"));
        Root = Path.Combine(Base, "content-json");
        Copy(RepoPaths.ContentJson, Root);
        Secret = "PLANTED-SECRET-" + Guid.NewGuid().ToString("N");
        var document = $$"""{ "slug": "insulin-resistance", "version": 1, "secret": "{{Secret}}" }""";
        string[] planted =
        [
            Path.Combine(Base, "v1.json"),
            Path.Combine(Base, "secret.txt"),
            Path.Combine(Base, "articles", "insulin-resistance", "v1.json"),
            Path.Combine(Base, "content-json-evil", "articles", "insulin-resistance", "v1.json"),
            Path.Combine(Base, "content-json-evil", "v1.json"),
            Path.Combine(Base, "content-json-evil", "audiences.json"),
        ];
        foreach (var file in planted)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, document);
        }
    }

    /// <summary>The folder holding the content root and the planted files.</summary>
    public string Base { get; }

    /// <summary>The content root the API and the file store serve.</summary>
    public string Root { get; }

    /// <summary>Appears in every planted file and nowhere in the content: no answer may ever contain it.</summary>
    public string Secret { get; }

    public void Dispose()
    {
        if (Directory.Exists(Base))
        {
            Directory.Delete(Base, recursive: true);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}

/// <summary>The real API on real Kestrel (its request limits are part of what is tested), serving <see cref="PlantedContent"/>.</summary>
public sealed class HostileServer : IAsyncLifetime
{
    public PlantedContent Content { get; } = new();

    public ApiFactory Factory { get; private set; } = null!;

    public int Port { get; private set; }

    public Task InitializeAsync()
    {
        Port = Ports.Free();
        Factory = new ApiFactory(Content.Root, null);
        Factory.UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        Factory.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Content.Dispose();
    }
}
