using System.Net;
using System.Text.Json;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MedicalContent.Tests.Browser;

/// <summary>
/// A stand-in browser frontend served from two loopback origins (the API allows one of them to preview). Its home
/// page's script fetches the article for each audience, then the patient copy again, then the editors' preview with a
/// key, and writes what it saw as JSON into <c>&lt;pre id="result"&gt;</c>; <see cref="CitationLinksPage"/> renders
/// an article with its citations as links.
/// </summary>
public sealed class FrontendPages : IAsyncDisposable
{
    public const string ResultElement = "result";

    private readonly WebApplication _app;

    private FrontendPages(WebApplication app, Uri allowed, Uri disallowed)
    {
        _app = app;
        AllowedOrigin = allowed;
        DisallowedOrigin = disallowed;
    }

    public Uri AllowedOrigin { get; }

    public Uri DisallowedOrigin { get; }

    /// <summary>Where the page's script sends its requests; set once the API has its port.</summary>
    public Uri? Api { get; set; }

    /// <summary>The editors' key the page sends to the preview route.</summary>
    public const string PreviewKey = "frontend-preview-key-0123456789abcdefgh";

    public static string OriginOf(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    /// <summary>The citation page for one article and audience.</summary>
    public Uri CitationLinks(string slug, string audience) =>
        new(AllowedOrigin, $"{CitationLinksPage.Path}?slug={Uri.EscapeDataString(slug)}&audience={Uri.EscapeDataString(audience)}");

    /// <summary>Starts the page server on two free loopback ports.</summary>
    public static async Task<FrontendPages> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        FrontendPages? pages = null;
        app.MapGet("/", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Content(Page(pages!.Api ?? throw new InvalidOperationException("The API address is not set.")), "text/html; charset=utf-8");
        });
        app.MapGet(CitationLinksPage.Path, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Content(CitationLinksPage.Html(pages!.Api ?? throw new InvalidOperationException("The API address is not set.")), "text/html; charset=utf-8");
        });
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a))
            .ToList();
        pages = new FrontendPages(app, addresses[0], addresses[1]);
        return pages;
    }

    /// <summary>Starts <paramref name="api"/> on Kestrel at a free loopback port and points the pages' scripts at it.</summary>
    public void Serve(ApiFactory api)
    {
        api.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        api.StartServer();
        Api = new Uri(api.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    /// <summary>The JSON a page's script wrote into <c>&lt;pre id="result"&gt;</c>; fails the test, with what Chromium did, when it wrote none.</summary>
    public static JsonElement Result(HeadlessChromium.RenderedPage page)
    {
        var text = page.PreText(ResultElement);
        Assert.True(text is not null && text.StartsWith('{'), $"The page wrote no result.{Environment.NewLine}{page.Describe()}");
        return JsonDocument.Parse(text).RootElement;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string Page(Uri api) => $$"""
        <!doctype html>
        <html>
        <head><meta charset="utf-8"><title>Frontend</title></head>
        <body>
        <pre id="{{ResultElement}}">pending</pre>
        <script>
        const articles = '{{OriginOf(api)}}/api/v1/articles/insulin-resistance?audience=';

        async function read(audience) {
          try {
            const response = await fetch(articles + audience);
            const body = await response.json();
            return { status: response.status, audience: body.audience, version: body.version, etag: response.headers.get('ETag') };
          } catch (error) {
            return { error: error.name + ': ' + error.message };
          }
        }

        async function preview() {
          try {
            const response = await fetch('{{OriginOf(api)}}/api/v1/preview/articles/insulin-resistance', { headers: { 'Preview-Key': '{{PreviewKey}}' } });
            const body = await response.json();
            return { status: response.status, version: body.version, reviewStatus: body.reviewStatus };
          } catch (error) {
            return { error: error.name + ': ' + error.message };
          }
        }

        (async () => {
          const result = { origin: location.origin };
          result.patient = await read('patient');
          result.clinician = await read('clinician');
          // A plain fetch again: the browser's own cache decides whether to revalidate.
          result.patientAgain = await read('patient');
          result.preview = await preview();
          document.getElementById('{{ResultElement}}').textContent = JSON.stringify(result);
        })();
        </script>
        </body>
        </html>
        """;
}
