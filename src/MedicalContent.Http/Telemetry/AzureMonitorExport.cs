using Azure.Core;
using MedicalContent.Storage;
using Microsoft.Extensions.Configuration;

namespace MedicalContent.Http.Telemetry;

/// <summary>
/// Where telemetry goes, from the standard Application Insights settings: the connection string (none: nothing is
/// exported and OpenTelemetry is not even registered) and, when the resource refuses local (key) auth, the Entra ID
/// sign-in that <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> asks for (<c>Authorization=AAD</c>, optionally with
/// <c>;ClientId=GUID</c> for a user-assigned identity), through the app's managed identity (<see cref="AppCredential"/>).
/// </summary>
public sealed record AzureMonitorExport(string ConnectionString, TokenCredential? Credential)
{
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringVariable = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The export the configuration asks for, or null when it names no connection string.</summary>
    public static AzureMonitorExport? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionStringVariable];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        return EntraIdentity(configuration[AuthenticationStringVariable]) is { } entra
            ? new AzureMonitorExport(connectionString, AppCredential.Create(entra.ClientId ?? configuration[AppCredential.ClientIdVariable]))
            : new AzureMonitorExport(connectionString, null);
    }

    /// <summary>
    /// Null when the authentication string is empty (key auth); the identity's client id when it says
    /// <c>Authorization=AAD</c> (null: the one <c>AZURE_CLIENT_ID</c> names, else the system-assigned one). Anything
    /// else fails the start, naming the setting.
    /// </summary>
    internal static EntraSignIn? EntraIdentity(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        string? authorization = null;
        string? clientId = null;
        foreach (var part in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals < 0 ? (part, "") : (part[..equals].Trim(), part[(equals + 1)..].Trim());
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (name.Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            {
                clientId = value;
            }
            else
            {
                throw Invalid($"'{name}' is not one of its parts (Authorization, ClientId)");
            }
        }

        if (!string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid("it must say Authorization=AAD");
        }

        if (clientId is not null && !Guid.TryParse(clientId, out _))
        {
            throw Invalid("its ClientId must be the identity's client id (a GUID)");
        }

        return new EntraSignIn(clientId);
    }

    private static InvalidOperationException Invalid(string why) =>
        new($"{AuthenticationStringVariable} is not valid: {why}, e.g. Authorization=AAD or Authorization=AAD;ClientId=<client id of a user-assigned identity>.");
}

/// <summary>Sign in to Application Insights with Entra ID, as the managed identity <see cref="ClientId"/> names (null: the default one).</summary>
internal sealed record EntraSignIn(string? ClientId);
