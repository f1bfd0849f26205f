using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MedicalContent.Tests.Support;

/// <summary>The real API pipeline on the embedded default store (content-json/), in memory.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ApiFactory()
        : this(null, null)
    {
    }

    internal ApiFactory(string? contentPath, IReadOnlyDictionary<string, string?>? settings)
    {
        _settings = new Dictionary<string, string?>
        {
            ["ContentStore:Kind"] = "FileSystem",
            ["ContentStore:Path"] = contentPath ?? RepoPaths.ContentJson,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
