using System.Net;
using MedicalContent.Routing;
using MedicalContent.Storage;

namespace MedicalContent.Tests.Support;

/// <summary>What one URL answered: status, exact body bytes and strong ETag.</summary>
public sealed record UrlAnswer(HttpStatusCode Status, byte[] Body, string? ETag)
{
    public override string ToString() => $"{(int)Status} {ETag} ({Body.Length} bytes)";
}

/// <summary>Every version URL of a content folder (each version × its audiences × JSON and JSON-LD), and what they answer.</summary>
public static class VersionUrls
{
    public static IReadOnlyList<string> Of(string folder) => ContentFolder.Load(folder).Versions
        .SelectMany(v => v.Document.Audiences.SelectMany(audience => new[]
        {
            RouteTable.VersionUrl(v.Document.Slug, v.Document.Version, audience),
            RouteTable.VersionJsonLdUrl(v.Document.Slug, v.Document.Version, audience),
        }))
        .ToList();

    public static async Task<Dictionary<string, UrlAnswer>> FetchAsync(HttpClient client, IEnumerable<string> urls)
    {
        var answers = new Dictionary<string, UrlAnswer>(StringComparer.Ordinal);
        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url);
            answers[url] = new UrlAnswer(response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Headers.ETag?.Tag);
        }

        return answers;
    }

    /// <summary>Asserts that every URL answered as before: each representation byte for byte, with the same ETag.</summary>
    public static void AssertUnchanged(IReadOnlyDictionary<string, UrlAnswer> before, IReadOnlyDictionary<string, UrlAnswer> after)
    {
        Assert.Contains(before.Values, a => a.Status == HttpStatusCode.OK);
        foreach (var (url, was) in before)
        {
            // A problem answer (a version that is not public) names the request it answers: only its status must hold.
            var now = after[url];
            var same = was.Status == now.Status && (was.Status != HttpStatusCode.OK || (was.ETag == now.ETag && was.Body.AsSpan().SequenceEqual(now.Body)));
            Assert.True(same, $"{url} answered {was} before and {now} after");
        }
    }
}
