using System.Collections.Concurrent;
using MedicalContent.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalContent.Tests.Browser;

/// <summary>The API factory that also records, per request, the browser's Origin and the CORS answer it got.</summary>
public sealed class CorsRecordingApiFactory(IReadOnlyDictionary<string, string?> settings) : ApiFactory(null, settings)
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();

    public IReadOnlyList<Exchange> Exchanges => [.. _exchanges];

    public sealed record Exchange(string PathAndQuery, string? Origin, string? AllowOrigin, int Status);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new Recorder(_exchanges)));
    }

    private sealed class Recorder(ConcurrentQueue<Exchange> exchanges) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, proceed) =>
            {
                // CORS adds its headers when the response starts (a 304 has not started when the pipeline returns);
                // callbacks run last-registered first, so this one sees them as they go on the wire.
                context.Response.OnStarting(() =>
                {
                    var origin = context.Request.Headers.Origin.ToString();
                    var allowOrigin = context.Response.Headers.AccessControlAllowOrigin.ToString();
                    exchanges.Enqueue(new Exchange(
                        context.Request.Path + context.Request.QueryString,
                        origin.Length > 0 ? origin : null,
                        allowOrigin.Length > 0 ? allowOrigin : null,
                        context.Response.StatusCode));
                    return Task.CompletedTask;
                });
                return proceed(context);
            });
            next(app);
        };
    }
}
