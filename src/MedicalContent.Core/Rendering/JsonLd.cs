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
    public required JsonLdMedicalEntity About { get; init; }

    /// <summary>Who wrote the article; the reviewer is <see cref="ReviewedBy"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JsonLdPerson>? Author { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DatePublished { get; init; }

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

    /// <summary>Words of the audience's text (see <see cref="ReadingAids"/>).</summary>
    public required int WordCount { get; init; }

    /// <summary>Reading time as an ISO 8601 duration ("PT4M").</summary>
    public required string TimeRequired { get; init; }

    /// <summary>Links to related articles, for the same audience.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RelatedLink { get; init; }

    public required string MainEntityOfPage { get; init; }
}

public sealed record JsonLdAudience(
    [property: JsonPropertyName("@type")] string Type,
    string AudienceType);

/// <summary>
/// The article's subject as a schema.org medical entity: MedicalCondition, Drug, MedicalTest or MedicalProcedure,
/// with its other names and its codes.
/// </summary>
public sealed record JsonLdMedicalEntity(
    [property: JsonPropertyName("@type")] string Type,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AlternateName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JsonLdMedicalCode>? Code);

/// <summary>A schema.org MedicalCode; the coding system is written as the content model names it ("ICD-10-CM", "SNOMED CT").</summary>
public sealed record JsonLdMedicalCode(
    [property: JsonPropertyName("@type")] string Type,
    string CodeValue,
    CodeSystem CodingSystem);

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

    /// <summary>The authors as cited, each as a Person (schema.org expects Person or Organization, not text).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JsonLdPerson>? Author { get; init; }

    public required string Publisher { get; init; }
    public required string DatePublished { get; init; }

    /// <summary>Where to read the work: the reference's derived link.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    /// <summary>The other links the work's identifiers resolve to (doi.org, PubMed, PubMed Central), when there are any besides <see cref="Url"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? SameAs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Identifier { get; init; }
}

/// <summary>
/// Builds the JSON-LD rendition from the audience's article representation, so both always agree (and, like it,
/// depends on nothing but what was published for the version: the audience is its id, not a vocabulary label).
/// It never carries the review state or related articles' titles, which only the latest article has
/// (<see cref="ArticleRenderer.AsLatest"/>): a version's JSON-LD bytes never change.
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
            About = About(article.About),
            Author = article.Authors?.Select(Person).ToList(),
            DatePublished = article.DatePublished is { } published ? Date(published) : null,
            DateModified = Date(article.LastUpdated),
            LastReviewed = article.Review.ReviewedOn is { } reviewed ? Date(reviewed) : null,
            ReviewedBy = article.Review.ReviewedBy is { } reviewer ? Person(reviewer) : null,
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
            WordCount = article.WordCount,
            TimeRequired = $"PT{article.ReadingTimeMinutes.ToString(CultureInfo.InvariantCulture)}M",
            RelatedLink = article.Related?.Select(r => r.Href).ToList(),
            MainEntityOfPage = url,
        };
    }

    /// <summary>The schema.org type for a kind of subject.</summary>
    public static string TypeOf(SubjectKind kind) => kind switch
    {
        SubjectKind.Drug => "Drug",
        SubjectKind.Test => "MedicalTest",
        SubjectKind.Procedure => "MedicalProcedure",
        _ => "MedicalCondition",
    };

    private static JsonLdMedicalEntity About(Subject subject) => new(
        TypeOf(subject.Kind),
        subject.Name,
        subject.Synonyms is { Count: > 0 } synonyms ? synonyms : null,
        subject.Codes.Count > 0 ? subject.Codes.Select(c => new JsonLdMedicalCode("MedicalCode", c.Code, c.System)).ToList() : null);

    private static JsonLdPerson Person(Person person) => new("Person", person.Name, person.Credentials);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Every link a reference's identifiers resolve to except its url: each derived by <see cref="Reference.Link"/>
    /// from that identifier alone, so the resolver addresses are spelled once, in the model.
    /// </summary>
    private static List<string>? SameAs(ReferenceRepresentation reference)
    {
        string? LinkOf(string? doi = null, string? pmid = null, string? pmcid = null) => new Reference
        {
            Id = reference.Id,
            Kind = reference.Kind,
            Title = reference.Title,
            Source = reference.Source,
            Year = reference.Year,
            Doi = doi,
            Pmid = pmid,
            Pmcid = pmcid,
        }.Link();

        var others = new[] { LinkOf(doi: reference.Doi), LinkOf(pmid: reference.Pmid), LinkOf(pmcid: reference.Pmcid) }
            .OfType<string>()
            .Where(link => link != reference.Url)
            .ToList();
        return others.Count == 0 ? null : others;
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
        Author = reference.Authors?.Select(name => new JsonLdPerson("Person", name, null)).ToList(),
        Publisher = reference.Source,
        DatePublished = reference.Year.ToString(CultureInfo.InvariantCulture),
        Url = reference.Url,
        SameAs = SameAs(reference),
        Identifier = reference.Identifier,
    };
}
