using MedicalContent.Routing;
using MedicalContent.Settings;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MedicalContent.Http;

/// <summary>
/// Which browser origins may call the preview routes (configuration section <c>Cors</c>). Public routes need no
/// list: they are public and credential-free, so any origin may read them.
/// </summary>
public sealed class BrowserAccessOptions
{
    public const string Section = "Cors";

    private const string Prefix = Section + SettingNames.KeyDelimiter;

    /// <summary><c>Cors:{property}</c>, e.g. <c>Key(nameof(AllowedOrigins))</c>.</summary>
    public static string Key(string property) => SettingNames.Key(Section, property);

    /// <summary><c>Cors__{property}</c>, the environment variable (and app setting) name.</summary>
    public static string EnvironmentVariable(string property) => SettingNames.EnvironmentVariable(Section, property);

    /// <summary>Comma-separated origins such as <c>https://editor.example.com,http://localhost:3000</c>; empty: no browser preview.</summary>
    [OriginList(ErrorMessage = Prefix + nameof(AllowedOrigins) + " must list origins like https://editor.example.com (scheme, host, optional port; no path, trailing slash or wildcard); these are not: {1}.")]
    public string AllowedOrigins { get; set; } = "";

    public IReadOnlyList<string> Origins => CommaSeparated.Items(AllowedOrigins);
}

/// <summary>Each allowed origin a real origin (generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class BrowserAccessOptionsValidator : IValidateOptions<BrowserAccessOptions>;

/// <summary>
/// CORS, answered by the shared handlers so both hosts (and every cache between them and a browser) agree. Public
/// answers carry <c>Access-Control-Allow-Origin: *</c> whoever asked, so an answer a CDN stored for a server-side
/// client without <c>Origin</c> still works in a browser, and nothing varies on <c>Origin</c>. Preview answers name
/// an allowed origin only (they are never stored by any cache).
/// </summary>
public static class BrowserAccess
{
    /// <summary>Response headers a browser script may read: the validators, the digests, the canonical location, purge keys.</summary>
    public static readonly string ExposedHeaders = string.Join(", ",
        HeaderNames.ETag, HeaderNames.LastModified, RepresentationResult.ContentDigestHeader, RepresentationResult.ReprDigestHeader,
        HeaderNames.ContentLocation, HeaderNames.RetryAfter, RepresentationResult.SurrogateKeyHeader);

    /// <summary>The <c>Access-Control-Allow-Origin</c> of every public answer.</summary>
    public const string AnyOrigin = "*";

    private const string AllowedMethods = "GET, HEAD";
    private static readonly string PublicRequestHeaders = string.Join(", ", HeaderNames.IfNoneMatch, HeaderNames.IfModifiedSince, HeaderNames.Accept);
    private static readonly string PreviewRequestHeaders = string.Join(", ", PublicRequestHeaders, PreviewOptions.HeaderName);
    private const string PreflightMaxAgeSeconds = "3600";

    /// <summary>OPTIONS is answered as a preflight, with or without Access-Control-Request-Method.</summary>
    public static bool IsPreflight(HttpRequest request) => HttpMethods.IsOptions(request.Method);

    /// <summary>The CORS headers of an answer to an actual request.</summary>
    public static void Apply(HttpContext context, OperationAccess access)
    {
        if (AllowedOrigin(context, access) is { } origin)
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlExposeHeaders = ExposedHeaders;
        }
    }

    /// <summary>
    /// The answer to a preflight: 204, with the methods and request headers the route accepts when the origin may call
    /// it, without CORS headers (so the browser refuses) when it may not.
    /// </summary>
    public static IResult Preflight(HttpContext context, OperationAccess access)
    {
        var headers = context.Response.Headers;
        if (AllowedOrigin(context, access) is { } origin)
        {
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowMethods = AllowedMethods;
            headers.AccessControlAllowHeaders = access == OperationAccess.Preview ? PreviewRequestHeaders : PublicRequestHeaders;
            headers.AccessControlMaxAge = PreflightMaxAgeSeconds;
        }

        headers.CacheControl = access == OperationAccess.Preview ? HttpCachingOptions.PrivateNoStore : HttpCachingOptions.NotStored;
        return TypedResults.NoContent();
    }

    private static string? AllowedOrigin(HttpContext context, OperationAccess access)
    {
        if (access != OperationAccess.Preview)
        {
            return access == OperationAccess.Public ? AnyOrigin : null;
        }

        // Preview answers depend on the caller's origin; they are private and never stored, but say so anyway.
        context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
        var origin = context.Request.Headers.Origin;
        return origin.Count == 1 && context.RequestServices.GetRequiredService<IOptions<BrowserAccessOptions>>().Value.Origins.Contains(origin[0], StringComparer.Ordinal)
            ? origin[0]
            : null;
    }
}
