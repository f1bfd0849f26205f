using MedicalContent.Delivery;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MedicalContent.Http;

/// <summary>
/// Writes pre-rendered bytes with their validators and cache policy, or a 304 with the same headers when the
/// client's copy is current. HEAD gets the GET headers and no body. A 200 carries the RFC 9530 digest of the bytes,
/// computed with the ETag: <c>Repr-Digest</c> always, <c>Content-Digest</c> when the bytes are sent (not on HEAD, whose
/// content is empty); a 304 carries neither, as it has no content and a cache keeps the digest it stored.
/// </summary>
public sealed class RepresentationResult(Representation representation) : IResult, IStatusCodeHttpResult
{
    public Representation Representation { get; } = representation;

    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<HttpCachingOptions>>().Value;
        return Write(httpContext, Representation, options.For(Representation.CacheKind));
    }

    /// <summary>
    /// Writes <paramref name="representation"/> with its validators and <paramref name="cacheControl"/>: a 304 when the
    /// request's conditions say the client's copy is current, else a 200 (headers only for HEAD). The one writer of a
    /// representation: this result and the self-hosted app's warm fast path both call it, so their answers cannot drift.
    /// </summary>
    public static Task Write(HttpContext context, Representation representation, string cacheControl)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ETag = representation.ETag;
        headers.LastModified = representation.LastModifiedHeader;
        headers.CacheControl = cacheControl;
        headers[SurrogateKeyHeader] = representation.SurrogateKeyHeader;
        headers[CacheTagHeader] = representation.CacheTagHeader;
        if (representation.ContentLocation is { } location)
        {
            headers.ContentLocation = location;
        }

        if (Conditional.IsNotModified(context.Request, representation.ETag, representation.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        headers.ContentType = representation.ContentType;
        response.ContentLength = representation.Body.Length;
        headers[ReprDigestHeader] = representation.Digest;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        headers[ContentDigestHeader] = representation.Digest;
        var write = response.BodyWriter.WriteAsync(representation.Body, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    internal static void WriteSurrogateKeys(IHeaderDictionary headers, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var value = string.Join(' ', keys);
        headers[SurrogateKeyHeader] = value;
        headers[CacheTagHeader] = string.Join(',', keys);
    }

    public const string SurrogateKeyHeader = "Surrogate-Key";
    public const string CacheTagHeader = "Cache-Tag";

    /// <summary>RFC 9530: the digest of the message content (the bytes of this 200).</summary>
    public const string ContentDigestHeader = "Content-Digest";

    /// <summary>RFC 9530: the digest of the selected representation (equal to Content-Digest here: no content coding, no ranges).</summary>
    public const string ReprDigestHeader = "Repr-Digest";
}
