using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using MedicalContent.Api.Http;
using MedicalContent.Http.Telemetry;
using MedicalContent.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;

namespace MedicalContent.Tests.Telemetry;

/// <summary>Which identity the app signs in with, and when telemetry is exported: decided from settings alone (no network).</summary>
public sealed class CredentialTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/";
    private const string ClientId = "11111111-2222-3333-4444-555555555555";

    [Fact]
    public void TheAppUsesItsSystemAssignedIdentityUnlessAClientIdNamesAUserAssignedOne()
    {
        Assert.Equal(ManagedIdentityId.SystemAssigned.ToString(), AppCredential.Identity(null).ToString());
        Assert.Equal(ManagedIdentityId.SystemAssigned.ToString(), AppCredential.Identity("  ").ToString());
        Assert.Equal(ManagedIdentityId.FromUserAssignedClientId(ClientId).ToString(), AppCredential.Identity($" {ClientId} ").ToString());
        Assert.NotEqual(AppCredential.Identity(null).ToString(), AppCredential.Identity(ClientId).ToString());
    }

    [Fact]
    public void BothHostsSignInToTheStoreWithTheManagedIdentityNamedByAzureClientId()
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AppCredential.ClientIdVariable] = ClientId }).Build())
            .AddLogging();
        MedicalContent.Http.ContentDeliveryExtensions.AddContentDelivery(services);

        using var provider = services.BuildServiceProvider();

        Assert.IsType<ManagedIdentityCredential>(provider.GetRequiredService<Azure.Core.TokenCredential>());
    }

    [Fact]
    public void WithoutAConnectionStringNothingIsExported()
    {
        Assert.Null(AzureMonitorExport.From(Configuration()));
        Assert.Null(AzureMonitorExport.From(Configuration((AzureMonitorExport.AuthenticationStringVariable, "Authorization=AAD"))));
    }

    [Fact]
    public void AConnectionStringAloneExportsWithTheKeyOfTheConnectionString()
    {
        var export = AzureMonitorExport.From(Configuration((AzureMonitorExport.ConnectionStringVariable, ConnectionString)));

        Assert.NotNull(export);
        Assert.Equal(ConnectionString, export.ConnectionString);
        Assert.Null(export.Credential);
    }

    [Theory]
    [InlineData("Authorization=AAD", null, null)]
    [InlineData("Authorization=AAD", ClientId, ClientId)]
    [InlineData("Authorization=AAD;ClientId=" + ClientId, null, ClientId)]
    [InlineData("authorization=aad; ClientId=" + ClientId, "99999999-2222-3333-4444-555555555555", ClientId)]
    public void EntraIdSignInUsesTheManagedIdentityTheAuthenticationStringOrAzureClientIdNames(string authentication, string? azureClientId, string? expectedClientId)
    {
        Assert.Equal(expectedClientId ?? azureClientId, AzureMonitorExport.EntraIdentity(authentication)?.ClientId ?? azureClientId);

        var export = AzureMonitorExport.From(Configuration(
            (AzureMonitorExport.ConnectionStringVariable, ConnectionString),
            (AzureMonitorExport.AuthenticationStringVariable, authentication),
            (AppCredential.ClientIdVariable, azureClientId)));

        Assert.IsType<ManagedIdentityCredential>(export?.Credential);
    }

    [Theory]
    [InlineData("Authorization=Key")]
    [InlineData("Authorization=AAD;ClientId=not-a-guid")]
    [InlineData("Authorization=AAD;Tenant=x")]
    public void AnAuthenticationStringThatIsNotEntraIdFailsTheStartNamingTheSetting(string authentication)
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzureMonitorExport.From(Configuration(
            (AzureMonitorExport.ConnectionStringVariable, ConnectionString), (AzureMonitorExport.AuthenticationStringVariable, authentication))));

        Assert.StartsWith(AzureMonitorExport.AuthenticationStringVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAConnectionStringTheAppRegistersTheAzureMonitorExporterSignedInWithItsManagedIdentity()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AzureMonitorExport.ConnectionStringVariable] = ConnectionString,
            [AzureMonitorExport.AuthenticationStringVariable] = "Authorization=AAD",
        });

        builder.AddApiTelemetry();

        // The registration only: resolving the options builds no exporter and sends nothing.
        Assert.Contains(builder.Services, s => s.ServiceType == typeof(TracerProvider));
        using var provider = builder.Services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
        Assert.Equal(ConnectionString, options.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(options.Credential);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();
}
