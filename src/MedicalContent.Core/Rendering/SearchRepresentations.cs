using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using MedicalContent.Model;

namespace MedicalContent.Rendering;

/// <summary>Body of <see cref="Routing.RouteTable.SearchArticles"/>: one page of ranked search results.</summary>
public sealed record SearchResultsRepresentation
{
    [Description("The query as searched: its words lower-cased, diacritics folded, separated by single spaces.")]
    public required string Query { get; init; }

    public required string Audience { get; init; }
    public required IReadOnlyList<SearchResult> Items { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }

    public required PageLinks Links { get; init; }
}

/// <summary>A search result: the index item of the article (<see cref="ArticleSummary"/>), with the score it was ranked by.</summary>
public sealed record SearchResult : ArticleSummary
{
    [SetsRequiredMembers]
    public SearchResult(ArticleSummary item, int score)
        : base(item)
    {
        Score = score;
    }

    [Description("Relevance: per query word, the strongest field it matches (title 4, subject name, synonyms and code displays 2, summary 1), doubled for a whole word; summed over the words.")]
    public int Score { get; init; }
}

/// <summary>
/// Body of <see cref="Routing.RouteTable.Infobutton"/>: an HL7 Infobutton knowledge response, shaped like MedlinePlus
/// Connect's JSON (an Atom feed in JSON: <c>feed.title._value</c>, <c>feed.category</c> echoing the request,
/// <c>feed.entry[].title._value</c>, <c>.link[].href</c>, <c>.summary._value</c>), with the review dates added.
/// </summary>
public sealed record InfobuttonResponse(InfobuttonFeed Feed);

public sealed record InfobuttonFeed
{
    public required InfobuttonText Title { get; init; }
    public required InfobuttonText Subtitle { get; init; }
    public required InfobuttonValue Updated { get; init; }

    [Description("The request as understood: one {scheme, term} per Infobutton parameter, as MedlinePlus Connect echoes them.")]
    public required IReadOnlyList<InfobuttonCategory> Category { get; init; }

    [Description("The audience the entries are written for: informationRecipient PAT is patient, PROV is clinician.")]
    public required string Audience { get; init; }

    public required IReadOnlyList<InfobuttonEntry> Entry { get; init; }
}

public sealed record InfobuttonEntry
{
    public required InfobuttonText Title { get; init; }
    public required IReadOnlyList<InfobuttonLink> Link { get; init; }
    public required InfobuttonValue Id { get; init; }
    public required InfobuttonValue Updated { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public InfobuttonText? Summary { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? ReviewedOn { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? NextReviewDue { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReviewState? ReviewState { get; init; }
}

/// <summary>Atom text in MedlinePlus Connect's JSON: <c>{"_value": "...", "type": "text"}</c>.</summary>
public sealed record InfobuttonText(
    [property: JsonPropertyName("_value")] string Value,
    string Type = "text");

/// <summary>An Atom value in MedlinePlus Connect's JSON: <c>{"_value": "..."}</c>.</summary>
public sealed record InfobuttonValue([property: JsonPropertyName("_value")] string Value);

public sealed record InfobuttonCategory(string Scheme, string Term);

/// <summary>A link to the article for the recipient's audience (Atom <c>rel="alternate"</c>).</summary>
public sealed record InfobuttonLink(string Title, string Href, string Rel = "alternate", string Type = "application/json");
