using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

using MedicalContent.Http;

namespace MedicalContent.Api.Http;

/// <summary>
/// Which browser origins may call the API (configuration section <c>Cors</c>). In Azure the Functions front end
/// answers CORS itself from the same list (the Bicep parameter feeds both); the app applies it everywhere else.
/// </summary>
public sealed class BrowserAccessOptions
{
    public const string Section = "Cors";
    public const string PolicyName = "frontends";

    /// <summary>Comma-separated origins such as <c>https://www.example.com,http://localhost:3000</c>; empty turns CORS off.</summary>
    public string AllowedOrigins { get; set; } = "";

    /// <summary>Response headers a browser script may read: the validators and the canonical location.</summary>
    public static readonly string[] ExposedHeaders =
    [
        HeaderNames.ETag, HeaderNames.LastModified, HeaderNames.ContentLocation, HeaderNames.RetryAfter,
        RepresentationResult.SurrogateKeyHeader,
    ];

    public IReadOnlyList<string> Origins => AllowedOrigins
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Enabled => Origins.Count > 0;
}

internal sealed class BrowserAccessOptionsValidator : IValidateOptions<BrowserAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, BrowserAccessOptions options)
    {
        var invalid = options.Origins
            .Where(o => o != "*" && !(Uri.TryCreate(o, UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https"
                && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && !o.EndsWith('/')))
            .ToList();
        return invalid.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cors:AllowedOrigins must list origins like https://www.example.com (scheme, host, optional port; no path or trailing slash); these are not: {string.Join(", ", invalid)}.");
    }
}

internal static class BrowserAccess
{
    public static WebApplicationBuilder AddBrowserAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BrowserAccessOptions>().BindConfiguration(BrowserAccessOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BrowserAccessOptions>, BrowserAccessOptionsValidator>();
        builder.Services.AddSingleton<BrowserAccessPolicy>();
        var options = builder.Configuration.GetSection(BrowserAccessOptions.Section).Get<BrowserAccessOptions>() ?? new BrowserAccessOptions();
        builder.Services.AddCors(cors => cors.AddPolicy(BrowserAccessOptions.PolicyName, policy =>
        {
            if (options.Origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. options.Origins]);
            }

            policy.WithMethods(HttpMethods.Get, HttpMethods.Head)
                .WithHeaders(HeaderNames.IfNoneMatch, HeaderNames.IfModifiedSince, HeaderNames.Accept)
                .WithExposedHeaders(BrowserAccessOptions.ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromHours(1));
        }));
        return builder;
    }

    public static WebApplication UseBrowserAccess(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BrowserAccessOptions>>().Value;
        if (options.Enabled && !options.Origins.Contains("*"))
        {
            // The CORS answer depends on the Origin header: shared caches must key on it, even for requests sent
            // without one, or a cached copy could reach a browser without its Access-Control-Allow-Origin.
            app.Use((context, next) =>
            {
                var response = context.Response;
                response.OnStarting(() =>
                {
                    if (!response.Headers.Vary.Any(v => v is not null && v.Contains(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase)))
                    {
                        response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
                    }

                    return Task.CompletedTask;
                });
                return next(context);
            });
        }

        app.UseCors();
        return app;
    }
}

/// <summary>Applies the CORS policy to public routes (and lets preflight requests reach them) when origins are configured.</summary>
internal sealed class BrowserAccessPolicy(IOptions<BrowserAccessOptions> options)
{
    public void Apply(IEndpointConventionBuilder endpoint)
    {
        if (options.Value.Enabled)
        {
            endpoint.RequireCors(BrowserAccessOptions.PolicyName);
        }
    }
}
