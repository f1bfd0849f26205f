using System.Globalization;

namespace MedicalContent.Delivery;

/// <summary>Purge tags a CDN can invalidate after a publish (sent as Surrogate-Key and Cache-Tag).</summary>
public static class SurrogateKeys
{
    /// <summary>Every page of the article index.</summary>
    public const string Index = "index";

    /// <summary>Every page of the change feed.</summary>
    public const string Changes = "changes";

    /// <summary>The audience vocabulary.</summary>
    public const string Audiences = "audiences";

    /// <summary>Everything about one article: its versions, latest URLs, version list (and its 404/410 answers).</summary>
    public static string Article(string slug) => $"article:{slug}";

    public static string Version(string slug, int version) => $"article:{slug}:v{version.ToString(CultureInfo.InvariantCulture)}";

    public static string Latest(string slug) => $"article:{slug}:latest";
}
