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
    public required string Title { get; init; }
    public required string Condition { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TextRepresentation? Summary { get; init; }
    public required DateOnly LastUpdated { get; init; }
    public required ReviewRepresentation Review { get; init; }
    public required string EditorialPolicyUrl { get; init; }
    public required AudiencePicker AudiencePicker { get; init; }
    public required IReadOnlyList<SectionRepresentation> Sections { get; init; }
    public required IReadOnlyList<ReferenceRepresentation> References { get; init; }
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
    public Reviewer? ReviewedBy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? ReviewedOn { get; init; }
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
    public required IReadOnlyList<BlockRepresentation> Blocks { get; init; }
}

public sealed record BlockRepresentation
{
    public required string Id { get; init; }
    public required BlockType Type { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<int>? Citations { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TextRepresentation>? Items { get; init; }
}

/// <summary>Rendered text: citation markers became "[n]" and <see cref="Citations"/> lists the numbers.</summary>
public sealed record TextRepresentation(
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? Citations);

public sealed record ReferenceRepresentation
{
    public required int Number { get; init; }
    public required string Id { get; init; }
    public required SourceKind Kind { get; init; }
    public required string Title { get; init; }
    public required string Source { get; init; }
    public required int Year { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Identifier { get; init; }
}

public sealed record DisclaimerRepresentation(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
    string Text);

public sealed record ArticleLinks(string Self, string Latest, string Versions, string JsonLd);
