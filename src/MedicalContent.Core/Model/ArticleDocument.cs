using System.Text.Json.Serialization;

namespace MedicalContent.Model;

/// <summary>One immutable version of an article, as authored (see Schemas/article.schema.json).</summary>
public sealed record ArticleDocument
{
    public required string Slug { get; init; }
    public required int Version { get; init; }
    public required LocalizedText Title { get; init; }

    /// <summary>What the article is about, with its codes. Required for new content; absent only in versions published with <see cref="Condition"/>.</summary>
    public Subject? About { get; init; }

    /// <summary>Free-text condition of versions published before <see cref="About"/> existed; read through <see cref="Subject"/>.</summary>
    public string? Condition { get; init; }

    public LocalizedText? Summary { get; init; }

    /// <summary>Who wrote the article (separate from who reviewed it).</summary>
    public IReadOnlyList<Person>? Authors { get; init; }
    public required string DefaultAudience { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }
    public required DateOnly LastUpdated { get; init; }
    public required Review Review { get; init; }
    public required string EditorialPolicyUrl { get; init; }
    public required IReadOnlyList<Section> Sections { get; init; }
    public required IReadOnlyList<Reference> References { get; init; }
    public required Disclaimer Disclaimer { get; init; }

    /// <summary>Slugs of related articles, each of which must exist in the content set.</summary>
    public IReadOnlyList<string>? Related { get; init; }

    /// <summary>Questions a reader may ask next, each optionally answered by an article.</summary>
    public IReadOnlyList<RelatedQuestion>? RelatedQuestions { get; init; }

    /// <summary>
    /// The subject as served: <see cref="About"/>, or for versions published before it existed a condition named by
    /// the free-text <see cref="Condition"/>, without codes.
    /// </summary>
    [JsonIgnore]
    public Subject Subject => About ?? new Subject { Kind = SubjectKind.Condition, Name = Condition ?? Slug, Codes = [] };
}

public sealed record Review
{
    public required ReviewStatus Status { get; init; }
    public Person? ReviewedBy { get; init; }
    public DateOnly? ReviewedOn { get; init; }

    /// <summary>When the text must next be reviewed; required for approved versions and after <see cref="ReviewedOn"/>.</summary>
    public DateOnly? NextReviewDue { get; init; }
}

/// <summary>A named person with optional credentials: an author or a reviewer.</summary>
public sealed record Person
{
    public required string Name { get; init; }
    public string? Credentials { get; init; }
}

/// <summary>The article's subject (schema.org <c>about</c>): what kind of thing, its name, other names and codes.</summary>
public sealed record Subject
{
    public required SubjectKind Kind { get; init; }
    public required string Name { get; init; }

    /// <summary>Other names readers use for it ("also called").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Synonyms { get; init; }

    public required IReadOnlyList<SubjectCode> Codes { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SubjectKind>))]
public enum SubjectKind
{
    [JsonStringEnumMemberName("condition")] Condition,
    [JsonStringEnumMemberName("drug")] Drug,
    [JsonStringEnumMemberName("test")] Test,
    [JsonStringEnumMemberName("procedure")] Procedure,
}

/// <summary>A code for the subject in a clinical code system.</summary>
public sealed record SubjectCode
{
    public required CodeSystem System { get; init; }
    public required string Code { get; init; }

    /// <summary>The code system's own name for the code.</summary>
    public required string Display { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<CodeSystem>))]
public enum CodeSystem
{
    [JsonStringEnumMemberName("ICD-10-CM")] Icd10Cm,
    [JsonStringEnumMemberName("SNOMED CT")] SnomedCt,
    [JsonStringEnumMemberName("RxNorm")] RxNorm,
    [JsonStringEnumMemberName("MeSH")] Mesh,
    [JsonStringEnumMemberName("LOINC")] Loinc,
}

public sealed record RelatedQuestion
{
    public required LocalizedText Question { get; init; }

    /// <summary>Slug of the article that answers the question, if one does.</summary>
    public string? AnsweredBy { get; init; }
}

