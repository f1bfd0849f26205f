using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MedicalContent.Delivery;
using MedicalContent.Settings;
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
    /// index (<see cref="ContentCacheOptions.RefreshIntervalSeconds"/>, 5 by default, must stay below this).
    /// </summary>
    public const int OriginAllowanceSeconds = 60;

    /// <summary>The most a version URL's browser lifetime may be: the promise less the origin's allowance.</summary>
    public const int VersionBrowserLimitSeconds = RetractionBoundSeconds - OriginAllowanceSeconds;

    private const string Prefix = Section + SettingNames.KeyDelimiter;

    /// <summary><c>HttpCaching:{property}</c>, e.g. <c>Key(nameof(VersionMaxAgeSeconds))</c>.</summary>
    public static string Key(string property) => SettingNames.Key(Section, property);

    /// <summary><c>HttpCaching__{property}</c>, the environment variable (and app setting) name.</summary>
    public static string EnvironmentVariable(string property) => SettingNames.EnvironmentVariable(Section, property);

    /// <summary>Browsers: how long a "latest" URL (and every listing) is fresh.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = Prefix + nameof(LatestMaxAgeSeconds) + SettingMessages.ZeroOrMore)]
    public int LatestMaxAgeSeconds { get; set; } = 60;

    /// <summary>Shared caches (CDN edges): how long a "latest" URL is fresh. Publish and retract purge it.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = Prefix + nameof(LatestSharedMaxAgeSeconds) + SettingMessages.ZeroOrMore)]
    public int LatestSharedMaxAgeSeconds { get; set; } = 600;

    [SettingRange(0, int.MaxValue, ErrorMessage = Prefix + nameof(StaleWhileRevalidateSeconds) + SettingMessages.ZeroOrMore)]
    public int StaleWhileRevalidateSeconds { get; set; } = 60;

    [SettingRange(0, int.MaxValue, ErrorMessage = Prefix + nameof(StaleIfErrorSeconds) + SettingMessages.ZeroOrMore)]
    public int StaleIfErrorSeconds { get; set; } = 86400;

    /// <summary>Browsers: how long an explicit version URL is fresh (they cannot be purged, so minutes, never immutable).</summary>
    [SettingRange(0, VersionBrowserLimitSeconds, ErrorMessage = Prefix + nameof(VersionMaxAgeSeconds) + SettingMessages.Between)]
    public int VersionMaxAgeSeconds { get; set; } = 300;

    /// <summary>Shared caches: how long an explicit version URL is fresh. Longer than the promise only because retract purges edges.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = Prefix + nameof(VersionSharedMaxAgeSeconds) + SettingMessages.ZeroOrMore)]
    public int VersionSharedMaxAgeSeconds { get; set; } = 86400;

    /// <summary>stale-while-revalidate of version URLs: bounded so a retracted version cannot outlive the promise.</summary>
    [SettingRange(0, VersionBrowserLimitSeconds, ErrorMessage = Prefix + nameof(VersionStaleWhileRevalidateSeconds) + SettingMessages.Between)]
    public int VersionStaleWhileRevalidateSeconds { get; set; } = 60;

    /// <summary>stale-if-error of version URLs: bounded so an outage cannot extend a retracted version past the promise.</summary>
    [SettingRange(0, VersionBrowserLimitSeconds, ErrorMessage = Prefix + nameof(VersionStaleIfErrorSeconds) + SettingMessages.Between)]
    public int VersionStaleIfErrorSeconds { get; set; } = 240;

    /// <summary>404 and 410: how long shared caches may keep them.</summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = Prefix + nameof(ErrorSharedMaxAgeSeconds) + SettingMessages.ZeroOrMore)]
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

/// <summary>Each <see cref="HttpCachingOptions"/> lifetime against its own bounds (generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class HttpCachingOptionsValidator : IValidateOptions<HttpCachingOptions>;

/// <summary>The retraction promise, which binds three lifetimes together: what a browser may keep must fit inside it.</summary>
internal sealed class HttpCachingOptionsCrossFieldValidator : IValidateOptions<HttpCachingOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpCachingOptions options) =>
        options.VersionBrowserLifetimeSeconds <= HttpCachingOptions.VersionBrowserLimitSeconds
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(
                CultureInfo.InvariantCulture,
                $"{HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionMaxAgeSeconds))} ({options.VersionMaxAgeSeconds}) + the longer of " +
                $"{HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionStaleWhileRevalidateSeconds))} ({options.VersionStaleWhileRevalidateSeconds}) and " +
                $"{HttpCachingOptions.Key(nameof(HttpCachingOptions.VersionStaleIfErrorSeconds))} ({options.VersionStaleIfErrorSeconds}) is {options.VersionBrowserLifetimeSeconds} s: " +
                $"browsers cannot be purged, so it must be at most {HttpCachingOptions.VersionBrowserLimitSeconds} s " +
                $"(the {HttpCachingOptions.RetractionBoundSeconds} s promise for retracted versions less {HttpCachingOptions.OriginAllowanceSeconds} s for the origin to re-read its index)."));
}
