using System.Text.Json.Serialization;
using MedicalContent.Serialization;
using Microsoft.Extensions.Options;

namespace MedicalContent.Http;

/// <summary>The types problem details carry in their extensions, and the documentation manifest, for source-generated JSON.</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(List<DocumentationFile>))]
public sealed partial class HttpJsonContext : JsonSerializerContext;

/// <summary>The services both hosts register: content delivery, the cache policy, preview keys, JSON and problems.</summary>
public static class HttpServices
{
    public static IServiceCollection AddMedicalContentHttp(this IServiceCollection services)
    {
        services.AddContentDelivery();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Encoder = ReadableJson.Encoder;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, CoreJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, HttpJsonContext.Default);
        });
        services.AddOptions<HttpCachingOptions>().BindConfiguration(HttpCachingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpCachingOptions>, HttpCachingOptionsValidator>();
        services.AddSingleton<IValidateOptions<HttpCachingOptions>, HttpCachingOptionsCrossFieldValidator>();
        services.AddOptions<PreviewOptions>().BindConfiguration(PreviewOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PreviewOptions>, PreviewOptionsValidator>();
        services.AddSingleton<IValidateOptions<PreviewOptions>, PreviewKeysResolvedValidator>();
        services.AddSingleton(provider => new PreviewKeyring(provider.GetRequiredService<IOptions<PreviewOptions>>().Value.KeyHashes));
        services.AddOptions<BrowserAccessOptions>().BindConfiguration(BrowserAccessOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrowserAccessOptions>, BrowserAccessOptionsValidator>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Errors the handlers did not produce themselves (405, unmatched routes, 500s): never cache them for
            // long, and never leak internals.
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
        return services;
    }
}
