using System.Net;
using MedicalContent.Tests.Support;
using Microsoft.Extensions.Options;

namespace MedicalContent.Tests.Api;

public sealed class CorsTests : IDisposable
{
    private const string Allowed = "https://app.example.com";
    private const string Url = "/api/v1/articles/insulin-resistance?audience=patient";

    private readonly ApiFactory _factory = new(null, new Dictionary<string, string?> { ["Cors:AllowedOrigins"] = $"{Allowed}, http://localhost:3000" });

    public void Dispose() => _factory.Dispose();

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string origin, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, Url);
        request.Headers.Add("Origin", origin);
        configure?.Invoke(request);
        return _factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task AnAllowedOriginMayReadTheResponseAndItsValidators()
    {
        var response = await SendAsync(HttpMethod.Get, Allowed);

        Assert.Equal(Allowed, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("ETag", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Content-Location", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task ADisallowedOriginGetsNoCorsHeaders()
    {
        var response = await SendAsync(HttpMethod.Get, "https://evil.example.net");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task PreflightIsAnsweredForAllowedOriginsOnly()
    {
        static void Preflight(HttpRequestMessage request)
        {
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "if-none-match");
        }

        var allowed = await SendAsync(HttpMethod.Options, Allowed, Preflight);
        var refused = await SendAsync(HttpMethod.Options, "https://evil.example.net", Preflight);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(Allowed, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("GET", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task SharedCachesKeyOnOriginEvenForRequestsWithoutOne()
    {
        var client = _factory.CreateClient();
        var plain = await client.GetAsync(Url);
        var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.TryAddWithoutValidation("If-None-Match", plain.Headers.ETag!.Tag);
        request.Headers.Add("Origin", Allowed);
        var notModified = await client.SendAsync(request);

        Assert.Equal(["Origin"], plain.Headers.Vary);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(["Origin"], notModified.Headers.Vary);
        Assert.Equal(Allowed, notModified.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task WithoutConfiguredOriginsThereIsNoCorsAndNoVary()
    {
        using var plain = new ApiFactory();
        var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Headers.Add("Origin", Allowed);

        var response = await plain.CreateClient().SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Empty(response.Headers.Vary);
    }

    [Fact]
    public void AMalformedOriginFailsTheStart()
    {
        using var bad = new ApiFactory(null, new Dictionary<string, string?> { ["Cors:AllowedOrigins"] = "https://app.example.com/path" });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bad.CreateClient());

        Assert.Contains("Cors:AllowedOrigins", error.Message, StringComparison.Ordinal);
    }
}
