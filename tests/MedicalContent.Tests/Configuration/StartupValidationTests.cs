using MedicalContent.Delivery;
using MedicalContent.Http;
using MedicalContent.Storage;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MedicalContent.Tests.Configuration;

/// <summary>
/// A bad setting stops either host before it serves anything, with a message that names the key to fix: each options
/// class's generated validator (its attributes' bounds) and its cross-field checks.
/// </summary>
public class StartupValidationTests
{
    /// <summary>Key, bad value, and the message the start must fail with (exactly, or at least containing it).</summary>
    public static TheoryData<string, string, string> BadSettings() => new()
    {
        // ContentStoreOptions: the generated validator, and the Kind-dependent checks.
        { ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName)), "Not_A_Container", $"{ContentStoreOptions.Key(nameof(ContentStoreOptions.ContainerName))} must be 3 to 63 lowercase letters, digits and single hyphens." },
        { ContentStoreOptions.Key(nameof(ContentStoreOptions.Path)), "no-such-content-folder", $"{ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))} 'no-such-content-folder' is not a folder" },
        // ContentCacheOptions: each bound, and the budget that must cover one call.
        { ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds)), "3601", $"{ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))} must be from 0 to 3600." },
        { ContentCacheOptions.Key(nameof(ContentCacheOptions.MaxBytes)), "1023", $"{ContentCacheOptions.Key(nameof(ContentCacheOptions.MaxBytes))} must be at least 1024." },
        { ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreTimeoutSeconds)), "0.01", $"{ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreTimeoutSeconds))} must be from 0.05 to 60." },
        { ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreRetries)), "6", $"{ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreRetries))} must be from 0 to 5." },
        { ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreBudgetSeconds)), "1", $"{ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreBudgetSeconds))} (1) must be at least {ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreTimeoutSeconds))} (2)" },
        { ContentCacheOptions.Key(nameof(ContentCacheOptions.StaleWindowSeconds)), "-1", $"{ContentCacheOptions.Key(nameof(ContentCacheOptions.StaleWindowSeconds))} must be from 0 to 604800." },
        // HttpCachingOptions: each lifetime, and the retraction promise across three of them.
        { HttpCachingOptions.Key(nameof(HttpCachingOptions.LatestMaxAgeSeconds)), "-1", $"{HttpCachingOptions.Key(nameof(HttpCachingOptions.LatestMaxAgeSeconds))} must be zero or more." },
        { HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionMaxAgeSeconds)), "541", $"{HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionMaxAgeSeconds))} must be from 0 to 540." },
        { HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionMaxAgeSeconds)), "400", $"{HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionMaxAgeSeconds))} (400) + the longer of" },
        // PreviewOptions and BrowserAccessOptions: each item of their lists.
        { PreviewOptions.Key(nameof(PreviewOptions.Keys)), "letmein", $"{PreviewOptions.Key(nameof(PreviewOptions.Keys))} must be at least 32 characters each" },
        // What App Service passes when it cannot resolve the Key Vault reference: the reference text, long enough to pass as a key.
        { PreviewOptions.Key(nameof(PreviewOptions.Keys)), "@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/preview-keys/)", $"{PreviewOptions.Key(nameof(PreviewOptions.Keys))} is an unresolved Key Vault reference" },
        { BrowserAccessOptions.Key(nameof(BrowserAccessOptions.AllowedOrigins)), "https://editor.example.com/app", $"{BrowserAccessOptions.Key(nameof(BrowserAccessOptions.AllowedOrigins))} must list origins like" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void TheSelfHostedAppDoesNotStartAndNamesTheKey(string key, string value, string message)
    {
        using var api = new ApiFactory(null, new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => api.CreateClient());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void TheFunctionsWorkerDoesNotStartAndNamesTheKey(string key, string value, string message)
    {
        using var worker = new FunctionsWorker(new Dictionary<string, string?>
        {
            [ContentStoreOptions.Key(nameof(ContentStoreOptions.Path))] = RepoPaths.ContentJson,
            [key] = value,
        });

        // What the host runs as it starts (ValidateOnStart).
        var error = Assert.ThrowsAny<OptionsValidationException>(() => worker.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBadSettingOfAClassIsReportedAtOnce()
    {
        using var api = new ApiFactory(null, new Dictionary<string, string?>
        {
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.MaxBytes))] = "1",
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreRetries))] = "9",
            [ContentCacheOptions.Key(nameof(ContentCacheOptions.StaleWindowSeconds))] = "-5",
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => api.CreateClient());

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(ContentCacheOptions.Key(nameof(ContentCacheOptions.MaxBytes)), error.Message, StringComparison.Ordinal);
        Assert.Contains(ContentCacheOptions.Key(nameof(ContentCacheOptions.StoreRetries)), error.Message, StringComparison.Ordinal);
        Assert.Contains(ContentCacheOptions.Key(nameof(ContentCacheOptions.StaleWindowSeconds)), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDefaultsPassEveryValidator()
    {
        IValidateOptions<ContentCacheOptions>[] cache = [new ContentCacheOptionsValidator(), new ContentCacheOptionsCrossFieldValidator()];
        IValidateOptions<HttpCachingOptions>[] caching = [new HttpCachingOptionsValidator(), new HttpCachingOptionsCrossFieldValidator()];

        Assert.All(cache, v => Assert.True(v.Validate(null, new ContentCacheOptions()).Succeeded));
        Assert.All(caching, v => Assert.True(v.Validate(null, new HttpCachingOptions()).Succeeded));
        Assert.True(new ContentStoreOptionsValidator().Validate(null, new ContentStoreOptions()).Succeeded);
        Assert.True(new PreviewOptionsValidator().Validate(null, new PreviewOptions()).Succeeded);
        Assert.True(new BrowserAccessOptionsValidator().Validate(null, new BrowserAccessOptions()).Succeeded);
    }
}
