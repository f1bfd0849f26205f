using MedicalContent.Api.Endpoints;
using MedicalContent.Api.Http;
using MedicalContent.Http;

var builder = WebApplication.CreateSlimBuilder(args);

// HTTP: the shared content services and handlers' conventions (problem+json, JSON, cache policy, preview keys,
// CORS), and Kestrel limits.
builder.AddHttpConventions();

// Documentation: the OpenAPI document generated from the endpoints, and a reference page over it.
builder.AddApiDocumentation();

// Telemetry: requests, blob calls, cache counters and logs to Application Insights, when a connection string is set.
builder.AddApiTelemetry();

var app = builder.Build();

// Warm public reads answered before routing (decision 0011); everything else goes on to routing and the endpoints.
app.UseFastPath();
app.UseRouting();
app.UseHttpConventions();

// Every operation of the route table: content through the shared handlers, then the documentation.
app.MapContent();
app.MapApiDocumentation();

// `--export-documentation DIR` writes the document and the reference page as served, for the Functions package.
if (ApiDocumentation.ExportFolder(args) is { } folder)
{
    await app.ExportDocumentationAsync(folder);
    return;
}

await app.Services.LoadContentAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();

/// <summary>The API's entry point (public so integration tests can host it).</summary>
public partial class Program;
