namespace MedicalContent.Delivery;

/// <summary>
/// Who publishes the content and on what terms (configuration section <c>Syndication</c>). Every representation
/// carries it, so a partner republishing an article always has the attribution, licence and canonical link.
/// </summary>
public sealed class SyndicationOptions
{
    public const string Section = "Syndication";

    public string Publisher { get; set; } = "Medical Content Editorial Board";

    public Uri PublisherUrl { get; set; } = new("https://medical-content.example/");

    public string License { get; set; } = "CC BY-NC-ND 4.0";

    public Uri LicenseUrl { get; set; } = new("https://creativecommons.org/licenses/by-nc-nd/4.0/");

    /// <summary>The public site's article pages: the canonical URL of an article is this plus its slug.</summary>
    public Uri CanonicalBaseUrl { get; set; } = new("https://medical-content.example/articles/");

    public string CanonicalUrl(string slug) => new Uri(CanonicalBaseUrl, slug).AbsoluteUri;
}
