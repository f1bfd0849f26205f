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
        var response = httpContext.Response;
        var options = httpContext.RequestServices.GetRequiredService<IOptions<HttpCachingOptions>>().Value;
        var headers = response.Headers;
        headers.ETag = Representation.ETag;
        headers.LastModified = Representation.LastModifiedHeader;
        headers.CacheControl = options.For(Representation.CacheKind);
        headers[SurrogateKeyHeader] = Representation.SurrogateKeyHeader;
        headers[CacheTagHeader] = Representation.CacheTagHeader;
        if (Representation.ContentLocation is { } location)
        {
            headers.ContentLocation = location;
        }

        if (Conditional.IsNotModified(httpContext.Request, Representation.ETag, Representation.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = Representation.ContentType;
        response.ContentLength = Representation.Body.Length;
        headers[ReprDigestHeader] = Representation.Digest;
        if (HttpMethods.IsHead(httpContext.Request.Method))
        {
            return Task.CompletedTask;
        }

        headers[ContentDigestHeader] = Representation.Digest;
        return response.Body.WriteAsync(Representation.Body, httpContext.RequestAborted).AsTask();
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
