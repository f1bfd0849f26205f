using Azure.Core;
using Azure.Identity;

namespace MedicalContent.Storage;

/// <summary>
/// The deployed app's Azure identity, for the blob client and the telemetry exporter alike: its managed identity and
/// nothing else (no probing chain, no developer fallbacks). A user-assigned identity is named by its client id in the
/// standard <c>AZURE_CLIENT_ID</c> variable; without it, the system-assigned identity. The CLI signs in with its own
/// developer chain instead (<see cref="DefaultAzureCredential"/>).
/// </summary>
public static class AppCredential
{
    /// <summary>The standard variable (and app setting) naming a user-assigned identity's client id; optional.</summary>
    public const string ClientIdVariable = "AZURE_CLIENT_ID";

    /// <summary>The managed identity to use: user-assigned when <paramref name="clientId"/> is given, else system-assigned.</summary>
    public static ManagedIdentityCredential Create(string? clientId) => new(Identity(clientId));

    /// <summary>Which managed identity <paramref name="clientId"/> names (blank: the system-assigned one).</summary>
    public static ManagedIdentityId Identity(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId.Trim());
}
