using MedicalContent.Http;
using MedicalContent.Routing;

namespace MedicalContent.Functions;

/// <summary>The OpenAPI document and the reference page, exactly as the self-hosted app serves them.</summary>
public sealed class DocumentationFunctions(ExportedDocumentation documentation)
{
    [Function(nameof(RouteTable.GetOpenApiDocument))]
    public Task<IResult> GetOpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = RouteTable.GetOpenApiDocument)] HttpRequest request) =>
        documentation.GetOpenApiDocument(request.HttpContext);

    [Function(nameof(RouteTable.GetApiReference))]
    public Task<IResult> GetApiReference([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = RouteTable.GetApiReference)] HttpRequest request) =>
        documentation.GetApiReference(request.HttpContext);
}
