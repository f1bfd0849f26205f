using MedicalContent.Http;

namespace MedicalContent.Api.Http;

/// <summary>What the self-hosted app adds around the shared handlers: Kestrel limits and answers to unmatched requests.</summary>
internal static class HttpConventions
{
    /// <summary>Request limits: far above any URL or header the API needs, far below what could hurt it.</summary>
    public const int MaxRequestLineBytes = 4096;
    public const int MaxRequestHeadersBytes = 16 * 1024;
    public const int MaxRequestHeaderCount = 50;

    public static WebApplicationBuilder AddHttpConventions(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = MaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        });
        if (FastPath.PrefersInlineScheduling(builder.Configuration))
        {
            // Requests run on the socket's I/O thread rather than being queued to the thread pool (decision 0011).
            builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>(
                static sockets => sockets.UnsafePreferInlineScheduling = true);
        }

        builder.Services.AddMedicalContentHttp();
        return builder;
    }

    public static WebApplication UseHttpConventions(this WebApplication app)
    {
        // The handlers set their own headers; this covers what the framework answers (404, 405, documentation):
        // nothing leaves without Cache-Control, or a CDN would apply its own default lifetime.
        app.Use((context, next) =>
        {
            SecurityHeaders.Apply(context.Response);
            context.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                if (string.IsNullOrEmpty(response.Headers.CacheControl))
                {
                    response.Headers.CacheControl = HttpCachingOptions.Revalidate;
                }

                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        return app;
    }
}
