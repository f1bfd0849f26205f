using System.Globalization;

namespace MedicalContent.Delivery;

/// <summary>Purge tags a CDN can invalidate after a publish (sent as Surrogate-Key and Cache-Tag).</summary>
public static class SurrogateKeys
{
    public static string Article(string slug) => $"article:{slug}";

    public static string Version(string slug, int version) => $"article:{slug}:v{version.ToString(CultureInfo.InvariantCulture)}";

    public static string Latest(string slug) => $"article:{slug}:latest";
}
