using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MedicalContent.Delivery;
using MedicalContent.Http;
using MedicalContent.Model;
using MedicalContent.Routing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace MedicalContent.Api.Http;

/// <summary>The OpenAPI 3.1 document generated from the endpoints, and a human-readable reference page over it.</summary>
internal static class ApiDocumentation
{
    public const string DocumentName = RouteTable.Version;
    public const string DocumentUrl = "/" + RouteTable.GetOpenApiDocument;
    public const string ReferenceUrl = "/" + RouteTable.ApiReference;

    /// <summary>The command-line option that exports the documentation instead of serving the API.</summary>
    public const string ExportOption = "--export-documentation";


    /// <summary>The licence, licensor and their pages named in every payload's attribution (content-json/syndication.json).</summary>
    public const string ContentLicense = "CC BY-NC-ND 4.0";
    public const string ContentLicenseUrl = "https://creativecommons.org/licenses/by-nc-nd/4.0/";
    public const string ContentPublisher = "Medical Content Editorial Board";
    public const string ContentPublisherUrl = "https://medical-content.example/";

    /// <summary>
    /// Each operation's short name, as a reference page lists it in its navigation; the route table's one-sentence
    /// summary becomes the operation's description.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ShortSummaries = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(RouteTable.ListAudiences)] = "List audiences",
        [nameof(RouteTable.ListArticles)] = "List articles",
        [nameof(RouteTable.GetLatestArticle)] = "Get the latest article",
        [nameof(RouteTable.ListArticleVersions)] = "List an article's versions",
        [nameof(RouteTable.GetArticleVersion)] = "Get an article version",
        [nameof(RouteTable.GetLatestArticleJsonLd)] = "Get the latest article as JSON-LD",
        [nameof(RouteTable.GetArticleVersionJsonLd)] = "Get a version as JSON-LD",
        [nameof(RouteTable.ListChanges)] = "List changes",
        [nameof(RouteTable.SearchArticles)] = "Search articles",
        [nameof(RouteTable.Infobutton)] = "Infobutton request",
        [nameof(RouteTable.GetSchema)] = "Get a JSON Schema",
        [nameof(RouteTable.PreviewNewestArticle)] = "Preview the newest version",
        [nameof(RouteTable.PreviewArticleVersions)] = "Preview the version list",
        [nameof(RouteTable.PreviewArticleVersion)] = "Preview a version",
        [nameof(RouteTable.GetHealth)] = "Health",
    };

    /// <summary>The reference page's (Scalar's) extension that leaves an operation out of its navigation.</summary>
    public const string HiddenFromReferencePage = "x-scalar-ignore";

    /// <summary>The security scheme of the preview operations.</summary>
    public const string PreviewKeyScheme = "PreviewKey";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Audiences"] = "The audience vocabulary: who an article can be rendered for, and the words a picker shows.",
        ["Articles"] = "Published articles, their versions and their JSON-LD, rendered per audience; cacheable with strong ETags.",
        ["Changes"] = "The change feed: what was published, revised or retracted after a cursor, for polling partners and caches.",
        ["Search"] = "Finding articles by words, and HL7 Infobutton knowledge requests by clinical code.",
        ["Schemas"] = "JSON Schemas (draft 2020-12) of the content model.",
        ["Preview"] = $"Editors' view of unpublished and in-review versions; needs the {PreviewOptions.HeaderName} header and is never cached.",
        ["Health"] = "Liveness and readiness for probes and load balancers.",
        ["Documentation"] = "This OpenAPI document and the reference page over it.",
    };

    /// <summary>The validators and caching headers of every cached answer (200 and 304), in the order they are documented.</summary>
    private static readonly (string Name, string Description)[] RepresentationHeaders =
    [
        (HeaderNames.ETag, "Strong validator of these exact bytes; send it back in If-None-Match."),
        (HeaderNames.LastModified, "When the content last changed; If-Modified-Since is honoured when If-None-Match is absent."),
        (HeaderNames.CacheControl, "Caching policy for this kind of URL (see the README's caching table)."),
        (HeaderNames.ContentLocation, "The version URL (explicit version and audience) this representation renders; the latest article adds only its review state and related titles."),
        (RepresentationResult.SurrogateKeyHeader, "Space-separated purge keys naming the article and version."),
        (RepresentationResult.CacheTagHeader, "The same purge keys, comma-separated."),
    ];

    /// <summary>
    /// Only with the content: a 304 has none, and a cache keeps the digests it stored with the bytes. HEAD has no body, so
    /// no Content-Digest, but the same Repr-Digest.
    /// </summary>
    private static readonly (string Name, string Description)[] DigestHeaders =
    [
        (RepresentationResult.ReprDigestHeader, "RFC 9530 digest of the representation: the same value as Content-Digest (no content coding at the origin), and also on HEAD."),
        (RepresentationResult.ContentDigestHeader, "RFC 9530 digest of the body, `sha-256=:<base64 SHA-256>:`; recompute it to prove the bytes arrived unaltered. Not on HEAD (no body) or 304."),
    ];

    /// <summary>The operations whose answers name the exact version URL they render (Content-Location).</summary>
    private static readonly HashSet<string> LocatedOperations = new(StringComparer.Ordinal)
    {
        nameof(RouteTable.GetLatestArticle), nameof(RouteTable.GetArticleVersion), nameof(RouteTable.GetLatestArticleJsonLd),
        nameof(RouteTable.GetArticleVersionJsonLd), nameof(RouteTable.GetSchema), nameof(RouteTable.PreviewNewestArticle),
        nameof(RouteTable.PreviewArticleVersion),
    };

    private const string ProblemCacheControl = "How long caches may keep this answer: `no-store` for 400, 401 and 503; briefly for 404 and 410.";
    private const string ServiceCacheControl = "`no-store` for health, `no-cache` for the documentation.";

    private static readonly Dictionary<string, string> ProblemDescriptions = new()
    {
        ["400"] = $"Malformed input or unknown audience (problem types {Problems.InvalidParameter}, {Problems.UnknownAudience}); `allowed` lists valid audiences. Not cached.",
        ["401"] = $"Preview only: the {PreviewOptions.HeaderName} header is missing or wrong (problem type {Problems.PreviewKeyRequired}); says nothing about whether the article exists. Never cached.",
        ["404"] = $"No such article or publicly served version (problem type {Problems.NotFound}). Cached briefly by shared caches.",
        ["410"] = $"The version was retracted (problem type {Problems.Retracted}); `reason`, `retractedAt` and `latest` say why and where to go. Cached briefly.",
        ["503"] = $"The content store cannot be read and nothing is cached (problem type {Problems.Unavailable}); retry after `Retry-After` seconds.",
    };

    public static WebApplicationBuilder AddApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Medical content API",
                    Version = "v1",
                    Description = "Versioned medical explainer articles, rendered per audience, with strong ETags for browsers, partners and CDN edges. " +
                        "Every GET also answers HEAD and conditional requests (If-None-Match → 304).",
                };
                document.Info.License = new OpenApiLicense { Name = ContentLicense, Url = new Uri(ContentLicenseUrl) };
                document.Info.Contact = new OpenApiContact { Name = ContentPublisher, Url = new Uri(ContentPublisherUrl) };
                // Relative to wherever the document is served from: the same bytes from every host and instance.
                document.Servers = [new OpenApiServer { Url = "/", Description = "The origin that serves this document." }];
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[PreviewKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = PreviewOptions.HeaderName,
                    Description = "An editor's preview key; preview operations answer 401 without a valid one.",
                };
                foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
                {
                    tag.Description = tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description) ? description : tag.Description;
                }

                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(ListTheVocabularysAudiences);
            options.AddSchemaTransformer(ResponseSchemas.AsWritten);
            options.AddDocumentTransformer(ResponseSchemas.DescribeSharedTypes);
            options.AddOperationTransformer(NameHeadOperation);
            options.AddOperationTransformer(SummarizeOperation);
            options.AddOperationTransformer(RequirePreviewKey);
            options.AddOperationTransformer(DescribeParameters);
            options.AddOperationTransformer(DescribeResponses);
        });
        return builder;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentUrl).WithName(nameof(RouteTable.GetOpenApiDocument)).WithTags("Documentation");
        // Nothing on the page leaves our origin: no fonts from Scalar's CDN; no "Test Request" (the page would relay it
        // through proxy.scalar.com for any non-local server, and the .NET options cannot clear that default); no AI chat,
        // MCP, "Generate SDK"/"Deploy" toolbar, client-app button or telemetry, which all call scalar.com services.
        // Every tag is open, so the navigation lists every operation.
        app.MapScalarApiReference(ReferenceUrl, options => options
            .WithTitle("Medical content API reference")
            .DisableDefaultFonts()
            .HideTestRequestButton()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideDeveloperTools()
            .HideClientButton()
            .ExpandAllTags()
            .WithOpenApiRoutePattern(DocumentUrl));
        return app;
    }

    public static string? ExportFolder(string[] args)
    {
        var at = Array.IndexOf(args, ExportOption);
        return at < 0 ? null : at + 1 < args.Length ? args[at + 1] : throw new ArgumentException($"{ExportOption} needs a folder.");
    }

    /// <summary>
    /// Runs the documentation endpoints in process for the document, the reference page and every asset the page
    /// mapped, and writes their bytes with a manifest: the Functions worker serves exactly these. The app starts on a
    /// loopback port it never uses, because the OpenAPI generator sees the endpoints only once the app has started.
    /// </summary>
    public static async Task ExportDocumentationAsync(this WebApplication app, string folder)
    {
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync().ConfigureAwait(false);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw == DocumentUrl || raw.StartsWith(ReferenceUrl + "/", StringComparison.Ordinal)))
            .ToList();
        var document = endpoints.Single(e => e.RoutePattern.RawText == DocumentUrl);
        var page = endpoints.Single(e => e.RoutePattern.RawText != DocumentUrl && e.RoutePattern.Parameters.Count > 0);
        var files = new[] { (DocumentUrl, "openapi.json", document), (ReferenceUrl + "/", "index.html", page) }
            .Concat(endpoints.Where(e => e.RoutePattern.Parameters.Count == 0 && e != document)
                .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)
                .Select(e => (e.RoutePattern.RawText!, Path.GetFileName(e.RoutePattern.RawText!), e)));

        Directory.CreateDirectory(folder);
        var manifest = new List<DocumentationFile>();
        foreach (var (url, file, endpoint) in files)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Request.Method = HttpMethods.Get;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("localhost");
            context.Request.Path = url;
            context.SetEndpoint(endpoint);
            using var body = new MemoryStream();
            context.Response.Body = body;
            await endpoint.RequestDelegate!(context).ConfigureAwait(false);
            if (context.Response.StatusCode != StatusCodes.Status200OK)
            {
                throw new InvalidOperationException($"{url} answered {context.Response.StatusCode}; the documentation cannot be exported.");
            }

            await File.WriteAllBytesAsync(Path.Combine(folder, file), body.ToArray()).ConfigureAwait(false);
            manifest.Add(new DocumentationFile(url, file, context.Response.ContentType ?? "application/octet-stream"));
        }

        await File.WriteAllTextAsync(
            Path.Combine(folder, ExportedDocumentation.ManifestFile),
            JsonSerializer.Serialize(manifest, HttpJsonContext.Default.ListDocumentationFile)).ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Every GET also answers HEAD, documented on the same path; generators need each operation to have its own id. GET
    /// keeps the route table's name (partners' generated clients call it); HEAD takes the name with its verb: "Get"
    /// becomes "Head" (GetLatestArticle → HeadLatestArticle), any other name gets "Head" in front (ListArticles →
    /// HeadListArticles).
    /// </summary>
    public static string HeadOperationId(string getOperationId) =>
        getOperationId.StartsWith("Get", StringComparison.Ordinal) && getOperationId.Length > 3 && char.IsUpper(getOperationId[3])
            ? "Head" + getOperationId[3..]
            : "Head" + getOperationId;

    private static Task NameHeadOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsHead(context.Description.HttpMethod ?? string.Empty) && operation.OperationId is { } id)
        {
            operation.OperationId = HeadOperationId(id);
        }

        return Task.CompletedTask;
    }

    /// <summary>The route table's sentence becomes the description; the summary is the operation's short name.</summary>
    private static Task SummarizeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiOperation>().FirstOrDefault() is not { } described)
        {
            return Task.CompletedTask;
        }

        var head = HttpMethods.IsHead(context.Description.HttpMethod ?? string.Empty);
        var summary = ShortSummaries.TryGetValue(described.Name, out var name) ? name : described.Name;
        operation.Summary = head ? summary + " (HEAD)" : summary;
        var answersHead = context.Description.ActionDescriptor.EndpointMetadata.OfType<IHttpMethodMetadata>()
            .Any(m => m.HttpMethods.Any(HttpMethods.IsHead));
        operation.Description = head
            ? $"The headers {described.Name} would answer, without the body (validators, caching headers and problems alike). {described.Summary}"
            : answersHead
                ? $"{described.Summary} Also answers HEAD ({HeadOperationId(described.Name)}): the same headers, no body."
                : described.Summary;
        if (head)
        {
            // Documented for generators and linters, listed once in the reference page: under its GET.
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
            operation.Extensions[HiddenFromReferencePage] = new JsonNodeExtension(JsonValue.Create(true));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The audience parameter's allowed values are the ids of the vocabulary the content holds (content-json/audiences.json
    /// as published), its default the vocabulary's default; while the store cannot be read the parameter stays a plain
    /// string. The Functions package serves the document exported at build from content-json/ (decision 0018).
    /// </summary>
    private static async Task ListTheVocabularysAudiences(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (await context.ApplicationServices.GetRequiredService<ContentService>().GetVocabularyAsync(cancellationToken).ConfigureAwait(false) is not { } vocabulary)
        {
            return;
        }

        var audiences = (document.Paths ?? []).Values
            .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(operation => operation.Parameters ?? [])
            .Where(parameter => parameter is { Name: QueryParameter.Audience, In: ParameterLocation.Query })
            .Select(parameter => parameter.Schema)
            .OfType<OpenApiSchema>();
        foreach (var schema in audiences)
        {
            schema.Enum = [.. vocabulary.Audiences.Select(a => (JsonNode)JsonValue.Create(a.Id))];
            schema.Default = JsonValue.Create(vocabulary.Default);
        }
    }

    /// <summary>Preview operations need the preview key; every other operation says explicitly that it needs nothing.</summary>
    private static Task RequirePreviewKey(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var preview = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiOperation>().Any(o => o.Access == OperationAccess.Preview);
        operation.Security = preview
            ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PreviewKeyScheme, context.Document)] = [] }]
            : [];
        return Task.CompletedTask;
    }

    /// <summary>Route and query parameters come from the route table: the handlers read them from the request.</summary>
    private static Task DescribeParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiOperation>().FirstOrDefault() is not { } described)
        {
            return Task.CompletedTask;
        }

        operation.Parameters ??= [];
        var pattern = Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(described.Pattern);
        foreach (var name in pattern.Parameters.Select(p => p.Name))
        {
            var parameter = QueryParameterDocumentation.DescribePath(name);
            var at = operation.Parameters.ToList().FindIndex(p => p.Name == name && p.In == ParameterLocation.Path);
            if (at < 0)
            {
                operation.Parameters.Add(parameter);
            }
            else
            {
                operation.Parameters[at] = parameter;
            }
        }

        foreach (var name in described.Query)
        {
            if (!operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Query))
            {
                operation.Parameters.Add(QueryParameterDocumentation.Describe(name, described.Name));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Every response with the headers it carries (OpenApiHeaderContract checks them against real answers): validators,
    /// caching and purge headers on 200 and 304, the digests with content, Cache-Control on every problem, Retry-After on
    /// 503.
    /// </summary>
    private static Task DescribeResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var described = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiOperation>().FirstOrDefault();
        var representation = IsRepresentation(context);
        if (representation)
        {
            // ApiExplorer drops body-less responses; every representation can answer a conditional request with 304.
            operation.Responses.TryAdd("304", new OpenApiResponse());
        }

        var head = HttpMethods.IsHead(context.Description.HttpMethod ?? string.Empty);
        var located = described is not null && LocatedOperations.Contains(described.Name);
        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            var headers = new List<(string Name, string Description)>();
            if (code is "200" or "304" && representation)
            {
                headers.AddRange(RepresentationHeaders.Where(h => located || h.Name != HeaderNames.ContentLocation));
                if (code == "200")
                {
                    headers.AddRange(DigestHeaders.Where(h => !head || h.Name != RepresentationResult.ContentDigestHeader));
                }

                concrete.Description = code == "200"
                    ? "The representation."
                    : "Not modified: the client's copy (If-None-Match / If-Modified-Since) is current; same validators and caching headers, no body.";
            }
            else if (!representation)
            {
                // Health answers its report with 503 when not ready: not a problem, no Retry-After.
                headers.Add((HeaderNames.CacheControl, ServiceCacheControl));
                concrete.Description = code == "503" ? "Not ready: no content can be served; the same report says why." : concrete.Description;
            }
            else if (ProblemDescriptions.TryGetValue(code, out var problem))
            {
                concrete.Description = problem;
                headers.Add((HeaderNames.CacheControl, ProblemCacheControl));
                if (code == "410")
                {
                    // A retraction is purged by the retracted version's keys, like the 200 it replaces.
                    headers.AddRange(RepresentationHeaders.Where(h => h.Name is RepresentationResult.SurrogateKeyHeader or RepresentationResult.CacheTagHeader));
                }

                if (code == "503")
                {
                    headers.Add((HeaderNames.RetryAfter, "Seconds to wait before retrying."));
                }
            }

            if (headers.Count > 0)
            {
                concrete.Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.OrdinalIgnoreCase);
                foreach (var (name, description) in headers.DistinctBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
                {
                    concrete.Headers[name] = new OpenApiHeader
                    {
                        Description = description,
                        Schema = new OpenApiSchema { Type = name == HeaderNames.RetryAfter ? JsonSchemaType.Integer : JsonSchemaType.String },
                    };
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Content operations answer cached representations: validators, 304 and caching headers.</summary>
    private static bool IsRepresentation(OpenApiOperationTransformerContext context) =>
        context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiOperation>().Any(o => o.Access != OperationAccess.Service);

    /// <summary>
    /// The response bodies as the API writes them. The generator describes a type as it would read it: numbers that
    /// may arrive as strings, constructor parameters that must be present, nullable enums whose values include null.
    /// Responses are only ever written, so here a number is a number, a property left out when null is optional and
    /// never null, and an enum lists its names only.
    /// </summary>
    private static class ResponseSchemas
    {
        /// <summary>
        /// Metadata by which Microsoft.AspNetCore.OpenApi wraps a property's reference in "oneOf: [null, $ref]"
        /// (OpenApiTests fail if it stops working).
        /// </summary>
        private const string NullablePropertyMetadata = "x-is-nullable-property";

        /// <summary>
        /// Words for the types representations share with the authored model (Core's Model namespace), which carry XML
        /// comments for their readers but no [Description] for this document.
        /// </summary>
        private static readonly Dictionary<string, Dictionary<string, string>> SharedTypeProperties = new(StringComparer.Ordinal)
        {
            [nameof(Subject)] = new(StringComparer.Ordinal)
            {
                ["kind"] = "What kind of thing the article is about (schema.org MedicalCondition, Drug, MedicalTest or MedicalProcedure).",
                ["name"] = "Its name; versions published with the free-text `condition` serve that text here.",
                ["synonyms"] = "Other names readers use for it (\"also called\").",
                ["codes"] = "Codes in clinical code systems, each confirmed in the system's published sources; empty when none is recorded.",
            },
            [nameof(SubjectCode)] = new(StringComparer.Ordinal)
            {
                ["code"] = "The code in the system's own format (ICD-10-CM E88.819, SNOMED CT and LOINC with their check digits, RxNorm and MeSH ids).",
                ["display"] = "The code system's own name for the code.",
            },
            [nameof(DrugLabel)] = new(StringComparer.Ordinal)
            {
                ["drug"] = "Generic (non-proprietary) name.",
                ["rxcui"] = "RxNorm concept unique identifier of the drug.",
                ["splSetId"] = "DailyMed Structured Product Labeling set id (a lower-case UUID).",
                ["effectiveDate"] = "Effective date of the label version the section reflects.",
            },
        };

        private static readonly Dictionary<string, string> SharedEnums = new(StringComparer.Ordinal)
        {
            [nameof(ReviewState)] = "current: the next review is more than the due-soon window away; due-soon: it is due within the window (30 days by default) or today; overdue: the due date has passed.",
            [nameof(WarningSeverity)] = "boxed: an FDA boxed warning; red-flag: symptoms that need urgent care; caution: a precaution to take.",
            [nameof(SubjectKind)] = "condition, drug, test or procedure: schema.org MedicalCondition, Drug, MedicalTest, MedicalProcedure.",
            [nameof(CodeSystem)] = "The clinical code system a code belongs to.",
            [nameof(BlockType)] = "heading, paragraph and quote have `text`; list has `items`; warning has `severity`, `text` and maybe `title`; table has `caption`, `header` and `rows`.",
        };

        public static Task AsWritten(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum && schema.Enum is { } values)
            {
                foreach (var value in values.Where(v => v is null || v.GetValueKind() == JsonValueKind.Null).ToList())
                {
                    values.Remove(value);
                }
            }

            if (schema.Type is { } numeric && numeric.HasFlag(JsonSchemaType.String) && (numeric.HasFlag(JsonSchemaType.Integer) || numeric.HasFlag(JsonSchemaType.Number)))
            {
                schema.Type = numeric & ~JsonSchemaType.String;
                schema.Pattern = null;
            }

            if (context.JsonPropertyInfo is { } property && OmittedWhenNull(property))
            {
                schema.Metadata?.Remove(NullablePropertyMetadata);
                if (schema.Type is { } nullable && nullable != JsonSchemaType.Null)
                {
                    schema.Type = nullable & ~JsonSchemaType.Null;
                }
            }

            if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { } required)
            {
                foreach (var omitted in context.JsonTypeInfo.Properties.Where(OmittedWhenNull))
                {
                    required.Remove(omitted.Name);
                }
            }

            return Task.CompletedTask;
        }

        public static Task DescribeSharedTypes(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
            foreach (var (name, properties) in SharedTypeProperties)
            {
                if (schemas.TryGetValue(name, out var schema) && schema.Properties is { } described)
                {
                    foreach (var (property, description) in properties)
                    {
                        described[property].Description = description;
                    }
                }
            }

            foreach (var (name, description) in SharedEnums)
            {
                if (schemas.TryGetValue(name, out var schema))
                {
                    schema.Description = description;
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>Left out of the JSON when null ([JsonIgnore(Condition = WhenWritingNull)]): absent, never null.</summary>
        private static bool OmittedWhenNull(JsonPropertyInfo property) =>
            property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: false)
                .OfType<JsonIgnoreAttribute>()
                .Any(a => a.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true;
    }
}
