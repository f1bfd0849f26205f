using System.Text.Json.Nodes;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Validation;
using MedicalContent.Routing;
using Microsoft.OpenApi;

namespace MedicalContent.Api.Http;

/// <summary>
/// How the OpenAPI document describes each query parameter of the route table: its type, its allowed values (enum)
/// when they are a fixed list, an example, and whether it may be repeated (<see cref="QueryParameter.Repeatable"/>:
/// an array, <c>style: form, explode: true</c>, as in <c>?code=a&amp;code=b</c>). A name without an entry is a plain string.
/// </summary>
internal static class QueryParameterDocumentation
{
    private sealed record Doc(
        string Description, JsonSchemaType Type, string Example, IReadOnlyList<string>? Allowed = null, bool Required = false, string? Pattern = null);

    private static readonly Dictionary<string, Doc> Docs = new(StringComparer.Ordinal)
    {
        [QueryParameter.Audience] = new(
            $"Who reads the text (an audience id of GET /{RouteTable.ListAudiences}); the default audience when absent. " +
            "The allowed values are the vocabulary's ids when the document was generated.",
            JsonSchemaType.String, "clinician"),
        [QueryParameter.Limit] = new("How many items a page holds.", JsonSchemaType.Integer, "20"),
        [QueryParameter.Cursor] = new("The nextCursor of the previous page (opaque); absent for the first page. Valid under the same filters.", JsonSchemaType.String, "YWZ0ZXI6bWV0Zm9ybWlu",
            Pattern: PageCursor.Pattern),
        [QueryParameter.Since] = new("The cursor of the previous page of the feed (opaque); absent to read from the beginning. A position in the whole feed, so it is valid with or without filters.",
            JsonSchemaType.String, "ZmVlZDox", Pattern: PageCursor.Pattern),
        [QueryParameter.Code] = new(
            "Only articles coded with this code, written 'system|code' (the system as the content model names it; 'SNOMED CT' has a space, sent as %20 or +). " +
            $"Repeat it for any of several codes (at most {IndexFilter.MaxValues}); their order does not matter.",
            JsonSchemaType.String, "ICD-10-CM|E88.819"),
        [QueryParameter.Kind] = new("Only articles about this kind of subject.", JsonSchemaType.String, "condition", IndexFilter.Kinds),
        [QueryParameter.ReviewState] = new("Only articles whose latest version is in this review state today.", JsonSchemaType.String, "overdue", IndexFilter.ReviewStateNames),
        [QueryParameter.Slug] = new(
            $"Only changes of this article; repeat it for several (at most {IndexFilter.MaxValues}).", JsonSchemaType.String, "metformin", Pattern: Slug.Pattern),
        [QueryParameter.Type] = new("Only changes of this type; repeat it for several.", JsonSchemaType.String, "version-published", ChangeFilter.EventTypes),
        [QueryParameter.Q] = new(
            "The words to search for, 1 to 200 characters: lower-cased, diacritics folded, split at punctuation; every word must match, " +
            "as a whole word or the start of one.",
            JsonSchemaType.String, "insulin", Required: true),
        [QueryParameter.MainSearchCriteriaCode] = new(
            "HL7 Infobutton mainSearchCriteria.v.c: the code to look up, in the system named by mainSearchCriteria.v.cs (at most 64 characters).",
            JsonSchemaType.String, "E88.819", Required: true),
        [QueryParameter.MainSearchCriteriaCodeSystem] = new(
            "HL7 Infobutton mainSearchCriteria.v.cs: the OID of the code's system — ICD-10-CM 2.16.840.1.113883.6.90, SNOMED CT 2.16.840.1.113883.6.96, " +
            "RxNorm 2.16.840.1.113883.6.88, LOINC 2.16.840.1.113883.6.1, MeSH 2.16.840.1.113883.6.177.",
            JsonSchemaType.String, "2.16.840.1.113883.6.90",
            ["2.16.840.1.113883.6.90", "2.16.840.1.113883.6.96", "2.16.840.1.113883.6.88", "2.16.840.1.113883.6.1", "2.16.840.1.113883.6.177"], Required: true),
        [QueryParameter.MainSearchCriteriaDisplayName] = new(
            "HL7 Infobutton mainSearchCriteria.v.dn: the code's display name (at most 200 characters). Used only when no article carries the code: " +
            "then the articles whose subject name or a synonym is this name, word for word, are answered.",
            JsonSchemaType.String, "Insulin resistance"),
        [QueryParameter.InformationRecipient] = new(
            "HL7 Infobutton informationRecipient: PAT answers the patient text, PROV the clinician text; absent, the vocabulary's default audience.",
            JsonSchemaType.String, "PROV", ["PAT", "PROV"]),
        [QueryParameter.KnowledgeResponseType] = new(
            "HL7 Infobutton knowledgeResponseType: the response format; only application/json (a feed shaped like MedlinePlus Connect's JSON).",
            JsonSchemaType.String, "application/json", ["application/json"]),
    };

    /// <summary>A route parameter: what it is, its type and rule, and an example from the sample content.</summary>
    public static OpenApiParameter DescribePath(string name)
    {
        var (description, schema, example) = name switch
        {
            RouteParameter.Slug => (
                "The article's slug: lower-case words and digits joined by hyphens.",
                new OpenApiSchema { Type = JsonSchemaType.String, Pattern = Slug.Pattern, MaxLength = 100 },
                (JsonNode)JsonValue.Create("insulin-resistance")),
            RouteParameter.Version => (
                "The version number, from 1 (the versions list names an article's versions).",
                new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
                JsonValue.Create(2)),
            RouteParameter.Name => (
                "The schema's file name.",
                new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. JsonSchema.Names.Select(n => (JsonNode)JsonValue.Create(n))] },
                JsonValue.Create(JsonSchema.Names[0])),
            _ => (null, new OpenApiSchema { Type = JsonSchemaType.String }, null),
        };
        return new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Description = description, Schema = schema, Example = example };
    }

    /// <summary>A search cursor also carries the last result's score (<c>hit:8:insulin-resistance</c>): its own example.</summary>
    private static readonly Doc SearchCursor = new(
        "The nextCursor of the previous page of results (opaque); absent for the first page. Valid for the same words and audience.",
        JsonSchemaType.String, "aGl0Ojg6aW5zdWxpbi1yZXNpc3RhbmNl", Pattern: PageCursor.Pattern);

    public static OpenApiParameter Describe(string name, string operation)
    {
        var doc = name == QueryParameter.Cursor && operation == nameof(RouteTable.SearchArticles) ? SearchCursor : Docs.GetValueOrDefault(name);
        if (doc is null)
        {
            return new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        var value = new OpenApiSchema { Type = doc.Type, Pattern = doc.Pattern };
        if (doc.Allowed is { } allowed)
        {
            value.Enum = allowed.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        }

        if (name == QueryParameter.Limit)
        {
            // The bounds the query parser enforces (a 400 outside them).
            value.Minimum = "1";
            value.Maximum = QueryParser.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var repeatable = QueryParameter.Repeatable.Contains(name);
        var example = doc.Type == JsonSchemaType.Integer ? (JsonNode)JsonValue.Create(int.Parse(doc.Example, System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(doc.Example);
        return new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Query,
            Required = doc.Required,
            Description = doc.Description,
            Schema = repeatable ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = value, MaxItems = IndexFilter.MaxValues } : value,
            Style = ParameterStyle.Form,
            Explode = true,
            Example = repeatable ? new JsonArray(example) : example,
        };
    }
}
