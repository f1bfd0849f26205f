using System.Globalization;
using System.Text.Json.Serialization;
using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>A schema.org <c>MedicalWebPage</c> for one article version and audience (JSON-LD).</summary>
public sealed record MedicalWebPage
{
    [JsonPropertyName("@context")]
    public string Context { get; init; } = "https://schema.org";

    [JsonPropertyName("@type")]
    public string Type { get; init; } = "MedicalWebPage";

    [JsonPropertyName("@id")]
    public required string Id { get; init; }

    public required string Name { get; init; }
    public required string Headline { get; init; }
    public required string Url { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }
    public string InLanguage { get; init; } = "en";
    public required string Version { get; init; }
    public required JsonLdAudience MedicalAudience { get; init; }
    public required JsonLdThing About { get; init; }
    public required string DateModified { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastReviewed { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonLdPerson? ReviewedBy { get; init; }
    public required string CreativeWorkStatus { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonLdOrganization? Publisher { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? License { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CopyrightNotice { get; init; }
    /// <summary>The disclaimer, as the page's usage information.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonLdText? UsageInfo { get; init; }
    public required IReadOnlyList<JsonLdCitation> Citation { get; init; }
    public required string MainEntityOfPage { get; init; }
}

public sealed record JsonLdAudience(
    [property: JsonPropertyName("@type")] string Type,
    string AudienceType);

public sealed record JsonLdThing(
    [property: JsonPropertyName("@type")] string Type,
    string Name);

public sealed record JsonLdText(
    [property: JsonPropertyName("@type")] string Type,
    string Name,
    string Text);

public sealed record JsonLdPerson(
    [property: JsonPropertyName("@type")] string Type,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? JobTitle);

public sealed record JsonLdOrganization(
    [property: JsonPropertyName("@type")] string Type,
    string Name,
    string Url);

public sealed record JsonLdCitation
{
    [JsonPropertyName("@type")]
    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AdditionalType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Genre { get; init; }

    public required int Position { get; init; }
    public required string Name { get; init; }
    public required string Publisher { get; init; }
    public required string DatePublished { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Identifier { get; init; }
}

/// <summary>
/// Builds the JSON-LD rendition from the audience's article representation, so both always agree (and, like it,
/// depends on nothing but what was published for the version: the audience is its id, not a vocabulary label).
/// </summary>
public static class JsonLdRenderer
{
    public static MedicalWebPage Render(ArticleRepresentation article)
    {
        var attribution = article.Attribution;
        var url = attribution?.CanonicalUrl ?? article.Links.Self;
        return new MedicalWebPage
        {
            Id = $"{url}#v{article.Version.ToString(CultureInfo.InvariantCulture)}-{article.Audience}",
            Name = article.Title,
            Headline = article.Title,
            Url = url,
            Description = article.Summary?.Text,
            Version = article.Version.ToString(CultureInfo.InvariantCulture),
            MedicalAudience = new JsonLdAudience("MedicalAudience", article.Audience),
            About = new JsonLdThing("MedicalCondition", article.About.Name),
            DateModified = article.LastUpdated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            LastReviewed = article.Review.ReviewedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ReviewedBy = article.Review.ReviewedBy is { } reviewer ? new JsonLdPerson("Person", reviewer.Name, reviewer.Credentials) : null,
            CreativeWorkStatus = article.ReviewStatus switch
            {
                ReviewStatus.Approved => "Approved",
                ReviewStatus.UnderReview => "Under review",
                _ => "Submitted",
            },
            Publisher = attribution is null ? null : new JsonLdOrganization("Organization", attribution.Publisher, attribution.PublisherUrl),
            License = attribution?.LicenseUrl,
            CopyrightNotice = attribution?.Notice,
            UsageInfo = article.Disclaimer is { } disclaimer ? new JsonLdText("CreativeWork", disclaimer.Title ?? "Disclaimer", disclaimer.Text) : null,
            Citation = article.References.Select(Citation).ToList(),
            MainEntityOfPage = url,
        };
    }

    private static JsonLdCitation Citation(ReferenceRepresentation reference) => new()
    {
        Type = reference.Kind == SourceKind.Research ? "MedicalScholarlyArticle" : "CreativeWork",
        AdditionalType = reference.Kind switch
        {
            SourceKind.Guideline => "https://schema.org/MedicalGuideline",
            SourceKind.DrugLabel => "https://schema.org/Drug",
            _ => null,
        },
        Genre = reference.Kind switch
        {
            SourceKind.Guideline => "clinical practice guideline",
            SourceKind.DrugLabel => "prescribing information (drug label)",
            _ => null,
        },
        Position = reference.Number,
        Name = reference.Title,
        Publisher = reference.Source,
        DatePublished = reference.Year.ToString(CultureInfo.InvariantCulture),
        Url = reference.Url,
        Identifier = reference.Identifier,
    };
}
