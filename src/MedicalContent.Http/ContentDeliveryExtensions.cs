using MedicalContent.Delivery;
using MedicalContent.Storage;
using System.Diagnostics.Metrics;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MedicalContent.Http;

public static class ContentDeliveryExtensions
{
    public static IServiceCollection AddContentDelivery(this IServiceCollection services)
    {
        // Each options class: bound from its section, checked by its generated validator (the attributes' bounds) and
        // its cross-field checks, before the host starts: a bad value stops the start with the key it names.
        services.AddOptions<ContentStoreOptions>().BindConfiguration(ContentStoreOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentStoreOptions>, ContentStoreOptionsValidator>();
        services.AddSingleton<IValidateOptions<ContentStoreOptions>, ContentStoreOptionsCrossFieldValidator>();
        services.AddOptions<ContentCacheOptions>().BindConfiguration(ContentCacheOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContentCacheOptions>, ContentCacheOptionsValidator>();
        services.AddSingleton<IValidateOptions<ContentCacheOptions>, ContentCacheOptionsCrossFieldValidator>();
        services.AddOptions<ReviewCycleOptions>().BindConfiguration(ReviewCycleOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReviewCycleOptions>, ReviewCycleOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        // The app signs in to Azure with its managed identity only (user-assigned when AZURE_CLIENT_ID names one).
        services.TryAddSingleton<TokenCredential>(provider => AppCredential.Create(provider.GetRequiredService<IConfiguration>()[AppCredential.ClientIdVariable]));
        services.AddSingleton<IContentStore>(provider => ContentStores.Create(
            provider.GetRequiredService<IOptions<ContentStoreOptions>>().Value, provider.GetRequiredService<ILoggerFactory>(), provider.GetRequiredService<TokenCredential>()));
        services.AddSingleton<ContentCounters>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ContentCacheOptions>>().Value;
            var counters = provider.GetRequiredService<ContentCounters>();
            var service = new ContentService(
                new ResilientContentStore(provider.GetRequiredService<IContentStore>(), options, counters, provider.GetRequiredService<TimeProvider>()),
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<ContentService>>(),
                counters,
                provider.GetRequiredService<IOptions<ReviewCycleOptions>>().Value);
            counters.Publish(provider.GetRequiredService<IMeterFactory>().Create(ContentCounters.MeterName), () => service.CachedBytes);
            return service;
        });
        return services;
    }

    /// <summary>
    /// Reads the index before the first request. Invalid content fails the start; an unreachable store does not
    /// (requests answer 503 until it is back).
    /// </summary>
    public static async Task LoadContentAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<ContentService>().InitializeAsync(cancellationToken).ConfigureAwait(false) is { } unavailable)
        {
            services.GetRequiredService<ILogger<ContentService>>().LogWarning(
                "The content store {Store} could not be read at start-up ({Reason}); requests answer 503 until it can.",
                services.GetRequiredService<IContentStore>().Description,
                unavailable.Detail);
        }
    }
}