/// <summary>Which drug label a drug-label section reflects.</summary>
public sealed record DrugLabel
{
    /// <summary>Generic (non-proprietary) name.</summary>
    public required string Drug { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Brand { get; init; }

    /// <summary>RxNorm concept unique identifier of the drug.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Rxcui { get; init; }

    /// <summary>DailyMed Structured Product Labeling set id (a UUID).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SplSetId { get; init; }

    /// <summary>Effective date of the label version the section reflects.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? EffectiveDate { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<WarningSeverity>))]
public enum WarningSeverity
{
    [JsonStringEnumMemberName("boxed")] Boxed,
    [JsonStringEnumMemberName("red-flag")] RedFlag,
    [JsonStringEnumMemberName("caution")] Caution,
}

[JsonConverter(typeof(JsonStringEnumConverter<ReviewStatus>))]
public enum ReviewStatus
{
    [JsonStringEnumMemberName("submitted")] Submitted,
    [JsonStringEnumMemberName("under-review")] UnderReview,
    [JsonStringEnumMemberName("approved")] Approved,
}

[JsonConverter(typeof(JsonStringEnumConverter<SourceKind>))]
public enum SourceKind
{
    [JsonStringEnumMemberName("overview")] Overview,
    [JsonStringEnumMemberName("guideline")] Guideline,
    [JsonStringEnumMemberName("drug-label")] DrugLabel,
    [JsonStringEnumMemberName("research")] Research,
}

[JsonConverter(typeof(JsonStringEnumConverter<BlockType>))]
public enum BlockType
{
    [JsonStringEnumMemberName("heading")] Heading,
    [JsonStringEnumMemberName("paragraph")] Paragraph,
    [JsonStringEnumMemberName("list")] List,
    [JsonStringEnumMemberName("quote")] Quote,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("table")] Table,
}

public sealed record Section
{
    public required string Id { get; init; }
    public required SourceKind Kind { get; init; }
    public LocalizedText? Title { get; init; }
    public IReadOnlyList<string>? Audiences { get; init; }

    /// <summary>The label a drug-label section reflects (drug-label sections only).</summary>
    public DrugLabel? Label { get; init; }

    public required IReadOnlyList<Block> Blocks { get; init; }
}

public sealed record Block
{
    public required string Id { get; init; }
    public required BlockType Type { get; init; }
    public IReadOnlyList<string>? Audiences { get; init; }
    public LocalizedText? Text { get; init; }
    public IReadOnlyList<LocalizedText>? Items { get; init; }

    /// <summary>Quote: the id of the reference the verbatim text is taken from.</summary>
    public string? Reference { get; init; }

    /// <summary>Warning: how serious.</summary>
    public WarningSeverity? Severity { get; init; }

    /// <summary>Warning: an optional title ("Boxed warning: lactic acidosis").</summary>
    public LocalizedText? Title { get; init; }

    /// <summary>Table: what the table shows.</summary>
    public LocalizedText? Caption { get; init; }

    /// <summary>Table: the column headings.</summary>
    public IReadOnlyList<LocalizedText>? Header { get; init; }

    /// <summary>Table: rows of cells, each row as long as <see cref="Header"/>.</summary>
    public IReadOnlyList<IReadOnlyList<LocalizedText>>? Rows { get; init; }
}

public sealed record Reference
{
    public required string Id { get; init; }
    public required SourceKind Kind { get; init; }
    public required string Title { get; init; }

    /// <summary>Authors as cited ("Zhao X", "American Diabetes Association Professional Practice Committee").</summary>
    public IReadOnlyList<string>? Authors { get; init; }

    /// <summary>Journal, publisher or issuing body.</summary>
    public required string Source { get; init; }

    public required int Year { get; init; }

    /// <summary>Digital Object Identifier without a resolver prefix ("10.2337/dc25-S002").</summary>
    public string? Doi { get; init; }

    /// <summary>PubMed identifier ("39651986").</summary>
    public string? Pmid { get; init; }

    /// <summary>PubMed Central identifier ("PMC11635041").</summary>
    public string? Pmcid { get; init; }

    public string? Url { get; init; }

    /// <summary>Free-text identifier of versions published before <see cref="Doi"/>, <see cref="Pmid"/> and <see cref="Pmcid"/> existed.</summary>
    public string? Identifier { get; init; }

    /// <summary>Where a reader follows the reference: <see cref="Url"/>, else the DOI resolver, else PubMed, else PubMed Central.</summary>
    public string? Link() =>
        Url ?? (Doi is not null ? $"https://doi.org/{Doi}"
            : Pmid is not null ? $"https://pubmed.ncbi.nlm.nih.gov/{Pmid}/"
            : Pmcid is not null ? $"https://pmc.ncbi.nlm.nih.gov/articles/{Pmcid}/"
            : null);
}

public sealed record Disclaimer
{
    public LocalizedText? Title { get; init; }
    public required LocalizedText Text { get; init; }
    public IReadOnlyList<string>? Audiences { get; init; }
}

/// <summary>The controlled audience vocabulary (see Schemas/audiences.schema.json).</summary>
public sealed record AudienceVocabulary
{
    public required string Prompt { get; init; }
    public string? Hint { get; init; }
    public required string Default { get; init; }
    public required IReadOnlyList<Audience> Audiences { get; init; }

    public bool Contains(string id) => Audiences.Any(a => a.Id == id);
}

public sealed record Audience
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public string? Description { get; init; }
    public string? SchemaOrgAudience { get; init; }
}

public static class Audiences
{
    /// <summary>True when an element limited to <paramref name="limit"/> is shown to <paramref name="audience"/>.</summary>
    public static bool Includes(IReadOnlyList<string>? limit, string audience) => limit is null || limit.Contains(audience);
}
