using MedicalContent.Api;
using MedicalContent.Api.Endpoints;
using MedicalContent.Api.Hosting;
using MedicalContent.Api.Http;

var builder = WebApplication.CreateSlimBuilder(args);

// Hosting: plain Kestrel locally, the Azure Functions custom-handler port when the Functions host starts us.
builder.AddCustomHandlerHosting();

// Content: the configured store (file system by default, blob storage in Azure) behind the content service.
builder.AddContentDelivery();

// HTTP: problem+json errors, source-generated JSON, the cache policy, CORS for browser frontends.
builder.AddHttpConventions();
builder.AddBrowserAccess();
builder.AddPreviewAccess();

// Documentation: the OpenAPI document generated from the endpoints, and a reference page over it.
builder.AddApiDocumentation();

var app = builder.Build();

app.UseHttpConventions();
app.UseBrowserAccess();

app.MapAudiences();
app.MapArticles();
app.MapChanges();
app.MapSchemas();
app.MapPreview();
app.MapHealth();
app.MapApiDocumentation();

await app.LoadContentAsync();
await app.RunAsync();

/// <summary>The API's entry point (public so integration tests can host it).</summary>
public partial class Program;
