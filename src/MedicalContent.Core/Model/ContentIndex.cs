using System.Text.Json.Serialization;
using MedicalContent.Rendering;

namespace MedicalContent.Model;

/// <summary>
/// What a store holds: the audience vocabulary and, per article, its versions with enough metadata to list them
/// and to pick "latest" without reading a single article document.
/// </summary>
public sealed record ContentIndex
{
    public required AudienceVocabulary Audiences { get; init; }

    /// <summary>Articles in ordinal slug order.</summary>
    public required IReadOnlyList<ArticleEntry> Articles { get; init; }

    /// <summary>The highest change sequence in the index: publishes and retractions number on from it.</summary>
    public long LastSequence() => Articles
        .SelectMany(a => a.Versions)
        .Select(v => Math.Max(v.Sequence, v.Retraction?.Sequence ?? 0))
        .DefaultIfEmpty(0)
        .Max();
}

public sealed record ArticleEntry
{
    public required string Slug { get; init; }

    /// <summary>Versions in ascending number order.</summary>
    public required IReadOnlyList<VersionEntry> Versions { get; init; }
}

public sealed record VersionEntry
{
    public required int Number { get; init; }
    public required ReviewStatus ReviewStatus { get; init; }
    public required DateOnly LastUpdated { get; init; }

    /// <summary>When the version was reviewed (absent until it is, and in entries written before it was recorded).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? ReviewedOn { get; init; }

    /// <summary>When the version must next be reviewed: what <see cref="ReviewState"/> is computed from.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? NextReviewDue { get; init; }

    public required LocalizedText Title { get; init; }

    /// <summary>The version's summary, so a listing page shows it without reading the version (absent in older entries).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LocalizedText? Summary { get; init; }

    /// <summary>The version's subject with its codes, for filters, search and the Infobutton lookup (absent in older entries).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Subject? About { get; init; }

    /// <summary>Reading time in minutes per audience, as the version's representation says (absent in older entries).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, int>? ReadingTimeMinutes { get; init; }
    public required string DefaultAudience { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>SHA-256 of the version document's bytes, hex: publishing compares it to refuse silent rewrites.</summary>
    public required string Sha256 { get; init; }

    public Retraction? Retraction { get; init; }

    /// <summary>Position of this publish in the store's history of changes (the change feed's order).</summary>
    public long Sequence { get; init; }

    /// <summary>When the version was published to the store.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>
    /// The publisher, licence and canonical base in force when this version was published. Never rewritten: a licence
    /// is a fact of the published version. Absent in entries written before syndication terms were published content.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SyndicationTerms? Syndication { get; init; }

    public static VersionEntry For(ArticleDocument document, string sha256)
    {
        var (summary, readingTimeMinutes) = ListingFields.Of(document);
        return new()
        {
            Number = document.Version,
            ReviewStatus = document.Review.Status,
            LastUpdated = document.LastUpdated,
            ReviewedOn = document.Review.ReviewedOn,
            NextReviewDue = document.Review.NextReviewDue,
            Title = document.Title,
            Summary = summary,
            About = document.Subject,
            ReadingTimeMinutes = readingTimeMinutes,
            DefaultAudience = document.DefaultAudience,
            Audiences = document.Audiences,
            Sha256 = sha256,
        };
    }
}

public sealed record Retraction
{
    public required string Reason { get; init; }
    public required DateTimeOffset RetractedAt { get; init; }

    /// <summary>Position of the retraction in the store's history of changes.</summary>
    public long Sequence { get; init; }
}
