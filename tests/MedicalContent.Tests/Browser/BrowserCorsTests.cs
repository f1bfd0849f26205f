using System.Text.Json;
using MedicalContent.Tests.Support;
using MedicalContent.Http;

namespace MedicalContent.Tests.Browser;

/// <summary>
/// A real headless Chromium loads a frontend page from another loopback origin and calls the API (Kestrel on
/// loopback) with fetch: CORS, the exposed ETag and the browser's own HTTP cache are the browser's, not a test's.
/// </summary>
[Integration]
public sealed class BrowserCorsTests : IAsyncLifetime
{
    private const string Patient = "/api/v1/articles/insulin-resistance?audience=patient";
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    private FrontendPages _pages = null!;
    private CorsRecordingApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _pages = await FrontendPages.StartAsync();
        _api = new CorsRecordingApiFactory(new Dictionary<string, string?>
        {
            [BrowserAccessOptions.Key(nameof(BrowserAccessOptions.AllowedOrigins))] = FrontendPages.OriginOf(_pages.AllowedOrigin),
            [PreviewOptions.Key(nameof(PreviewOptions.Keys))] = FrontendPages.PreviewKey,
            // The browser may keep the latest article but must revalidate it before every use.
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.LatestMaxAgeSeconds))] = "0",
            [HttpCachingOptions.Key(nameof(HttpCachingOptions.StaleWhileRevalidateSeconds))] = "0",
        });
        _pages.Serve(_api);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _pages.DisposeAsync();
    }

    [Fact]
    public async Task AnAllowedOriginReadsEachAudienceAndTheETagAndTheBrowserCacheRevalidatesWithNotModified()
    {
        var page = await HeadlessChromium.RenderAsync(_pages.AllowedOrigin, BrowserTimeout);
        var result = FrontendPages.Result(page);

        var patient = result.GetProperty("patient");
        var clinician = result.GetProperty("clinician");
        var again = result.GetProperty("patientAgain");
        Assert.True(200 == Status(patient), page.Describe());
        Assert.Equal("patient", patient.GetProperty("audience").GetString());
        Assert.Equal(2, patient.GetProperty("version").GetInt32());
        Assert.True(200 == Status(clinician), page.Describe());
        Assert.Equal("clinician", clinician.GetProperty("audience").GetString());
        Assert.Equal(2, clinician.GetProperty("version").GetInt32());

        // ETag is an exposed header: the script can read it (a strong, quoted tag), one per audience.
        var etag = patient.GetProperty("etag").GetString();
        Assert.True(etag is ['"', _, .., '"'], $"The script read ETag {etag ?? "null"}.{Environment.NewLine}{page.Describe()}");
        Assert.NotEqual(etag, clinician.GetProperty("etag").GetString());

        // The second fetch is answered from the browser's cache after a conditional request the API answered 304.
        Assert.True(200 == Status(again), page.Describe());
        Assert.Equal("patient", again.GetProperty("audience").GetString());
        Assert.Equal(etag, again.GetProperty("etag").GetString());
        var requests = _api.Requests.For(Patient).ToList();
        Assert.True(requests.Count == 2, $"The API saw {requests.Count} patient requests: {string.Join("; ", requests)}");
        Assert.Null(requests[0].IfNoneMatch);
        Assert.Equal(200, requests[0].Status);
        Assert.Equal(etag, requests[1].IfNoneMatch);
        Assert.Equal(304, requests[1].Status);

        // Every answer, the 304 included, named the page's origin.
        var preview = result.GetProperty("preview");
        Assert.True(200 == Status(preview), page.Describe());
        Assert.Equal(3, preview.GetProperty("version").GetInt32());

        // Public answers allow any origin; the preview names the page's origin.
        var origin = FrontendPages.OriginOf(_pages.AllowedOrigin);
        Assert.All(_api.Exchanges.Where(e => e.PathAndQuery.StartsWith("/api/v1/", StringComparison.Ordinal)), e =>
        {
            Assert.Equal(origin, e.Origin);
            Assert.Equal(e.PathAndQuery.StartsWith("/api/v1/preview/", StringComparison.Ordinal) ? origin : "*", e.AllowOrigin);
        });
    }

    [Fact]
    public async Task AnyOriginReadsPublicArticlesButOnlyAnAllowedOriginReadsThePreview()
    {
        var page = await HeadlessChromium.RenderAsync(_pages.DisallowedOrigin, BrowserTimeout);
        var result = FrontendPages.Result(page);

        foreach (var fetch in new[] { "patient", "clinician", "patientAgain" })
        {
            Assert.True(200 == Status(result.GetProperty(fetch)), $"{fetch}: expected public content to be readable.{Environment.NewLine}{page.Describe()}");
        }

        var error = result.GetProperty("preview").TryGetProperty("error", out var e) ? e.GetString() : null;
        Assert.True(error?.StartsWith("TypeError", StringComparison.Ordinal) == true, $"preview: expected the fetch to fail.{Environment.NewLine}{page.Describe()}");

        // The browser asked first (preflight, for the key header) and was not told its origin may call the preview.
        var origin = FrontendPages.OriginOf(_pages.DisallowedOrigin);
        var preview = _api.Exchanges.Where(e => e.PathAndQuery.StartsWith("/api/v1/preview/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(preview);
        Assert.All(preview, e =>
        {
            Assert.Equal(origin, e.Origin);
            Assert.Null(e.AllowOrigin);
        });
    }

    [Fact]
    public async Task TheReferencePageRendersTheOpenApiDocument()
    {
        var page = await HeadlessChromium.RenderAsync(new Uri(_pages.Api!, "/api/reference/"), BrowserTimeout);

        // The page's script loads the document from the app itself, and renders its title and description.
        var requested = $"API requests: {string.Join(", ", _api.Exchanges.Select(e => $"{e.PathAndQuery} → {e.Status}"))}{Environment.NewLine}";
        Assert.True(_api.Exchanges.Any(e => e.PathAndQuery == "/api/openapi/v1.json" && e.Status == 200), requested + page.Describe());
        Assert.True(page.Dom.Contains(">Medical content API</h1>", StringComparison.Ordinal), requested + page.Describe());
        Assert.True(page.Dom.Contains("Versioned medical explainer articles", StringComparison.Ordinal), requested + page.Describe());
    }

    private static int? Status(JsonElement fetch) => fetch.TryGetProperty("status", out var status) ? status.GetInt32() : null;
}
