using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalContent.Tests.Api;

/// <summary>The OpenAPI document must describe exactly the endpoints the app maps, with what they really answer.</summary>
public class OpenApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> DocumentAsync() => await (await _client.GetAsync("/api/openapi/v1.json")).JsonAsync();

    private HashSet<(string Path, string Method)> DocumentedEndpoints() => factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => !e.Metadata.OfType<IExcludeFromDescriptionMetadata>().Any(m => m.ExcludeFromDescription))
        .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
        .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => ("/" + e.RoutePattern.RawText!.Trim('/'), m.ToLowerInvariant())))
        .ToHashSet();

    [Fact]
    public async Task IsOpenApi31AndListsExactlyTheMappedEndpoints()
    {
        var document = await DocumentAsync();

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (p.Name, o.Name)))
            .ToHashSet();

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(DocumentedEndpoints().OrderBy(e => e.Path).ThenBy(e => e.Method), documented.OrderBy(e => e.Item1).ThenBy(e => e.Item2));
        Assert.Contains(("/api/v1/articles/{slug}", "get"), documented);
        Assert.Contains(("/api/v1/articles/{slug}", "head"), documented);
    }

    [Fact]
    public async Task EveryRepresentationDocumentsItsValidatorsAndNotModified()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        foreach (var path in paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("304", out _), $"{operation.Name} {path.Name} does not document 304");
                var headers = responses.GetProperty("200").GetProperty("headers");
                foreach (var header in new[] { "ETag", "Last-Modified", "Cache-Control", "Content-Location", "Surrogate-Key" })
                {
                    Assert.True(headers.TryGetProperty(header, out _), $"{operation.Name} {path.Name} does not document {header}");
                }

                Assert.True(responses.TryGetProperty("503", out var unavailable));
                Assert.Contains("store-unavailable", unavailable.GetProperty("description").GetString(), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("/api/v1/articles/{slug}", "/api/v1/articles/no-such-article", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/articles/{slug}", "/api/v1/articles/insulin-resistance?audience=nurse", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/articles", "/api/v1/articles?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/articles/{slug}/versions/{version}", "/api/v1/articles/insulin-resistance/versions/x", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/articles/{slug}/versions/{version}", "/api/v1/articles/insulin-resistance/versions/1", HttpStatusCode.OK)]
    [InlineData("/api/v1/schemas/{name}", "/api/v1/schemas/nothing.json", HttpStatusCode.NotFound)]
    public async Task TheStatusCodesEndpointsReallyAnswerAreDocumented(string template, string url, HttpStatusCode status)
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty(template).GetProperty("get").GetProperty("responses");

        var response = await _client.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        Assert.True(responses.TryGetProperty(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented));
        if ((int)status >= 400)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(problem.GetProperty("type").GetString()!, documented.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DescribesTheArticleBody()
    {
        var document = await DocumentAsync();

        var schema = document.GetProperty("paths").GetProperty("/api/v1/articles/{slug}").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var article = document.GetProperty("components").GetProperty("schemas").GetProperty("ArticleRepresentation").GetProperty("properties");

        Assert.Equal("#/components/schemas/ArticleRepresentation", schema.GetProperty("$ref").GetString());
        foreach (var property in new[] { "slug", "version", "audience", "reviewStatus", "sections", "references", "attribution" })
        {
            Assert.True(article.TryGetProperty(property, out _), $"ArticleRepresentation lacks {property}");
        }
    }

    [Theory]
    [InlineData("article.schema.json")]
    [InlineData("audiences.schema.json")]
    [InlineData("syndication.schema.json")]
    public async Task ServesTheContentSchemas(string name)
    {
        var response = await _client.GetAsync($"/api/v1/schemas/{name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Schemas, name)), await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task ServesAHumanReadableReferencePage()
    {
        var response = await _client.GetAsync("/api/reference/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
