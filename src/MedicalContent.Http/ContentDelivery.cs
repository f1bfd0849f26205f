using MedicalContent.Delivery;
using MedicalContent.Storage;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace MedicalContent.Http;

/// <summary>Which store serves the content (configuration section <c>ContentStore</c>).</summary>
public sealed class ContentStoreOptions
{
    public const string Section = "ContentStore";

    public ContentStoreKind Kind { get; set; } = ContentStoreKind.FileSystem;

    /// <summary>
    /// File system: the content folder. A relative path is looked up from the working directory and then from each
    /// of its parents, so the repository's <c>content-json/</c> is found from anywhere inside a clone.
    /// </summary>
    public string Path { get; set; } = "content-json";

    public string? ResolvePath()
    {
        if (System.IO.Path.IsPathRooted(Path))
        {
            return Directory.Exists(Path) ? Path : null;
        }

        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, Path);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Blob: the account's blob endpoint (https://{account}.blob.core.windows.net/), used with managed identity.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Blob: a connection string, for the local emulator only.</summary>
    public string? ConnectionString { get; set; }

    public string ContainerName { get; set; } = "articles";
}

public enum ContentStoreKind
{
    FileSystem,
    Blob,
}

internal sealed class ContentStoreOptionsValidator : IValidateOptions<ContentStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentStoreOptions options) => options.Kind switch
    {
        ContentStoreKind.FileSystem when string.IsNullOrWhiteSpace(options.Path) =>
            ValidateOptionsResult.Fail("ContentStore:Path must name the content folder when ContentStore:Kind is FileSystem."),
        ContentStoreKind.FileSystem when options.ResolvePath() is null =>
            ValidateOptionsResult.Fail($"ContentStore:Path '{options.Path}' is not a folder here ({Environment.CurrentDirectory}) or in any parent folder."),
        ContentStoreKind.Blob when options.BlobServiceUri is null && string.IsNullOrWhiteSpace(options.ConnectionString) =>
            ValidateOptionsResult.Fail("ContentStore:BlobServiceUri (or, for the emulator only, ContentStore:ConnectionString) is required when ContentStore:Kind is Blob."),
        ContentStoreKind.Blob when options.BlobServiceUri is { Scheme: not "https" } && string.IsNullOrWhiteSpace(options.ConnectionString) =>
            ValidateOptionsResult.Fail("ContentStore:BlobServiceUri must be an https:// URL."),
        ContentStoreKind.Blob when string.IsNullOrWhiteSpace(options.ContainerName) =>
            ValidateOptionsResult.Fail("ContentStore:ContainerName is required when ContentStore:Kind is Blob."),
        ContentStoreKind.FileSystem or ContentStoreKind.Blob => ValidateOptionsResult.Success,
        _ => ValidateOptionsResult.Fail($"ContentStore:Kind must be FileSystem or Blob; it is '{options.Kind}'."),
    };
}

internal sealed class ContentCacheOptionsValidator : IValidateOptions<ContentCacheOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentCacheOptions options)
    {
        var errors = new List<string>();
        if (options.RefreshIntervalSeconds is < 0 or > 3600)
        {
            errors.Add("ContentCache:RefreshIntervalSeconds must be from 0 to 3600.");
        }

        if (options.PublicStatuses.Count == 0)
        {
            errors.Add("ContentCache:PublicStatuses must name at least one review status.");
        }

        if (options.MaxBytes < 1024)
        {
            errors.Add("ContentCache:MaxBytes must be at least 1024.");
        }

        if (options.StoreTimeoutSeconds is < 0.05 or > 60 || options.StoreBudgetSeconds < options.StoreTimeoutSeconds || options.StoreRetries is < 0 or > 5)
        {
            errors.Add("ContentCache:StoreTimeoutSeconds must be 0.05–60, StoreBudgetSeconds at least the timeout, StoreRetries 0–5.");
        }

        if (options.StaleWindowSeconds < 0)
        {
            errors.Add("ContentCache:StaleWindowSeconds must be zero or more.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

public static class ContentDeliveryExtensions
{
    public static IServiceCollection AddContentDelivery(this IServiceCollection services)
    {
        services.AddOptions<ContentStoreOptions>().BindConfiguration(ContentStoreOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentStoreOptions>, ContentStoreOptionsValidator>();
        services.AddOptions<ContentCacheOptions>().BindConfiguration(ContentCacheOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentCacheOptions>, ContentCacheOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IContentStore>(provider => CreateStore(provider.GetRequiredService<IOptions<ContentStoreOptions>>().Value, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ContentCounters>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ContentCacheOptions>>().Value;
            var counters = provider.GetRequiredService<ContentCounters>();
            var service = new ContentService(
                new ResilientContentStore(provider.GetRequiredService<IContentStore>(), options, counters, provider.GetRequiredService<TimeProvider>()),
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<ContentService>>(),
                counters);
            counters.Publish(provider.GetRequiredService<IMeterFactory>().Create(ContentCounters.MeterName));
            return service;
        });
        return services;
    }

    /// <summary>
    /// Reads the index before the first request. Invalid content fails the start; an unreachable store does not
    /// (requests answer 503 until it is back).
    /// </summary>
    public static async Task LoadContentAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<ContentService>().InitializeAsync(cancellationToken).ConfigureAwait(false) is { } unavailable)
        {
            services.GetRequiredService<ILogger<ContentService>>().LogWarning(
                "The content store {Store} could not be read at start-up ({Reason}); requests answer 503 until it can.",
                services.GetRequiredService<IContentStore>().Description,
                unavailable.Detail);
        }
    }

    private static IContentStore CreateStore(ContentStoreOptions options, ILoggerFactory loggers) => options.Kind switch
    {
        ContentStoreKind.FileSystem => new FileContentStore(options.ResolvePath()!, loggers.CreateLogger<FileContentStore>()),
        ContentStoreKind.Blob => new BlobContentStore(
            BlobContentStore.CreateContainerClient(options.BlobServiceUri, options.ConnectionString, options.ContainerName, sdkRetries: 0)),
        _ => throw new InvalidOperationException($"ContentStore:Kind must be FileSystem or Blob; it is '{options.Kind}'."),
    };
}
