using System.Text.Json.Serialization;

namespace MedicalContent.Model;

/// <summary>One immutable version of an article, as authored (see Schemas/article.schema.json).</summary>
public sealed record ArticleDocument
{
    public required string Slug { get; init; }
    public required int Version { get; init; }
    public required LocalizedText Title { get; init; }
    public required string Condition { get; init; }
    public LocalizedText? Summary { get; init; }
    public required string DefaultAudience { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }
    public required DateOnly LastUpdated { get; init; }
    public required Review Review { get; init; }
    public required string EditorialPolicyUrl { get; init; }
    public required IReadOnlyList<Section> Sections { get; init; }
    public required IReadOnlyList<Reference> References { get; init; }
    public required Disclaimer Disclaimer { get; init; }
}

public sealed record Review
{
    public required ReviewStatus Status { get; init; }
    public Reviewer? ReviewedBy { get; init; }
    public DateOnly? ReviewedOn { get; init; }
}

public sealed record Reviewer
{
    public required string Name { get; init; }
    public string? Credentials { get; init; }
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
}

public sealed record Section
{
    public required string Id { get; init; }
    public required SourceKind Kind { get; init; }
    public LocalizedText? Title { get; init; }
    public IReadOnlyList<string>? Audiences { get; init; }
    public required IReadOnlyList<Block> Blocks { get; init; }
}

public sealed record Block
{
    public required string Id { get; init; }
    public required BlockType Type { get; init; }
    public IReadOnlyList<string>? Audiences { get; init; }
    public LocalizedText? Text { get; init; }
    public IReadOnlyList<LocalizedText>? Items { get; init; }
}

public sealed record Reference
{
    public required string Id { get; init; }
    public required SourceKind Kind { get; init; }
    public required string Title { get; init; }
    public required string Source { get; init; }
    public required int Year { get; init; }
    public string? Url { get; init; }
    public string? Identifier { get; init; }
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
