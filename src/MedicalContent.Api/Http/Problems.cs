using MedicalContent.Delivery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MedicalContent.Api.Http;

/// <summary>Maps content outcomes to HTTP: representations, or RFC 9457 problem details with their cache policy.</summary>
internal static class Problems
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

    public static Results<RepresentationResult, ProblemHttpResult> ToResult(this Outcome outcome, HttpContext context) => outcome switch
    {
        Found found => new RepresentationResult(found.Representation),
        Invalid invalid => Invalid(context, invalid),
        Missing missing => Problem(context, StatusCodes.Status404NotFound, "Not found", missing.Detail, NotFound, CacheControlFor(context, 404)),
        Delivery.Retracted retracted => Gone(context, retracted),
        Unavailable unavailable => ServiceUnavailable(context, unavailable.Detail),
        _ => throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}."),
    };

    public static ProblemHttpResult ServiceUnavailable(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(context, StatusCodes.Status503ServiceUnavailable, "Content store unavailable", detail, Unavailable, HttpCachingOptions.NotStored);
    }

    private static ProblemHttpResult Invalid(HttpContext context, Invalid invalid)
    {
        var extensions = new Dictionary<string, object?> { ["parameter"] = invalid.Parameter };
        var type = InvalidParameter;
        var detail = invalid.Detail;
        if (invalid.Allowed is { } allowed)
        {
            extensions["allowed"] = allowed.ToArray();
            detail = $"{detail} Valid audiences: {string.Join(", ", allowed)}.";
            type = invalid.Parameter == "audience" ? UnknownAudience : InvalidParameter;
        }

        return Problem(context, StatusCodes.Status400BadRequest, $"Invalid {invalid.Parameter}", detail, type, HttpCachingOptions.NotStored, extensions);
    }

    private static ProblemHttpResult Gone(HttpContext context, Delivery.Retracted retracted)
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

        return Problem(context, StatusCodes.Status410Gone, "Version retracted", retracted.Detail, Retracted, CacheControlFor(context, 410), extensions);
    }

    private static string CacheControlFor(HttpContext context, int status) =>
        context.RequestServices.GetRequiredService<IOptions<HttpCachingOptions>>().Value.ForMissing();

    private static ProblemHttpResult Problem(
        HttpContext context, int status, string title, string detail, string type, string cacheControl, Dictionary<string, object?>? extensions = null)
    {
        context.Response.Headers.CacheControl = cacheControl;
        return TypedResults.Problem(detail, context.Request.Path, status, title, type, extensions);
    }
}
