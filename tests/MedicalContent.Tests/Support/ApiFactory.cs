using Microsoft.AspNetCore.Hosting;
using MedicalContent.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalContent.Tests.Support;

/// <summary>The real API pipeline on the embedded default store (content-json/), in memory.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    /// <summary>Configuration the app starts with; subclasses may add to it until the app first starts.</summary>
    protected IDictionary<string, string?> Settings => _settings;

    /// <summary>Every request that reached the API.</summary>
    public OriginLog Requests { get; } = new();

    /// <summary>Replaces the configured store (the only thing integration tests swap).</summary>
    public Func<IServiceProvider, IContentStore>? Store { get; init; }

    public ApiFactory()
        : this(null, null)
    {
    }

    internal ApiFactory(string? contentPath, IReadOnlyDictionary<string, string?>? settings)
    {
        _settings = new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Kind))] = "FileSystem",
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = contentPath ?? RepoPaths.ContentJson,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>Serves the app on Kestrel at a free loopback port (for real clients such as a CDN edge); returns the port.</summary>
    public int StartOnLoopback()
    {
        var port = Ports.Free();
        this.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        return port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new OriginLog.Recorder(Requests)));
        if (Store is { } store)
        {
            builder.ConfigureServices(services => services.AddSingleton(store));
        }
    }
}
