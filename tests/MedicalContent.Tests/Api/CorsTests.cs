using System.Net;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Options;
using MedicalContent.Http;

namespace MedicalContent.Tests.Api;

/// <summary>
/// Public content is public and credential-free: any origin may read it, and every public answer says so whoever
/// asked, so what a CDN stored for a server-side client still works in a browser. Preview names allowed origins only.
/// </summary>
public sealed class CorsTests : IDisposable
{
    private const string Editor = "https://editor.example.com";
    private const string Stranger = "https://evil.example.net";
    private const string Key = "cors-preview-key-0123456789abcdefghijkl";
    private const string Public = "/api/v1/articles/insulin-resistance?audience=patient";
    private const string Preview = "/api/v1/preview/articles/insulin-resistance";

    private readonly ApiFactory _factory = new(null, new Dictionary<string, string?>
    {
        [BrowserAccessOptions.Key(nameof(BrowserAccessOptions.AllowedOrigins))] = $"{Editor}, http://localhost:3000",
        [PreviewOptions.Key(nameof(PreviewOptions.Keys))] = Key,
    });

    public void Dispose() => _factory.Dispose();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? origin, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        configure?.Invoke(request);
        return _factory.CreateClient().SendAsync(request);
    }

    private static void Preflight(HttpRequestMessage request, string headers)
    {
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", headers);
    }

    [Theory]
    [InlineData(Stranger)]
    [InlineData(Editor)]
    [InlineData(null)]
    public async Task EveryPublicAnswerLetsAnyOriginReadItAndItsValidatorsWithoutVaryingOnOrigin(string? origin)
    {
        var response = await SendAsync(HttpMethod.Get, Public, origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("ETag", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Location", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(response.Headers.Vary);
    }

    [Fact]
    public async Task PublicErrorsAndNotModifiedAreReadableToo()
    {
        var first = await SendAsync(HttpMethod.Get, Public, null);
        var notModified = await SendAsync(HttpMethod.Get, Public, Stranger, r => r.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag));
        var missing = await SendAsync(HttpMethod.Get, "/api/v1/articles/no-such-article", Stranger);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("*", notModified.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("*", missing.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task PublicPreflightIsAnsweredForAnyOrigin()
    {
        var response = await SendAsync(HttpMethod.Options, Public, Stranger, r => Preflight(r, "if-none-match"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("If-None-Match", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PreviewAnswersNameOnlyAnAllowedOrigin()
    {
        void WithKey(HttpRequestMessage request) => request.Headers.Add("Preview-Key", Key);
        var allowed = await SendAsync(HttpMethod.Get, Preview, Editor, WithKey);
        var refused = await SendAsync(HttpMethod.Get, Preview, Stranger, WithKey);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(Editor, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", allowed.Headers.Vary);
        Assert.True(allowed.Headers.CacheControl is { Private: true, NoStore: true });
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task PreviewPreflightNeedsNoKeyAndAllowsTheKeyHeaderForAllowedOriginsOnly()
    {
        var allowed = await SendAsync(HttpMethod.Options, Preview, Editor, r => Preflight(r, "preview-key"));
        var refused = await SendAsync(HttpMethod.Options, Preview, Stranger, r => Preflight(r, "preview-key"));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(Editor, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Preview-Key", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NoContent, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://app.example.com/path")]
    [InlineData("*")]
    public void AMalformedOriginFailsTheStart(string origin)
    {
        using var bad = new ApiFactory(null, new Dictionary<string, string?> { [BrowserAccessOptions.Key(nameof(BrowserAccessOptions.AllowedOrigins))] = origin });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bad.CreateClient());

        Assert.Contains(BrowserAccessOptions.Key(nameof(BrowserAccessOptions.AllowedOrigins)), error.Message, StringComparison.Ordinal);
    }
}
