using System.ComponentModel;
using System.Text.Json.Serialization;
using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>An article version as one audience reads it: the JSON body of the article endpoints.</summary>
public sealed record ArticleRepresentation
{
    public required string Slug { get; init; }
    public required int Version { get; init; }
    public required string Audience { get; init; }
    public required bool IsDefaultAudience { get; init; }
    public required ReviewStatus ReviewStatus { get; init; }

    [Description("Where the text stands in its review cycle today: current, due-soon (next review within the configured window, 30 days by default) or overdue. Only on the latest article (computed against the clock); never behind a version URL, whose bytes never change. Absent when the version has no due date.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReviewState? ReviewState { get; init; }

    public required string Title { get; init; }

    [Description("What the article is about: kind (condition, drug, test, procedure), name, other names and codes (ICD-10-CM, SNOMED CT, RxNorm, MeSH, LOINC). Replaces the free-text `condition` of earlier releases: read `about.name`.")]
    public required Subject About { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextRepresentation? Summary { get; init; }

    [Description("Who wrote the article (the reviewer is in `review`).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Person>? Authors { get; init; }

    [Description("First publication of the article: the earliest publish recorded in the store's history (on the file store, the earliest version's date).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? DatePublished { get; init; }

    public required DateOnly LastUpdated { get; init; }
    public required ReviewRepresentation Review { get; init; }

    [Description("Words this audience reads: summary, section titles and every block's text, list items, warnings, quotes and table cells, without citation markers.")]
    public required int WordCount { get; init; }

    [Description("Reading time at 200 words a minute, rounded up, at least 1.")]
    public required int ReadingTimeMinutes { get; init; }

    [Description("Flesch-Kincaid grade level of this audience's prose (one decimal), computed from the version's text, so it never changes behind a version URL.")]
    public required double ReadabilityGrade { get; init; }
    public required string EditorialPolicyUrl { get; init; }
    public required AudiencePicker AudiencePicker { get; init; }
    public required IReadOnlyList<SectionRepresentation> Sections { get; init; }
    public required IReadOnlyList<ReferenceRepresentation> References { get; init; }

    [Description("Related articles, with their links for this audience; their titles appear on the latest article only (a related article's title can change after this version was published).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RelatedArticle>? Related { get; init; }

    [Description("Questions a reader may ask next, in this audience's words, each with the article that answers it when there is one.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RelatedQuestionRepresentation>? RelatedQuestions { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DisclaimerRepresentation? Disclaimer { get; init; }
    /// <summary>The terms the version was published under (absent for versions published before they were recorded).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Attribution? Attribution { get; init; }
    public required ArticleLinks Links { get; init; }
}

/// <summary>What a partner must show when republishing: publisher, licence and the canonical link.</summary>
public sealed record Attribution(string Publisher, string PublisherUrl, string License, string LicenseUrl, string CanonicalUrl, string Notice);

public sealed record ReviewRepresentation
{
    public required ReviewStatus Status { get; init; }
    /// <summary>True until the version is approved: frontends show a pending-review banner.</summary>
    public required bool PendingReview { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Person? ReviewedBy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? ReviewedOn { get; init; }

    [Description("When the text must next be reviewed (approved versions).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? NextReviewDue { get; init; }
}

/// <summary>A related article: its slug and its latest URL for the audience (its title on the latest article only).</summary>
public sealed record RelatedArticle
{
    public required string Slug { get; init; }

    [Description("The related article's title for this audience, from its latest version; only on the latest article.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    public required string Href { get; init; }
}

public sealed record RelatedQuestionRepresentation
{
    public required string Question { get; init; }

    [Description("The article that answers the question, when there is one.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RelatedArticle? AnsweredBy { get; init; }
}

/// <summary>
/// The audiences this version is written for, as links. The picker's prompt, hint and labels are vocabulary that
/// may change at any time: frontends take them by id from the audiences route (<see cref="Routing.RouteTable.ListAudiences"/>).
/// </summary>
public sealed record AudiencePicker
{
    public required IReadOnlyList<AudienceOption> Options { get; init; }
}

public sealed record AudienceOption(string Id, bool Selected, string Href);

public sealed record SectionRepresentation
{
    public required string Id { get; init; }
    public required SourceKind Kind { get; init; }
    public required string KindLabel { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    [Description("Drug-label sections: the label the section reflects (drug, brand, RxCUI, DailyMed SPL set id, label effective date).")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DrugLabel? Label { get; init; }

    public required IReadOnlyList<BlockRepresentation> Blocks { get; init; }
}

/// <summary>
/// One block. Heading, paragraph and quote have <see cref="Text"/>; list has <see cref="Items"/>; warning has
/// <see cref="Severity"/>, <see cref="Text"/> and maybe <see cref="Title"/>; table has <see cref="Caption"/>,
/// <see cref="Header"/> and <see cref="Rows"/>.
/// </summary>
public sealed record BlockRepresentation
{
    public required string Id { get; init; }
    public required BlockType Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    [Description("Where the citation markers are in `text`: see CitationMark.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CitationMark>? Citations { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TextRepresentation>? Items { get; init; }

    [Description("Quote: the number of the reference the verbatim text is taken from.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Reference { get; init; }

    [Description("Warning: boxed (an FDA boxed warning), red-flag (symptoms that need urgent care) or caution.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WarningSeverity? Severity { get; init; }

    [Description("Warning: its title, when it has one.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextRepresentation? Title { get; init; }

    [Description("Table: what the table shows.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextRepresentation? Caption { get; init; }

    [Description("Table: the column headings.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TextRepresentation>? Header { get; init; }

    [Description("Table: the rows, each as long as the header.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<IReadOnlyList<TextRepresentation>>? Rows { get; init; }
}

/// <summary>Rendered text: citation markers became "[n]" and <see cref="Citations"/> says where each one is.</summary>
public sealed record TextRepresentation(
    string Text,
    [property: Description("Where the citation markers are in `text`: see CitationMark.")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CitationMark>? Citations);

/// <summary>
/// One rendered citation marker such as "[1, 2]": the reference numbers it cites and where it is in its text, so a
/// frontend can turn it into links without parsing the text. Offset and length count UTF-16 code units, as JavaScript
/// string indices and .NET strings do.
/// </summary>
public sealed record CitationMark(
    [property: Description("Reference numbers, as in the article's `references`.")] IReadOnlyList<int> Numbers,
    [property: Description("Index of the marker's opening bracket in the text (UTF-16 code units).")] int Offset,
    [property: Description("Length of the marker, brackets included (UTF-16 code units).")] int Length);

public sealed record ReferenceRepresentation
{
    public required int Number { get; init; }
    public required string Id { get; init; }
    public required SourceKind Kind { get; init; }
    public required string Title { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Authors { get; init; }
    public required string Source { get; init; }
    public required int Year { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Doi { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pmid { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Pmcid { get; init; }

    [Description("Where to read the work: the reference's own URL, else https://doi.org/{doi}, else https://pubmed.ncbi.nlm.nih.gov/{pmid}/, else https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [Description("Free-text identifier of versions published before doi, pmid and pmcid existed.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Identifier { get; init; }
}

public sealed record DisclaimerRepresentation(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
    string Text);

public sealed record ArticleLinks(string Self, string Latest, string Versions, string JsonLd);
