using System.Text.RegularExpressions;
using MedicalContent.Api.Http;
using MedicalContent.Routing;
using MedicalContent.Tests.Support;

namespace MedicalContent.Tests.Browser;

/// <summary>
/// The reference page a person reads, in a real headless Chromium that records every request it starts (its NetLog):
/// the operations render, and nothing the page loads or calls leaves the app's own origin.
/// </summary>
[Integration]
public sealed partial class ReferencePageBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    private FrontendPages _pages = null!;
    private ApiFactory _api = null!;
    private string _netLog = null!;

    public async Task InitializeAsync()
    {
        _pages = await FrontendPages.StartAsync();
        _api = new ApiFactory();
        _pages.Serve(_api);
        _netLog = Path.Combine(Path.GetTempPath(), "mc-netlog-" + Guid.NewGuid().ToString("N") + ".json");
    }

    public async Task DisposeAsync()
    {
        File.Delete(_netLog);
        await _api.DisposeAsync();
        await _pages.DisposeAsync();
    }

    [Fact]
    public async Task TheReferencePageRendersTheOperationsAndRequestsNothingOutsideTheAppsOrigin()
    {
        var page = await HeadlessChromium.RenderAsync(new Uri(_pages.Api!, "/api/reference/"), BrowserTimeout, _netLog);

        var origin = FrontendPages.OriginOf(_pages.Api!);
        var requested = RequestedUrls(await File.ReadAllTextAsync(_netLog)).ToList();
        var seen = $"Requests Chromium started:{Environment.NewLine}{string.Join(Environment.NewLine, requested)}{Environment.NewLine}";
        Assert.True(requested.Contains(origin + "/api/openapi/v1.json"), seen + page.Describe());
        var elsewhere = requested.Where(url => !url.StartsWith(origin + "/", StringComparison.Ordinal)).ToList();
        Assert.True(elsewhere.Count == 0, $"The page contacted another origin: {string.Join(", ", elsewhere)}{Environment.NewLine}{seen}{page.Describe()}");

        // Nothing offers to send the reader or a request to Scalar's services.
        foreach (var offsite in new[] { "Ask AI", "Generate SDK", "Deploy .NET", "Developer Tools", "Test Request" })
        {
            Assert.False(page.Dom.Contains(">" + offsite, StringComparison.Ordinal) || page.Dom.Contains("> " + offsite, StringComparison.Ordinal), $"The page offers \"{offsite}\".{Environment.NewLine}{page.Describe()}");
        }

        // The operations render, those of every tag listed in the navigation: the audiences, the latest article, its versions.
        Assert.True(page.Dom.Contains("The audience vocabulary", StringComparison.Ordinal), seen + page.Describe());
        foreach (var operation in new[] { nameof(RouteTable.GetLatestArticle), nameof(RouteTable.ListArticleVersions) })
        {
            var name = ApiDocumentation.ShortSummaries[operation];
            Assert.True(page.Dom.Contains(name, StringComparison.Ordinal), $"No \"{name}\" on the page.{Environment.NewLine}{seen}{page.Describe()}");
        }

        // Each operation once: HEAD is described with its GET (x-scalar-ignore), not listed as an operation of its own,
        // as it was ("Get the latest article (HEAD)" under every GET).
        Assert.False(page.Dom.Contains("(HEAD)", StringComparison.Ordinal), $"HEAD operations are listed.{Environment.NewLine}{page.Describe()}");
    }

    /// <summary>
    /// The network traffic annotations of the requests a page starts (navigation, Blink's resource loader for scripts,
    /// styles, fonts, images, fetch and beacons, and the favicon). Chromium's own services (network time, component
    /// updates, account checks, optimisation hints) carry other annotations and run whatever the page.
    /// </summary>
    private static readonly HashSet<string> PageAnnotations = ["63171670", "101845102", "112189210"];

    /// <summary>
    /// The URL of every network request or connection in a NetLog (http, https, ws, wss) but Chromium's own services'
    /// (a URL some request of the page's asked for counts even if a service asked for it too):
    /// read as text, because Chromium leaves the file's closing brackets unwritten when it is stopped.
    /// </summary>
    private static IEnumerable<string> RequestedUrls(string netLog)
    {
        var annotated = AnnotatedUrl().Matches(netLog).ToList();
        var pages = annotated.Where(m => PageAnnotations.Contains(m.Groups["annotation"].Value)).Select(m => Regex.Unescape(m.Groups["url"].Value)).ToHashSet(StringComparer.Ordinal);
        var browsers = annotated
            .Where(m => !PageAnnotations.Contains(m.Groups["annotation"].Value))
            .Select(m => Regex.Unescape(m.Groups["url"].Value))
            .Where(url => !pages.Contains(url))
            .ToHashSet(StringComparer.Ordinal);
        return NetLogUrl().Matches(netLog).Select(m => Regex.Unescape(m.Groups["url"].Value))
            .Where(url => !browsers.Contains(url))
            .Distinct(StringComparer.Ordinal);
    }

    [GeneratedRegex(""""url"\s*:\s*"(?<url>(?:https?|wss?)://(?:[^"\\]|\\.)*)"""", RegexOptions.CultureInvariant)]
    private static partial Regex NetLogUrl();

    [GeneratedRegex(""""traffic_annotation"\s*:\s*(?<annotation>[0-9]+)\s*,\s*"url"\s*:\s*"(?<url>(?:[^"\\]|\\.)*)"""", RegexOptions.CultureInvariant)]
    private static partial Regex AnnotatedUrl();
}
