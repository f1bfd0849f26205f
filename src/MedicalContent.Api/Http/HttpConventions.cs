using System.Text.Json.Serialization;
using MedicalContent.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace MedicalContent.Api.Http;

/// <summary>The types problem details carry in their extensions, for source-generated JSON.</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(DateTimeOffset))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

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
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, CoreJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, ApiJsonContext.Default);
        });
        builder.Services.AddOptions<HttpCachingOptions>().BindConfiguration(HttpCachingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HttpCachingOptions>, HttpCachingOptionsValidator>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Errors the endpoints did not produce themselves (405, unmatched routes, 500s): never cache them
            // for long, and never leak internals.
            var response = context.HttpContext.Response;
            if (string.IsNullOrEmpty(response.Headers.CacheControl))
            {
                response.Headers.CacheControl = response.StatusCode == StatusCodes.Status404NotFound
                    ? context.HttpContext.RequestServices.GetRequiredService<IOptions<HttpCachingOptions>>().Value.ForMissing()
                    : HttpCachingOptions.NotStored;
            }

            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            if (context.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed)
            {
                context.ProblemDetails.Detail = $"{context.HttpContext.Request.Method} is not allowed here; use {response.Headers.Allow}.";
            }
        });
        return builder;
    }

    public static WebApplication UseHttpConventions(this WebApplication app)
    {
        // Every answer is data, never something a browser should sniff into HTML or script.
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        return app;
    }
}
