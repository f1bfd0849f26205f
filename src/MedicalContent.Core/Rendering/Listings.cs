using System.ComponentModel;
using System.Text.Json.Serialization;
using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>Body of <see cref="Routing.RouteTable.ListAudiences"/>: the "Which best describes you?" vocabulary.</summary>
public sealed record AudienceListRepresentation(string Prompt, string? Hint, string Default, IReadOnlyList<Audience> Audiences);

/// <summary>Body of <see cref="Routing.RouteTable.ListArticles"/>: one page of the article index.</summary>
public sealed record ArticleIndexRepresentation
{
    public required string Audience { get; init; }
    public required IReadOnlyList<ArticleSummary> Items { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
    public required PageLinks Links { get; init; }
}

/// <summary>An index item: everything a card on a listing page shows, in the audience's words.</summary>
public record ArticleSummary
{
    public required string Slug { get; init; }
    public required string Title { get; init; }

    [Description("The article's summary in the audience's words, as plain text (the article's citation markers left out); absent for articles indexed before summaries were.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Summary { get; init; }

    [Description("What the article is about: kind (condition, drug, test, procedure), name, other names and codes, as in the article; absent for articles indexed before it was.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Subject? About { get; init; }

    [Description("Reading time of the audience's article in minutes, exactly as the article says; absent for articles indexed before it was.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ReadingTimeMinutes { get; init; }

    public required int LatestVersion { get; init; }
    public required ReviewStatus ReviewStatus { get; init; }

    [Description("Where the latest version stands in its review cycle today (current, due-soon, overdue); absent when it has no due date.")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReviewState? ReviewState { get; init; }

    public required DateOnly LastUpdated { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? ReviewedOn { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? NextReviewDue { get; init; }

    public required IReadOnlyList<string> Audiences { get; init; }
    public required string DefaultAudience { get; init; }
    public required string Href { get; init; }
}

public sealed record PageLinks(
    string Self,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);

/// <summary>Body of <see cref="Routing.RouteTable.ListArticleVersions"/>: the public version history.</summary>
public sealed record VersionListRepresentation(string Slug, int? LatestVersion, IReadOnlyList<VersionSummary> Versions);

public sealed record VersionSummary
{
    public required int Number { get; init; }
    public required ReviewStatus ReviewStatus { get; init; }
    public required DateOnly LastUpdated { get; init; }
    public required bool IsLatest { get; init; }
    /// <summary>The version's URL; a retracted version's URL answers 410 Gone.</summary>
    public required string Href { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Retraction? Retraction { get; init; }
}

/// <summary>
/// Body of <see cref="Routing.RouteTable.GetHealth"/>: healthy, degraded (serving what is in memory) or unhealthy, and
/// when the store last answered. Which store, how many articles and the last error are operators' details.
/// </summary>
public sealed record HealthReport(
    string Status,
    DateTimeOffset? LastStoreSuccessAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Store = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Articles = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    /// <summary>What anyone may see: the status and the time, not where the store is or what the SDK said.</summary>
    public HealthReport Public() => new(Status, LastStoreSuccessAt);

    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";
}

/// <summary>Body of <see cref="Routing.RouteTable.ListChanges"/>: one page of the change feed.</summary>
public sealed record ChangeFeedPage(IReadOnlyList<ChangeEvent> Events, string Cursor, bool HasMore, ChangeFeedLinks Links);

public sealed record ChangeFeedLinks(string Next);

/// <summary>One change: a version became public, "latest" moved (to <see cref="Version"/>, or to none), or a version was retracted.</summary>
public sealed record ChangeEvent
{
    public required long Id { get; init; }
    public required string Type { get; init; }
    public required string Slug { get; init; }
    public int? Version { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReviewStatus? ReviewStatus { get; init; }
    public required DateTimeOffset At { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
    public required ChangeLinks Links { get; init; }
}

public sealed record ChangeLinks(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version,
    string Latest);
