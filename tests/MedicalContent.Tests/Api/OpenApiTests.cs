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

    /// <summary>
    /// Generators name methods after operation ids: each must be unique. GET keeps the route table's name (partners'
    /// generated clients call it); its HEAD, on the same path, has an id derived from it.
    /// </summary>
    [Fact]
    public async Task EveryOperationHasItsOwnIdAndGetKeepsTheRouteTableName()
    {
        var operations = (await DocumentAsync()).GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Id: o.Value.GetProperty("operationId").GetString()!)))
            .ToList();

        Assert.Equal(operations.Count, operations.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var get in operations.Where(o => o.Method == "get"))
        {
            Assert.Equal(Assert.Single(MedicalContent.Routing.RouteTable.Operations, o => o.Pattern == get.Path).Name, get.Id);
        }

        foreach (var head in operations.Where(o => o.Method == "head"))
        {
            var get = Assert.Single(operations, o => o.Path == head.Path && o.Method == "get");
            Assert.Equal(MedicalContent.Api.Http.ApiDocumentation.HeadOperationId(get.Id), head.Id);
        }

        Assert.Contains(operations, o => o is { Path: "/api/v1/articles/{slug}", Method: "get", Id: "GetLatestArticle" });
        Assert.Contains(operations, o => o is { Path: "/api/v1/articles/{slug}", Method: "head", Id: "HeadLatestArticle" });
        Assert.Contains(operations, o => o is { Path: "/api/v1/articles", Method: "head", Id: "HeadListArticles" });
    }

    /// <summary>
    /// A reference page lists operations by summary: a short name, with the route table's sentence as the description.
    /// Tags are described, and the document names the licence and licensor the content's attribution names.
    /// </summary>
    [Fact]
    public async Task OperationsAndTagsAreDescribedAndTheDocumentNamesTheContentsLicence()
    {
        var document = await DocumentAsync();

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var id = operation.Value.GetProperty("operationId").GetString()!;
                var summary = operation.Value.GetProperty("summary").GetString()!;
                var description = operation.Value.GetProperty("description").GetString()!;
                Assert.True(summary.Length <= 40, $"{id}: summary '{summary}' is not a short name");
                Assert.True(description.Length > summary.Length, $"{id} has no description");
                var described = Assert.Single(MedicalContent.Routing.RouteTable.Operations, o => o.Pattern == path.Name);
                Assert.Contains(described.Summary, description, StringComparison.Ordinal);
            }
        }

        Assert.Equal("Get the latest article", document.GetProperty("paths").GetProperty("/api/v1/articles/{slug}").GetProperty("get").GetProperty("summary").GetString());
        var tags = document.GetProperty("tags").EnumerateArray().ToList();
        Assert.Contains(tags, t => t.GetProperty("name").GetString() == "Articles");
        Assert.All(tags, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("description").GetString())));

        // The origin that serves the document (never a trailing slash after a path): the same bytes from every host.
        Assert.Equal("/", Assert.Single(document.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
        using var terms = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.ContentJson, "syndication.json")));
        var info = document.GetProperty("info");
        Assert.Equal(terms.RootElement.GetProperty("license").GetString(), info.GetProperty("license").GetProperty("name").GetString());
        Assert.Equal(terms.RootElement.GetProperty("licenseUrl").GetString(), info.GetProperty("license").GetProperty("url").GetString());
        Assert.Equal(terms.RootElement.GetProperty("publisher").GetString(), info.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal(terms.RootElement.GetProperty("publisherUrl").GetString(), info.GetProperty("contact").GetProperty("url").GetString());
    }

    /// <summary>Preview operations require the Preview-Key header scheme; public ones say explicitly that they need nothing.</summary>
    [Fact]
    public async Task PreviewOperationsRequireThePreviewKeyAndPublicOnesNothing()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("PreviewKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("Preview-Key", scheme.GetProperty("name").GetString());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var access = Assert.Single(MedicalContent.Routing.RouteTable.Operations, o => o.Pattern == path.Name).Access;
            foreach (var operation in path.Value.EnumerateObject())
            {
                var security = operation.Value.GetProperty("security").EnumerateArray().ToList();
                if (access == MedicalContent.Routing.OperationAccess.Preview)
                {
                    Assert.True(Assert.Single(security).GetProperty("PreviewKey").GetArrayLength() == 0, $"{operation.Name} {path.Name}");
                }
                else
                {
                    Assert.True(security.Count == 0, $"{operation.Name} {path.Name} requires {security.Count} schemes");
                }
            }
        }

        Assert.Equal(3, document.GetProperty("paths").EnumerateObject().Count(p => p.Name.StartsWith("/api/v1/preview/", StringComparison.Ordinal)));
    }

    /// <summary>limit is an integer within the bounds the query parser enforces, on every operation that reads it.</summary>
    /// <summary>HEAD stays in the document for generators and linters, and is listed with its GET on the reference page.</summary>
    [Fact]
    public async Task HeadIsDocumentedWithItsGetAndLeftOutOfTheReferencePagesNavigation()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        foreach (var path in paths.EnumerateObject())
        {
            var get = path.Value.GetProperty("get");
            var head = path.Value.GetProperty("head");
            Assert.True(head.GetProperty("x-scalar-ignore").GetBoolean(), path.Name);
            Assert.False(get.TryGetProperty("x-scalar-ignore", out _), path.Name);
            Assert.EndsWith($"Also answers HEAD ({head.GetProperty("operationId").GetString()}): the same headers, no body.", get.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Route parameters with the rules the API checks and examples from the sample content (OpenApiHeaderContract sends them).</summary>
    [Fact]
    public async Task RouteParametersAreTypedWithTheirRules()
    {
        static JsonElement Parameter(JsonElement paths, string path, string name) => paths.GetProperty(path).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == name && p.GetProperty("in").GetString() == "path");
        var paths = (await DocumentAsync()).GetProperty("paths");

        var version = Parameter(paths, "/api/v1/articles/{slug}/versions/{version}", "version");
        Assert.Equal("integer", version.GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(1, version.GetProperty("schema").GetProperty("minimum").GetInt32());
        var slug = Parameter(paths, "/api/v1/articles/{slug}", "slug");
        Assert.Equal(MedicalContent.Model.Slug.Pattern, slug.GetProperty("schema").GetProperty("pattern").GetString());
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.ContentJson, "articles", slug.GetProperty("example").GetString()!)));
        var name = Parameter(paths, "/api/v1/schemas/{name}", "name");
        Assert.Equal(MedicalContent.Validation.JsonSchema.Names, name.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    /// <summary>
    /// Redocly's operation-4xx-response rule is off (redocly.yaml) for the two operations that take no input; this keeps
    /// it for every other one.
    /// </summary>
    [Fact]
    public async Task EveryOperationThatTakesInputDocumentsA4xx()
    {
        string[] noInput = ["ListAudiences", "HeadListAudiences", "GetHealth", "HeadHealth"];
        var operations = (await DocumentAsync()).GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value).ToList();

        Assert.All(operations.Where(o => !noInput.Contains(o.GetProperty("operationId").GetString())), operation =>
            Assert.Contains(operation.GetProperty("responses").EnumerateObject(), r => r.Name.StartsWith('4')));
        Assert.Equal(noInput.Length, operations.Count(o => noInput.Contains(o.GetProperty("operationId").GetString())));
    }

    [Fact]
    public async Task LimitIsAnIntegerWithTheParsersBounds()
    {
        var limits = (await DocumentAsync()).GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject())
            .SelectMany(o => o.Value.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Where(p => p.GetProperty("name").GetString() == "limit")
            .ToList();

        Assert.Equal(6, limits.Count);
        Assert.All(limits, limit =>
        {
            var schema = limit.GetProperty("schema");
            Assert.Equal("integer", schema.GetProperty("type").GetString());
            Assert.Equal(1, schema.GetProperty("minimum").GetInt32());
            Assert.Equal(MedicalContent.Delivery.QueryParser.MaxPageSize, schema.GetProperty("maximum").GetInt32());
        });
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
                Assert.True(responses.TryGetProperty("304", out var notModified), $"{operation.Name} {path.Name} does not document 304");
                var headers = responses.GetProperty("200").GetProperty("headers");
                // Content-Location and Content-Digest only where sent (OpenApiHeaderContract checks each against real answers).
                foreach (var header in new[] { "ETag", "Last-Modified", "Cache-Control", "Surrogate-Key", "Repr-Digest" })
                {
                    Assert.True(headers.TryGetProperty(header, out _), $"{operation.Name} {path.Name} does not document {header}");
                }

                // A 304 has no content: its headers are the validators, never a digest.
                var notModifiedHeaders = notModified.GetProperty("headers");
                Assert.True(notModifiedHeaders.TryGetProperty("ETag", out _));
                Assert.False(notModifiedHeaders.TryGetProperty("Content-Digest", out _), $"{operation.Name} {path.Name} documents a digest on 304");
                Assert.False(notModifiedHeaders.TryGetProperty("Repr-Digest", out _), $"{operation.Name} {path.Name} documents a digest on 304");

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

    [Fact]
    public async Task DescribesTheClinicalContentModelOnTheArticle()
    {
        var article = Schema(await DocumentAsync(), "ArticleRepresentation");

        foreach (var property in new[] { "about", "reviewState", "datePublished", "wordCount", "readingTimeMinutes", "readabilityGrade", "related", "relatedQuestions" })
        {
            Assert.False(string.IsNullOrWhiteSpace(Description(article, property)), $"ArticleRepresentation.{property} is missing or undescribed");
        }

        // reviewState is computed against the clock: the document says where it appears and where it never does.
        Assert.Contains("Only on the latest article", Description(article, "reviewState"), StringComparison.Ordinal);
        Assert.Contains("never behind a version URL", Description(article, "reviewState"), StringComparison.Ordinal);
        Assert.Contains("about.name", Description(article, "about"), StringComparison.Ordinal);
        Assert.Equal("#/components/schemas/Subject", article.GetProperty("properties").GetProperty("about").GetProperty("$ref").GetString());
        Assert.Equal("integer", article.GetProperty("properties").GetProperty("wordCount").GetProperty("type").GetString());
        Assert.Equal("number", article.GetProperty("properties").GetProperty("readabilityGrade").GetProperty("type").GetString());
    }

    [Fact]
    public async Task DescribesCitationMarksBlocksAndReferences()
    {
        var document = await DocumentAsync();

        var mark = Schema(document, "CitationMark");
        Assert.Equal(["length", "numbers", "offset"], mark.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("integer", mark.GetProperty("properties").GetProperty("numbers").GetProperty("items").GetProperty("type").GetString());
        foreach (var position in new[] { "offset", "length" })
        {
            Assert.Equal("integer", mark.GetProperty("properties").GetProperty(position).GetProperty("type").GetString());
            Assert.Contains("UTF-16 code units", Description(mark, position), StringComparison.Ordinal);
        }

        var block = Schema(document, "BlockRepresentation");
        foreach (var property in new[] { "severity", "caption", "header", "rows", "reference" })
        {
            Assert.False(string.IsNullOrWhiteSpace(Description(block, property)), $"BlockRepresentation.{property} is missing or undescribed");
        }

        Assert.Equal("#/components/schemas/CitationMark", block.GetProperty("properties").GetProperty("citations").GetProperty("items").GetProperty("$ref").GetString());
        var reference = Schema(document, "ReferenceRepresentation").GetProperty("properties");
        foreach (var property in new[] { "doi", "pmid", "pmcid", "authors", "url" })
        {
            Assert.True(reference.TryGetProperty(property, out _), $"ReferenceRepresentation lacks {property}");
        }

        Assert.Contains("https://doi.org/{doi}", Description(Schema(document, "ReferenceRepresentation"), "url"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ReviewState", "current", "due-soon", "overdue")]
    [InlineData("WarningSeverity", "boxed", "red-flag", "caution")]
    [InlineData("SubjectKind", "condition", "drug", "test", "procedure")]
    [InlineData("CodeSystem", "ICD-10-CM", "SNOMED CT", "RxNorm", "MeSH", "LOINC")]
    [InlineData("BlockType", "heading", "paragraph", "list", "quote", "warning", "table")]
    public async Task ListsEachVocabularyAsAnEnumOfExactlyItsValues(string name, params string[] values)
    {
        var schema = Schema(await DocumentAsync(), name);

        // Exactly the names: a property that may be absent says so itself, never by a null among the values.
        Assert.Equal(values, schema.GetProperty("enum").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()));
        Assert.False(string.IsNullOrWhiteSpace(schema.GetProperty("description").GetString()), $"{name} is undescribed");
    }

    [Theory]
    [InlineData("ArticleRepresentation", "reviewState", "ReviewState")]
    [InlineData("ArticleSummary", "reviewState", "ReviewState")]
    [InlineData("BlockRepresentation", "severity", "WarningSeverity")]
    [InlineData("BlockRepresentation", "type", "BlockType")]
    [InlineData("Subject", "kind", "SubjectKind")]
    [InlineData("SubjectCode", "system", "CodeSystem")]
    public async Task VocabularyPropertiesReferToTheirEnum(string type, string property, string vocabulary)
    {
        var schema = Schema(await DocumentAsync(), type).GetProperty("properties").GetProperty(property);

        Assert.Equal($"#/components/schemas/{vocabulary}", schema.GetProperty("$ref").GetString());
    }

    [Theory]
    [InlineData("TextRepresentation", "citations")]
    [InlineData("BlockRepresentation", "citations")]
    [InlineData("ArticleRepresentation", "reviewState")]
    [InlineData("ArticleRepresentation", "summary")]
    [InlineData("ArticleRepresentation", "datePublished")]
    [InlineData("ReferenceRepresentation", "doi")]
    [InlineData("RelatedArticle", "title")]
    public async Task APropertyLeftOutWhenEmptyIsOptionalAndNeverNull(string type, string property)
    {
        var schema = Schema(await DocumentAsync(), type);

        Assert.DoesNotContain(property, schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var described = schema.GetProperty("properties").GetProperty(property);
        Assert.False(described.TryGetProperty("oneOf", out _), $"{type}.{property}: {described}");
        Assert.DoesNotContain("null", described.TryGetProperty("type", out var kind) ? kind.GetRawText() : "", StringComparison.Ordinal);
    }

    /// <summary>The document against real answers: every required property is there, every property is described, every value has its type.</summary>
    [Theory]
    [InlineData("/api/v1/articles/insulin-resistance?audience=patient", "/api/v1/articles/{slug}")]
    [InlineData("/api/v1/articles/insulin-resistance?audience=clinician", "/api/v1/articles/{slug}")]
    [InlineData("/api/v1/articles/metformin/versions/1?audience=clinician", "/api/v1/articles/{slug}/versions/{version}")]
    [InlineData("/api/v1/articles?audience=patient", "/api/v1/articles")]
    [InlineData("/api/v1/articles/insulin-resistance/versions", "/api/v1/articles/{slug}/versions")]
    public async Task RealAnswersConformToTheDocumentedSchema(string url, string template)
    {
        var document = await DocumentAsync();
        var schema = document.GetProperty("paths").GetProperty(template).GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");

        var body = await (await _client.GetAsync(url)).JsonAsync();

        var problems = new List<string>();
        Conform(body, schema, document.GetProperty("components").GetProperty("schemas"), "#", problems);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static JsonElement Schema(JsonElement document, string name) => document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    /// <summary>A property's description, beside its type or its $ref.</summary>
    private static string Description(JsonElement schema, string property) =>
        schema.GetProperty("properties").TryGetProperty(property, out var described) && described.TryGetProperty("description", out var description)
            ? description.GetString() ?? ""
            : "";

    /// <summary>Just enough JSON Schema for the response bodies: $ref, a nullable oneOf, enum, type, required, properties, items.</summary>
    private static void Conform(JsonElement value, JsonElement schema, JsonElement schemas, string pointer, List<string> problems)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Conform(value, schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas, pointer, problems);
            return;
        }

        if (schema.TryGetProperty("oneOf", out var alternatives))
        {
            var nonNull = alternatives.EnumerateArray().Where(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToList();
            if (value.ValueKind != JsonValueKind.Null)
            {
                Conform(value, nonNull.Single(), schemas, pointer, problems);
            }

            return;
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            if (!values.EnumerateArray().Any(v => v.GetRawText() == value.GetRawText()))
            {
                problems.Add($"{pointer}: {value.GetRawText()} is not one of {values.GetRawText()}");
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            var actual = value.ValueKind switch
            {
                JsonValueKind.Object => "object",
                JsonValueKind.Array => "array",
                JsonValueKind.String => "string",
                JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "null",
            };
            if (!allowed.Contains(actual) && !(actual == "integer" && allowed.Contains("number")))
            {
                problems.Add($"{pointer}: a {actual}, documented as {type.GetRawText()}");
                return;
            }
        }

        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties))
        {
            var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToList() : [];
            problems.AddRange(required.Where(name => !value.TryGetProperty(name, out _)).Select(name => $"{pointer}: required {name} is absent"));
            foreach (var property in value.EnumerateObject())
            {
                if (properties.TryGetProperty(property.Name, out var described))
                {
                    Conform(property.Value, described, schemas, $"{pointer}/{property.Name}", problems);
                }
                else
                {
                    problems.Add($"{pointer}/{property.Name} is not documented");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Conform(item, items, schemas, $"{pointer}/{index++}", problems);
            }
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

    /// <summary>Each filter parameter: its type, an example, its allowed values when they are a list, and an array when it may repeat.</summary>
    [Theory]
    [InlineData("/api/v1/articles", "code", "string", true)]
    [InlineData("/api/v1/articles", "kind", "string", false, "condition", "drug", "test", "procedure")]
    [InlineData("/api/v1/articles", "reviewState", "string", false, "current", "due-soon", "overdue")]
    [InlineData("/api/v1/articles", "limit", "integer", false)]
    [InlineData("/api/v1/changes", "slug", "string", true)]
    [InlineData("/api/v1/changes", "type", "string", true, "version-published", "latest-changed", "version-retracted")]
    public async Task DocumentsEachQueryParameterWithTypeAllowedValuesAndExample(string path, string name, string type, bool repeatable, params string[] allowed)
    {
        var parameter = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == name && p.GetProperty("in").GetString() == "query");

        Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()));
        Assert.True(parameter.TryGetProperty("example", out var example));
        var schema = parameter.GetProperty("schema");
        if (repeatable)
        {
            Assert.Equal("array", schema.GetProperty("type").GetString());
            Assert.Equal(JsonValueKind.Array, example.ValueKind);
            schema = schema.GetProperty("items");
        }

        Assert.Equal(type, schema.GetProperty("type").GetString());
        if (allowed.Length > 0)
        {
            Assert.Equal(allowed, schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        }
    }
}
