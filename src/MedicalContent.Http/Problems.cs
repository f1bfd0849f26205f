using MedicalContent.Delivery;
using MedicalContent.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MedicalContent.Http;

/// <summary>Maps content outcomes to HTTP: representations, or RFC 9457 problem details with their cache policy.</summary>
public static class Problems
{
    public const string TypeBase = "https://medical-content.example/problems/";
    public const string InvalidParameter = TypeBase + "invalid-parameter";
    public const string UnknownAudience = TypeBase + "unknown-audience";
    public const string NotFound = TypeBase + "not-found";
    public const string Retracted = TypeBase + "retracted";
    public const string Unavailable = TypeBase + "store-unavailable";
    public const string PreviewKeyRequired = TypeBase + "preview-key-required";

    /// <summary>Seconds a client should wait before retrying a 503.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>The answer to an outcome. Behind a credential (<paramref name="isPrivate"/>) no answer may be stored.</summary>
    public static Results<RepresentationResult, ProblemHttpResult> ToResult(this Outcome outcome, HttpContext context, bool isPrivate = false) => outcome switch
    {
        Found found => new RepresentationResult(found.Representation),
        Invalid invalid => Invalid(context, invalid, isPrivate),
        Missing missing => Problem(context, StatusCodes.Status404NotFound, "Not found", missing.Detail, NotFound, MissingCacheControl(context, isPrivate)),
        Delivery.Retracted retracted => Gone(context, retracted, isPrivate),
        Unavailable unavailable => ServiceUnavailable(context, unavailable.Detail, isPrivate),
        _ => throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}."),
    };

    public static ProblemHttpResult ServiceUnavailable(HttpContext context, string detail, bool isPrivate = false)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(context, StatusCodes.Status503ServiceUnavailable, "Content store unavailable", detail, Unavailable, NotStored(isPrivate));
    }

    private static ProblemHttpResult Invalid(HttpContext context, Invalid invalid, bool isPrivate)
    {
        var extensions = new Dictionary<string, object?> { ["parameter"] = invalid.Parameter };
        var type = InvalidParameter;
        var detail = invalid.Detail;
        if (invalid.Allowed is { } allowed)
        {
            extensions["allowed"] = allowed.ToArray();
            detail = invalid.Parameter == QueryParameter.Audience ? $"{detail} Valid audiences: {string.Join(", ", allowed)}." : $"{detail} Allowed: {string.Join(", ", allowed)}.";
            type = invalid.Parameter == QueryParameter.Audience ? UnknownAudience : InvalidParameter;
        }

        return Problem(context, StatusCodes.Status400BadRequest, $"Invalid {invalid.Parameter}", detail, type, NotStored(isPrivate), extensions);
    }

    private static ProblemHttpResult Gone(HttpContext context, Delivery.Retracted retracted, bool isPrivate)
    {
        RepresentationResult.WriteSurrogateKeys(context.Response.Headers, retracted.SurrogateKeys);
        var extensions = new Dictionary<string, object?>
        {
            ["reason"] = retracted.Reason,
            ["retractedAt"] = retracted.RetractedAt,
        };
        if (retracted.Latest is { } latest)
        {
            extensions["latest"] = latest;
        }

        return Problem(context, StatusCodes.Status410Gone, "Version retracted", retracted.Detail, Retracted, MissingCacheControl(context, isPrivate), extensions);
    }

    private static string MissingCacheControl(HttpContext context, bool isPrivate) =>
        isPrivate ? HttpCachingOptions.PrivateNoStore : context.RequestServices.GetRequiredService<IOptions<HttpCachingOptions>>().Value.ForMissing();

    private static string NotStored(bool isPrivate) => isPrivate ? HttpCachingOptions.PrivateNoStore : HttpCachingOptions.NotStored;

    private static ProblemHttpResult Problem(
        HttpContext context, int status, string title, string detail, string type, string cacheControl, Dictionary<string, object?>? extensions = null)
    {
        context.Response.Headers.CacheControl = cacheControl;
        return TypedResults.Problem(detail, context.Request.Path, status, title, type, extensions);
    }
}
