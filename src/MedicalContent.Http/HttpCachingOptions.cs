using System.Globalization;
using MedicalContent.Delivery;
using Microsoft.Extensions.Options;

namespace MedicalContent.Http;

/// <summary>The Cache-Control policy by kind of URL (configuration section <c>HttpCaching</c>).</summary>
public sealed class HttpCachingOptions
{
    public const string Section = "HttpCaching";

    /// <summary>
    /// The promise: a retracted version stops being served by any cache this project controls or configures within
    /// this many seconds. Browsers cannot be purged, so the version URLs' browser lifetimes must fit inside it.
    /// </summary>
    public const int RetractionBoundSeconds = 600;

    /// <summary>
    /// Part of the promise kept for the origin: a browser may fetch a version until every instance has re-read the
    /// index (<c>ContentCache:RefreshIntervalSeconds</c>, 5 by default, must stay below this).
    /// </summary>
    public const int OriginAllowanceSeconds = 60;

    /// <summary>Browsers: how long a "latest" URL (and every listing) is fresh.</summary>
    public int LatestMaxAgeSeconds { get; set; } = 60;

    /// <summary>Shared caches (CDN edges): how long a "latest" URL is fresh. Publish and retract purge it.</summary>
    public int LatestSharedMaxAgeSeconds { get; set; } = 600;

    public int StaleWhileRevalidateSeconds { get; set; } = 60;

    public int StaleIfErrorSeconds { get; set; } = 86400;

    /// <summary>Browsers: how long an explicit version URL is fresh (they cannot be purged, so minutes, never immutable).</summary>
    public int VersionMaxAgeSeconds { get; set; } = 300;

    /// <summary>Shared caches: how long an explicit version URL is fresh. Longer than the promise only because retract purges edges.</summary>
    public int VersionSharedMaxAgeSeconds { get; set; } = 86400;

    /// <summary>stale-while-revalidate of version URLs: bounded so a retracted version cannot outlive the promise.</summary>
    public int VersionStaleWhileRevalidateSeconds { get; set; } = 60;

    /// <summary>stale-if-error of version URLs: bounded so an outage cannot extend a retracted version past the promise.</summary>
    public int VersionStaleIfErrorSeconds { get; set; } = 240;

    /// <summary>404 and 410: how long shared caches may keep them.</summary>
    public int ErrorSharedMaxAgeSeconds { get; set; } = 30;

    private string? _version;
    private string? _mutable;
    private string? _missing;

    // Options are bound once at start-up; the header values are built on first use and reused.
    public string For(CacheKind kind) => kind switch
    {
        CacheKind.Immutable => _version ??= $"public, max-age={S(VersionMaxAgeSeconds)}, s-maxage={S(VersionSharedMaxAgeSeconds)}, stale-while-revalidate={S(VersionStaleWhileRevalidateSeconds)}, stale-if-error={S(VersionStaleIfErrorSeconds)}",
        CacheKind.Private => PrivateNoStore,
        _ => _mutable ??= $"public, max-age={S(LatestMaxAgeSeconds)}, s-maxage={S(LatestSharedMaxAgeSeconds)}, stale-while-revalidate={S(StaleWhileRevalidateSeconds)}, stale-if-error={S(StaleIfErrorSeconds)}",
    };

    public string ForMissing() => _missing ??= $"public, max-age=0, s-maxage={S(ErrorSharedMaxAgeSeconds)}";

    /// <summary>
    /// The longest a browser may keep using a version it fetched just before the origin learnt of a retraction:
    /// max-age plus the longer of its stale extensions.
    /// </summary>
    public int VersionBrowserLifetimeSeconds => VersionMaxAgeSeconds + Math.Max(VersionStaleWhileRevalidateSeconds, VersionStaleIfErrorSeconds);

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
            options.StaleIfErrorSeconds, options.VersionMaxAgeSeconds, options.VersionSharedMaxAgeSeconds,
            options.VersionStaleWhileRevalidateSeconds, options.VersionStaleIfErrorSeconds, options.ErrorSharedMaxAgeSeconds,
        ];
        if (values.Any(v => v < 0))
        {
            return ValidateOptionsResult.Fail("HttpCaching durations must be zero or more seconds.");
        }

        var limit = HttpCachingOptions.RetractionBoundSeconds - HttpCachingOptions.OriginAllowanceSeconds;
        return options.VersionBrowserLifetimeSeconds <= limit
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"HttpCaching:VersionMaxAgeSeconds ({options.VersionMaxAgeSeconds}) + the longer of VersionStaleWhileRevalidateSeconds ({options.VersionStaleWhileRevalidateSeconds}) " +
                $"and VersionStaleIfErrorSeconds ({options.VersionStaleIfErrorSeconds}) is {options.VersionBrowserLifetimeSeconds} s: browsers cannot be purged, so it must be at most {limit} s " +
                $"(the {HttpCachingOptions.RetractionBoundSeconds} s promise for retracted versions less {HttpCachingOptions.OriginAllowanceSeconds} s for the origin to re-read its index)."));
    }
}
