using System.Collections.Frozen;
using System.Text.Json;
using MedicalContent.Delivery;
using MedicalContent.Routing;

namespace MedicalContent.Http;

/// <summary>One exported documentation file: the URL it answers, the file and its content type.</summary>
public sealed record DocumentationFile(string Url, string File, string ContentType);

/// <summary>
/// The OpenAPI document and reference page as the self-hosted app serves them, exported at build time (the
/// self-hosted app's <c>--export-documentation</c>) and served from memory by hosts that cannot generate them.
/// </summary>
public sealed class ExportedDocumentation
{
    public const string ManifestFile = "documentation.json";

    private readonly FrozenDictionary<string, Representation> _byUrl;

    public ExportedDocumentation(string folder)
    {
        var manifestPath = Path.Combine(folder, ManifestFile);
        var manifest = File.Exists(manifestPath)
            ? JsonSerializer.Deserialize(File.ReadAllBytes(manifestPath), HttpJsonContext.Default.ListDocumentationFile)
            : null;
        if (manifest is not { Count: > 0 })
        {
            throw new InvalidOperationException($"There is no exported documentation in {folder} (no {ManifestFile}).");
        }

        _byUrl = manifest.ToFrozenDictionary(
            file => file.Url,
            file => new Representation(
                File.ReadAllBytes(Path.Combine(folder, file.File)),
                File.GetLastWriteTimeUtc(manifestPath),
                CacheKind.Mutable,
                ["documentation"],
                contentType: file.ContentType),
            StringComparer.Ordinal);
    }

    public Task<IResult> GetOpenApiDocument(HttpContext context) => Serve(context, "/" + RouteTable.GetOpenApiDocument);

    public Task<IResult> GetApiReference(HttpContext context) =>
        Serve(context, $"/{RouteTable.ApiReference}/{context.Request.RouteValues[RouteParameter.Asset] as string}");

    private Task<IResult> Serve(HttpContext context, string url)
    {
        SecurityHeaders.Apply(context.Response);
        var outcome = _byUrl.TryGetValue(url, out var file)
            ? new Found(file)
            : (Outcome)new Missing($"There is no documentation at {QueryParser.Truncate(url)}.");
        return Task.FromResult<IResult>(outcome.ToResult(context));
    }
}
