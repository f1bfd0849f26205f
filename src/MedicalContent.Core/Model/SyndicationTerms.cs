namespace MedicalContent.Model;

/// <summary>
/// Who publishes the content and on what terms (<c>syndication.json</c>, see Schemas/syndication.schema.json).
/// Published content, not configuration: each version's index entry records the terms in force when it was
/// published, so a version's attribution and licence never change after the fact.
/// </summary>
public sealed record SyndicationTerms
{
    public required string Publisher { get; init; }
    public required string PublisherUrl { get; init; }
    public required string License { get; init; }
    public required string LicenseUrl { get; init; }

    /// <summary>The public site's article pages: the canonical URL of an article is this plus its slug.</summary>
    public required string CanonicalBaseUrl { get; init; }

    public string CanonicalUrl(string slug) => new Uri(new Uri(CanonicalBaseUrl), slug).AbsoluteUri;
}
