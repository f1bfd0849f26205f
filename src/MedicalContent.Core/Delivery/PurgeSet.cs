using MedicalContent.Routing;

namespace MedicalContent.Delivery;

/// <summary>
/// What CDN edges must drop after a change to the published content, in both ways edges purge: by surrogate key
/// (Varnish xkey: <see cref="HardKeys"/> are removed outright, <see cref="SoftKeys"/> are marked stale and revalidated)
/// and by path (Azure Front Door, whose purge ignores the query string, so one path covers every audience, and the
/// search and Infobutton paths every query, whose answers carry the index key).
/// </summary>
public sealed record PurgeSet(IReadOnlyList<string> HardKeys, IReadOnlyList<string> SoftKeys, IReadOnlyList<string> Paths)
{
    public bool IsEmpty => HardKeys.Count == 0 && SoftKeys.Count == 0 && Paths.Count == 0;

    /// <summary>
    /// A retracted version: its representations (every audience, JSON and JSON-LD, and the latest URLs while they
    /// served it) must go, never to be served stale; what merely lists it (version list, index, feed) is refreshed.
    /// </summary>
    public static PurgeSet ForRetraction(string slug, int version) => new(
        [SurrogateKeys.Version(slug, version)],
        [SurrogateKeys.Article(slug), SurrogateKeys.Index, SurrogateKeys.Changes],
        [
            RouteTable.VersionUrl(slug, version), RouteTable.VersionJsonLdUrl(slug, version),
            RouteTable.LatestUrl(slug), RouteTable.LatestJsonLdUrl(slug), RouteTable.VersionsUrl(slug),
            RouteTable.IndexUrl, RouteTable.ChangesUrl, RouteTable.SearchUrl, RouteTable.InfobuttonUrl,
        ]);

    /// <summary>
    /// A publish: the latest URLs, version lists, index and feed of the articles it touched move on; versions never
    /// change, so nothing is removed outright and edges revalidate (a 304 where nothing changed).
    /// </summary>
    public static PurgeSet ForPublish(IEnumerable<string> slugs, bool audiencesChanged)
    {
        var articles = slugs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (articles.Count == 0 && !audiencesChanged)
        {
            return new PurgeSet([], [], []);
        }

        List<string> keys = [.. articles.Select(SurrogateKeys.Article), SurrogateKeys.Index, SurrogateKeys.Changes];
        List<string> paths =
        [
            .. articles.SelectMany(slug => new[] { RouteTable.LatestUrl(slug), RouteTable.LatestJsonLdUrl(slug), RouteTable.VersionsUrl(slug) }),
            RouteTable.IndexUrl, RouteTable.ChangesUrl, RouteTable.SearchUrl, RouteTable.InfobuttonUrl,
        ];
        if (audiencesChanged)
        {
            keys.Add(SurrogateKeys.Audiences);
            paths.Add(RouteTable.AudiencesUrl);
        }

        return new PurgeSet([], keys, paths);
    }
}
