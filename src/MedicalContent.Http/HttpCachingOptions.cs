using System.Globalization;
using MedicalContent.Delivery;
using Microsoft.Extensions.Options;

namespace MedicalContent.Http;

/// <summary>The Cache-Control policy by kind of URL (configuration section <c>HttpCaching</c>).</summary>
public sealed class HttpCachingOptions
{
    public const string Section = "HttpCaching";

    /// <summary>Browsers: how long a "latest" URL (and every listing) is fresh.</summary>
    public int LatestMaxAgeSeconds { get; set; } = 60;

    /// <summary>Shared caches (CDN edges): how long a "latest" URL is fresh.</summary>
    public int LatestSharedMaxAgeSeconds { get; set; } = 600;

    public int StaleWhileRevalidateSeconds { get; set; } = 60;

    public int StaleIfErrorSeconds { get; set; } = 86400;

    /// <summary>Explicit version URLs never change: cache them for a year, immutable.</summary>
    public int VersionMaxAgeSeconds { get; set; } = 31536000;

    /// <summary>404 and 410: how long shared caches may keep them.</summary>
    public int ErrorSharedMaxAgeSeconds { get; set; } = 30;

    private string? _immutable;
    private string? _mutable;
    private string? _missing;

    // Options are bound once at start-up; the header values are built on first use and reused.
    public string For(CacheKind kind) => kind switch
    {
        CacheKind.Immutable => _immutable ??= $"public, max-age={S(VersionMaxAgeSeconds)}, immutable",
        CacheKind.Private => PrivateNoStore,
        _ => _mutable ??= $"public, max-age={S(LatestMaxAgeSeconds)}, s-maxage={S(LatestSharedMaxAgeSeconds)}, stale-while-revalidate={S(StaleWhileRevalidateSeconds)}, stale-if-error={S(StaleIfErrorSeconds)}",
    };

    public string ForMissing() => _missing ??= $"public, max-age=0, s-maxage={S(ErrorSharedMaxAgeSeconds)}";

    /// <summary>400s, 5xx and anything behind a credential.</summary>
    public const string NotStored = "no-store";

    /// <summary>Answers the framework produces without a policy of their own (the documentation): revalidate each time.</summary>
    public const string Revalidate = "no-cache";

    /// <summary>Anything that depends on a credential (preview).</summary>
    public const string PrivateNoStore = "private, no-store";

    private static string S(int seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}

internal sealed class HttpCachingOptionsValidator : IValidateOptions<HttpCachingOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpCachingOptions options)
    {
        int[] values =
        [
            options.LatestMaxAgeSeconds, options.LatestSharedMaxAgeSeconds, options.StaleWhileRevalidateSeconds,
            options.StaleIfErrorSeconds, options.VersionMaxAgeSeconds, options.ErrorSharedMaxAgeSeconds,
        ];
        return values.Any(v => v < 0)
            ? ValidateOptionsResult.Fail("HttpCaching durations must be zero or more seconds.")
            : ValidateOptionsResult.Success;
    }
}
